// Reading trec_eval's text inputs: field splitting, errors and whole-file reads.

#include "trec_text.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

namespace quarry::evaluation::detail {

std::size_t split_fields(std::string_view line, std::size_t line_offset, std::span<Field> fields) {
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_blank(line[i])) ++i;
        const std::size_t start = i;
        while (i < line.size() && !is_blank(line[i])) ++i;
        if (i == start) break;
        if (count < fields.size()) fields[count] = {line.substr(start, i - start), line_offset + start};
        ++count;
    }
    return count;
}

InputError line_error(const std::string& file, std::size_t line, std::size_t byte, std::string_view problem) {
    std::string message = file;
    message.append(":").append(std::to_string(line)).append(": ").append(problem);
    return InputError(file, line, static_cast<std::int64_t>(byte), message);
}

InputError field_count_error(const std::string& file, std::size_t line, std::size_t line_offset,
                             std::string_view expected, std::size_t count) {
    return line_error(file, line, line_offset,
                      std::string(expected).append(", found ").append(std::to_string(count))
                          .append(count == 1 ? " field" : " fields"));
}

std::string read_whole_file(const std::filesystem::path& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        throw IoError(std::string("cannot read ").append(path.string()).append(": it is a directory"));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(std::string("cannot open ").append(path.string()).append(": ").append(std::strerror(errno)));
    std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw IoError(std::string("cannot read ").append(path.string()).append(": ").append(std::strerror(errno)));
    return content;
}

}  // namespace quarry::evaluation::detail
