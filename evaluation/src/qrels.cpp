// Reading qrels files: "qid iter docid relevance" per line (trec_eval's get_qrels.c format).

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "quarry/errors.hpp"
#include "quarry/evaluation.hpp"

namespace quarry::evaluation {
namespace {

constexpr std::string_view kExpected = "expected 'qid iter docid relevance'";

struct Field {
    std::string_view text;
    std::size_t offset;  // in the file
};

// trec_eval splits on isspace() in the C locale; '\n' ends the line.
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::vector<Field> split_fields(std::string_view line, std::size_t line_offset) {
    std::vector<Field> fields;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_blank(line[i])) ++i;
        const std::size_t start = i;
        while (i < line.size() && !is_blank(line[i])) ++i;
        if (i > start) fields.push_back({line.substr(start, i - start), line_offset + start});
    }
    return fields;
}

InputError line_error(const std::string& file, std::size_t line, std::size_t byte, std::string_view problem) {
    std::string message = file;
    message.append(":").append(std::to_string(line)).append(": ").append(problem);
    return InputError(file, line, static_cast<std::int64_t>(byte), message);
}

bool parse_relevance(std::string_view text, int& value) {
    // atol() in trec_eval also takes a leading '+'.
    if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    return error == std::errc() && stop == end;
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

}  // namespace

Qrels parse_qrels(std::string_view text, const std::string& file) {
    Qrels qrels;
    // Line of each judgment, to name both lines when a document is judged twice.
    std::map<std::string, std::map<std::string, std::size_t>> lines;
    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        ++line_number;
        const std::string_view line = text.substr(start, end - start);
        const std::size_t line_offset = start;
        start = end + 1;

        if (const auto nul = line.find('\0'); nul != std::string_view::npos) {
            throw line_error(file, line_number, line_offset + nul, "the line contains a NUL byte");
        }
        const std::vector<Field> fields = split_fields(line, line_offset);
        if (fields.empty() || fields.front().text.front() == '#') continue;  // blank or comment
        if (fields.size() != 4) {
            throw line_error(file, line_number, line_offset,
                             std::string(kExpected).append(", found ").append(std::to_string(fields.size()))
                                 .append(fields.size() == 1 ? " field" : " fields"));
        }
        int relevance = 0;
        if (!parse_relevance(fields[3].text, relevance)) {
            throw line_error(file, line_number, fields[3].offset,
                             std::string(kExpected).append(", but relevance '").append(fields[3].text)
                                 .append("' is not an integer"));
        }
        const std::string qid(fields[0].text);
        const std::string docid(fields[2].text);
        const auto [seen, fresh] = lines[qid].emplace(docid, line_number);
        if (!fresh) {
            throw line_error(file, line_number, fields[2].offset,
                             std::string("document '").append(docid).append("' is judged twice for query '")
                                 .append(qid).append("' (first on line ").append(std::to_string(seen->second))
                                 .append("); trec_eval rejects duplicate judgments"));
        }
        qrels.judgments[qid].emplace(docid, relevance);
    }
    return qrels;
}

Qrels read_qrels(const std::filesystem::path& path) { return parse_qrels(read_whole_file(path), path.string()); }

}  // namespace quarry::evaluation
