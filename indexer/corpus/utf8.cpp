#include "corpus/utf8.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstddef>

namespace quarry::corpus {
namespace {

constexpr std::size_t kValid = static_cast<std::size_t>(-1);

/// Index of the first byte of the first invalid sequence in `bytes`, or kValid. Byte by byte,
/// so only used once the fast check has failed.
std::size_t first_invalid_sequence(std::string_view bytes) {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t size = bytes.size();
    std::size_t index = 0;
    while (index < size) {
        const unsigned lead = data[index];
        if (lead < 0x80) {
            ++index;
            continue;
        }
        // The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and code
        // points above U+10FFFF (F4); C0, C1 and F5..FF never start a sequence.
        std::size_t length = 0;
        unsigned second_min = 0x80;
        unsigned second_max = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) second_min = 0xA0;
            if (lead == 0xED) second_max = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) second_min = 0x90;
            if (lead == 0xF4) second_max = 0x8F;
        } else {
            return index;
        }
        if (size - index < length) return index;
        if (data[index + 1] < second_min || data[index + 1] > second_max) return index;
        for (std::size_t continuation = 2; continuation < length; ++continuation) {
            if ((data[index + continuation] & 0xC0) != 0x80) return index;
        }
        index += length;
    }
    return kValid;
}

}  // namespace

std::optional<Utf8Fault> find_utf8_fault(std::string_view bytes, std::uint64_t first_offset,
                                         std::uint64_t first_line) {
    if (simdjson::validate_utf8(bytes.data(), bytes.size())) return std::nullopt;
    const std::size_t index = first_invalid_sequence(bytes);
    if (index == kValid) return std::nullopt;
    const std::string_view before = bytes.substr(0, index);
    const std::size_t last_newline = before.rfind('\n');
    const std::size_t line_start = last_newline == std::string_view::npos ? 0 : last_newline + 1;
    return Utf8Fault{
        first_offset + index,
        first_line + static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n')),
        index - line_start + 1};
}

}  // namespace quarry::corpus
