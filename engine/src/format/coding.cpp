#include "format/coding.hpp"

#include "quarry/errors.hpp"

namespace quarry::format {

void ByteReader::fail(const std::string& what) const {
    throw CorruptIndexError(*file_, static_cast<std::int64_t>(offset()),
                            *file_ + ": corrupt index file at byte " + std::to_string(offset()) +
                                ": " + what);
}

void ByteReader::fail_short(std::uint64_t count) const {
    fail("unexpected end of data (needed " + std::to_string(count) + " bytes)");
}

std::uint8_t ByteReader::u8() {
    need(1);
    return *cursor_++;
}

std::uint32_t ByteReader::u32() {
    need(4);
    std::uint32_t value = get_u32(cursor_);
    cursor_ += 4;
    return value;
}

std::uint64_t ByteReader::u64() {
    need(8);
    std::uint64_t value = get_u64(cursor_);
    cursor_ += 8;
    return value;
}

std::uint64_t ByteReader::varint_long() {
    std::uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        std::uint8_t byte = u8();
        if (shift == 63 && (byte & 0x7f) > 1) fail("varint does not fit 64 bits");
        value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) return value;
    }
    fail("varint longer than 10 bytes");
}

std::uint32_t ByteReader::varint32_long() {
    std::uint64_t value = varint_long();
    if (value > 0xffffffffu) fail("value " + std::to_string(value) + " does not fit 32 bits");
    return static_cast<std::uint32_t>(value);
}

}  // namespace quarry::format
