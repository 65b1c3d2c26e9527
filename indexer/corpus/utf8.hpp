// UTF-8 validation that locates the offending byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace quarry::corpus {

inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

/// Where invalid UTF-8 starts.
struct Utf8Fault {
    std::uint64_t offset = 0;  // 0-based, in the file
    std::uint64_t line = 0;    // 1-based
    std::uint64_t column = 0;  // 1-based, in bytes
};

/// Checks that `bytes` is valid UTF-8 (RFC 3629: no overlong forms, surrogates or code points
/// above U+10FFFF). `bytes` starts a line: line `first_line`, file offset `first_offset`. On
/// failure, locates the first byte of the first invalid sequence.
std::optional<Utf8Fault> find_utf8_fault(std::string_view bytes, std::uint64_t first_offset,
                                         std::uint64_t first_line);

}  // namespace quarry::corpus
