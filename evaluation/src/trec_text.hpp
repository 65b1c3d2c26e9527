// Reading trec_eval's text inputs (qrels and run files): whitespace-separated fields, one record
// per line, '#' comments, and errors that name the file, the line and the byte.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "quarry/errors.hpp"

namespace quarry::evaluation::detail {

struct Field {
    std::string_view text;
    std::size_t offset;  // in the file
};

/// trec_eval splits on isspace() in the C locale; '\n' ends the line.
constexpr bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/// Fills `fields` with the first fields.size() fields of `line`, which starts at `line_offset` in
/// the file; returns how many fields the line has, which may be more than fields.size().
std::size_t split_fields(std::string_view line, std::size_t line_offset, std::span<Field> fields);

/// "file:line: problem", with the byte offset in the file.
InputError line_error(const std::string& file, std::size_t line, std::size_t byte, std::string_view problem);

/// "file:line: <expected>, found <count> field(s)", at the start of the line.
InputError field_count_error(const std::string& file, std::size_t line, std::size_t line_offset,
                             std::string_view expected, std::size_t count);

/// The whole content of `path`; IoError if it is a directory or cannot be read.
std::string read_whole_file(const std::filesystem::path& path);

/// Calls callback(line, line_number, line_offset) for each line of `text` (without its '\n'),
/// numbered from 1; throws an InputError at the first NUL byte.
template <typename Callback>
void for_each_line(std::string_view text, const std::string& file, Callback&& callback) {
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
        callback(line, line_number, line_offset);
    }
}

/// Like for_each_line, but skips blank and comment lines and splits the others: calls
/// callback(fields, count, line_number, line_offset), where `fields` holds the first
/// min(count, MaxFields) fields and `count` is how many the line has.
template <std::size_t MaxFields, typename Callback>
void for_each_record(std::string_view text, const std::string& file, Callback&& callback) {
    std::array<Field, MaxFields> fields{};
    for_each_line(text, file, [&](std::string_view line, std::size_t line_number, std::size_t line_offset) {
        const std::size_t count = split_fields(line, line_offset, fields);
        if (count == 0 || fields[0].text.front() == '#') return;  // blank or comment
        callback(std::as_const(fields), count, line_number, line_offset);
    });
}

}  // namespace quarry::evaluation::detail
