// Little-endian fixed-width integers and LEB128 varints: the primitive encodings of every
// quarry file (FORMAT.md, "Primitive types"). Encoders append to a byte vector; decoders read
// from a pointer that the caller has bounds-checked (see ByteReader for checked reading).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace quarry::format {

using Bytes = std::vector<std::uint8_t>;

inline void put_u16(Bytes& out, std::uint16_t value) {
    out.push_back(static_cast<std::uint8_t>(value));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
}
inline void put_u32(Bytes& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}
inline void put_u64(Bytes& out, std::uint64_t value) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}
inline void put_varint(Bytes& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<std::uint8_t>(value | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(value));
}
inline void put_bytes(Bytes& out, std::string_view bytes) {
    out.insert(out.end(), bytes.begin(), bytes.end());
}
inline void put_string(Bytes& out, std::string_view bytes) {
    put_varint(out, bytes.size());
    put_bytes(out, bytes);
}

inline std::uint16_t get_u16(const std::uint8_t* p) {
    std::uint16_t value;
    std::memcpy(&value, p, 2);
    return value;
}
inline std::uint32_t get_u32(const std::uint8_t* p) {
    std::uint32_t value;
    std::memcpy(&value, p, 4);  // quarry targets little-endian hosts only (checked in CMake)
    return value;
}
inline std::uint64_t get_u64(const std::uint8_t* p) {
    std::uint64_t value;
    std::memcpy(&value, p, 8);
    return value;
}

/// Unchecked varint decode for hot paths whose bounds were validated beforehand.
inline std::uint64_t get_varint(const std::uint8_t*& p) {
    std::uint64_t value = *p & 0x7f;
    unsigned shift = 7;
    while (*p++ & 0x80) {
        value |= static_cast<std::uint64_t>(*p & 0x7f) << shift;
        shift += 7;
    }
    return value;
}

/// Where the `count` varints that start at `p` end, or null when the bytes before `end` do not
/// hold them or one of them does not fit 32 bits (over five bytes, or a fifth byte over 0x0f).
/// A scan for the bytes that end a varint, not a decode: a caller checks a run of varints
/// this way once and then decodes them with get_varint, unchecked (a postings tail's
/// documents, then its frequencies).
inline const std::uint8_t* end_of_varint32s(const std::uint8_t* p, const std::uint8_t* end, std::uint64_t count) {
    unsigned continued = 0;  // bytes of the current varint so far, each with the high bit set
    for (; count > 0; ++p) {
        if (p == end) return nullptr;
        if (*p & 0x80) {
            if (++continued == 5) return nullptr;
        } else {
            if (continued == 4 && *p > 0x0f) return nullptr;
            continued = 0;
            --count;
        }
    }
    return p;
}

/// Steps over `count` varints from `p` without decoding them: each ends at a byte below 0x80.
/// Sixteen bytes are counted at a time while they lie before `end` (SSE2: a compare and a sum
/// instead of a dependent step per byte). Unchecked, like get_varint: the caller knows
/// the varints are there.
inline const std::uint8_t* skip_varints(const std::uint8_t* p, const std::uint8_t* end, std::uint64_t count) {
#if defined(__SSE2__)
    while (count > 0 && end - p >= 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i is_last = _mm_cmpgt_epi8(bytes, _mm_set1_epi8(-1));  // below 0x80: ends a varint
        // How many ends, summed by _mm_sad_epu8 (SSE2 has no popcount instruction to rely on).
        const __m128i sums = _mm_sad_epu8(_mm_and_si128(is_last, _mm_set1_epi8(1)), _mm_setzero_si128());
        const auto ends = static_cast<std::uint64_t>(_mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
        if (ends < count) {
            count -= ends;
            p += 16;
            continue;
        }
        auto last_bytes = static_cast<std::uint32_t>(_mm_movemask_epi8(is_last));  // bit i: byte i ends a varint
        for (std::uint64_t k = 1; k < count; ++k) last_bytes &= last_bytes - 1;  // keep the count-th end
        return p + std::countr_zero(last_bytes) + 1;
    }
#endif
    while (count > 0) count -= *p++ < 0x80;
    return p;
}

/// Bounds-checked reading of a byte range; every failure throws CorruptIndexError naming `file`
/// and the offset, so a damaged file is reported rather than read past its end.
class ByteReader {
public:
    ByteReader(const std::uint8_t* begin, const std::uint8_t* end, const std::string& file,
               std::uint64_t base_offset)
        : begin_(begin), cursor_(begin), end_(end), file_(&file), base_offset_(base_offset) {}

    std::uint8_t u8();
    std::uint32_t u32();
    std::uint64_t u64();
    std::uint64_t varint() {
        // Most varints are one or two bytes (a dictionary entry's list lengths are two): those
        // stay inline, the rest is checked out of line.
        if (cursor_ != end_ && *cursor_ < 0x80) return *cursor_++;
        if (end_ - cursor_ >= 2 && cursor_[1] < 0x80) return two_byte_varint();
        return varint_long();
    }
    std::uint32_t varint32() {
        if (cursor_ != end_ && *cursor_ < 0x80) return *cursor_++;
        if (end_ - cursor_ >= 2 && cursor_[1] < 0x80) return two_byte_varint();
        return varint32_long();
    }
    /// Steps over one varint without decoding it.
    void skip_varint() {
        if (cursor_ != end_ && *cursor_ < 0x80) ++cursor_;
        else varint_long();
    }
    /// Steps over `count` varints without decoding them; never reads past the end.
    void skip_varints(std::uint64_t count) {
        // A varint takes at most 10 bytes: with that much left, the unchecked scan stays inside.
        if (remaining() >= 10 * count) cursor_ = format::skip_varints(cursor_, end_, count);
        else
            for (; count > 0; --count) skip_varint();
    }
    std::string_view bytes(std::uint64_t count) {
        need(count);
        const std::string_view view(reinterpret_cast<const char*>(cursor_), count);
        cursor_ += count;
        return view;
    }
    std::string_view string() { return bytes(varint()); }

    bool at_end() const { return cursor_ == end_; }
    std::uint64_t remaining() const { return static_cast<std::uint64_t>(end_ - cursor_); }
    const std::uint8_t* cursor() const { return cursor_; }
    std::uint64_t offset() const { return base_offset_ + static_cast<std::uint64_t>(cursor_ - begin_); }
    [[noreturn]] void fail(const std::string& what) const;

private:
    void need(std::uint64_t count) const {
        if (count > remaining()) fail_short(count);
    }
    [[noreturn]] void fail_short(std::uint64_t count) const;
    // REQUIRES: two bytes left, the first with its high bit set and the second without.
    std::uint32_t two_byte_varint() {
        const std::uint32_t value = (cursor_[0] & 0x7fu) | std::uint32_t{cursor_[1]} << 7;
        cursor_ += 2;
        return value;
    }
    std::uint64_t varint_long();
    std::uint32_t varint32_long();

    const std::uint8_t* begin_;
    const std::uint8_t* cursor_;
    const std::uint8_t* end_;
    const std::string* file_;
    std::uint64_t base_offset_;
};

}  // namespace quarry::format
