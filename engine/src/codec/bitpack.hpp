// Fixed-width bit packing of blocks of 128 unsigned 32-bit integers: the codec of full postings
// blocks (FORMAT.md, "Postings blocks"), in the four-lane vertical layout of Lemire and
// Boytsov's SIMD-BP128. Value i belongs to lane i % 4; each lane packs its 32 values, lowest
// bits first, into w consecutive 32-bit words, and the lanes' words are interleaved (word k of
// lane l is the (4k + l)-th little-endian u32 of the block), so a block takes exactly 16*w
// bytes and one 128-bit load brings the same word of all four lanes. Decoding is SSE2 (every
// x86-64 has it) with a scalar fallback of identical results on other targets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace quarry::codec {

inline constexpr std::size_t kBlockSize = 128;

/// The low `bits` bits set (bits <= 32).
constexpr std::uint32_t low_bits(std::uint32_t bits) { return bits == 32 ? 0xffffffffu : (1u << bits) - 1; }

/// Bits needed for the largest of `count` values (0 when all are zero).
std::uint32_t max_bits(const std::uint32_t* values, std::size_t count);

/// Packs 128 values of at most `bits` bits into `out` (16*bits bytes). Returns bytes written.
std::size_t pack128(const std::uint32_t* values, std::uint32_t bits, std::uint8_t* out);

/// Unpacks 128 values of `bits` bits from `in`. Returns bytes read (16*bits).
/// REQUIRES: `in` has 16*bits readable bytes; bits <= 32.
std::size_t unpack128(const std::uint8_t* in, std::uint32_t bits, std::uint32_t* values);

/// unpack128 then prefix_sum_gaps in one pass: the 128 d-gaps of `bits` bits at `in` become
/// ids, `previous` being the id before the block. Returns bytes read (16*bits).
std::size_t unpack128_gaps(const std::uint8_t* in, std::uint32_t bits, std::uint32_t* ids, std::uint32_t previous);

/// Bytes that pack_bits takes for `count` values of `bits` bits: ceil(count * bits / 8).
inline std::size_t packed_bytes(std::size_t count, std::uint32_t bits) { return (count * bits + 7) / 8; }

/// Packs `count` values (any number, unlike pack128) of at most `bits` bits into `out` as one
/// little-endian bit stream, value i at bit i * bits, the last byte zero-padded. For runs too
/// short to fill a 128-value block, which pack128 would pad to 16 * bits bytes. Returns bytes
/// written (packed_bytes).
std::size_t pack_bits(const std::uint32_t* values, std::size_t count, std::uint32_t bits, std::uint8_t* out);

// Single values are read inline: a phrase reads positions a value at a time, and a call per
// value was a tenth of its time.

/// Value `index` (< 128) of a block pack128 wrote with `bits` bits, read alone: for reading a
/// few values of a block without unpacking all 128. REQUIRES: `in` has 16*bits readable bytes.
inline std::uint32_t value_at128(const std::uint8_t* in, std::uint32_t bits, std::size_t index) {
    if (bits == 0) return 0;
    // Value i is in lane i % 4, at bit (i / 4) * bits of that lane's stream, whose 32-bit word
    // k is the block's word 4k + lane; a value may run on into the lane's next word.
    const std::size_t lane = index % 4;
    const std::size_t lane_bit = index / 4 * bits;
    const std::size_t word = lane_bit / 32, shift = lane_bit % 32;
    std::uint32_t low = 0;
    std::memcpy(&low, in + 4 * (4 * word + lane), 4);
    std::uint64_t value = low >> shift;
    if (shift + bits > 32) {
        std::uint32_t high = 0;
        std::memcpy(&high, in + 4 * (4 * (word + 1) + lane), 4);
        value |= std::uint64_t{high} << (32 - shift);
    }
    return static_cast<std::uint32_t>(value & low_bits(bits));
}

/// Value `index` of a stream pack_bits wrote with `bits` bits, `bytes` long (packed_bytes),
/// read alone. REQUIRES: index < the count written.
inline std::uint32_t value_at_bits(const std::uint8_t* in, std::size_t bytes, std::uint32_t bits, std::size_t index) {
    const std::size_t bit = index * bits;
    const std::size_t first = bit / 8;
    std::uint64_t window = 0;
    if (first + 8 <= bytes) {
        std::memcpy(&window, in + first, 8);  // one load: a value of up to 32 bits fits in 8 bytes
    } else {
        for (std::size_t b = first; b < bytes; ++b) window |= std::uint64_t{in[b]} << (8 * (b - first));
    }
    return static_cast<std::uint32_t>((window >> (bit % 8)) & low_bits(bits));
}

/// Turns d-gaps (each value minus the previous minus one) back into increasing ids, in place.
/// `previous` is the id before the block, or -1 (as uint32 max) for the first block.
void prefix_sum_gaps(std::uint32_t* values, std::size_t count, std::uint32_t previous);

}  // namespace quarry::codec
