#include "codec/bitpack.hpp"

#include <array>
#include <bit>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace quarry::codec {
namespace {

constexpr std::size_t kLanes = 4;
constexpr std::size_t kPerLane = kBlockSize / kLanes;  // 32

#if defined(__SSE2__)

// Turns four d-gaps into ids: an in-register inclusive scan (two shifted adds), plus the id
// before them; each gap also adds 1 (ids are strictly increasing), which the scan turns into
// 1, 2, 3, 4. `carry` holds the last id in every lane and is updated. The scan and its total
// depend only on this step's gaps, so the chain from one step to the next is a single add
// (carry += total) instead of add, add, shuffle: the 32 steps of a block then overlap, and
// decoding a block of ids takes about half the time.
inline __m128i gaps_to_ids(__m128i gaps, __m128i& carry) {
    __m128i scan = _mm_add_epi32(gaps, _mm_slli_si128(gaps, 4));
    scan = _mm_add_epi32(scan, _mm_slli_si128(scan, 8));
    scan = _mm_add_epi32(scan, _mm_setr_epi32(1, 2, 3, 4));
    const __m128i total = _mm_shuffle_epi32(scan, _MM_SHUFFLE(3, 3, 3, 3));
    const __m128i ids = _mm_add_epi32(scan, carry);
    carry = _mm_add_epi32(carry, total);
    return ids;
}

// Unpacks the 32 values of every lane at once: step I produces values 4I..4I+3. All shifts and
// word indexes are compile-time constants once the fold below is expanded. With Gaps, the
// values are d-gaps and step I stores ids: the vertical layout puts four consecutive values in
// one register, so the scan needs no second pass over the block.
template <std::uint32_t Bits, bool Gaps, std::size_t I>
inline void unpack_step(const __m128i* in, __m128i* out, __m128i mask, __m128i& carry) {
    constexpr std::size_t first_bit = I * Bits;
    constexpr std::size_t word = first_bit / 32;
    constexpr std::uint32_t shift = first_bit % 32;
    __m128i value = _mm_setzero_si128();
    if constexpr (Bits > 0) {
        value = _mm_srli_epi32(_mm_loadu_si128(in + word), shift);
        if constexpr (shift + Bits > 32) value = _mm_or_si128(value, _mm_slli_epi32(_mm_loadu_si128(in + word + 1), 32 - shift));
        if constexpr (Bits < 32) value = _mm_and_si128(value, mask);
    }
    if constexpr (Gaps) value = gaps_to_ids(value, carry);
    _mm_storeu_si128(out + I, value);
}

template <std::uint32_t Bits, bool Gaps, std::size_t... I>
inline void unpack_all(const __m128i* in, __m128i* out, __m128i carry, std::index_sequence<I...>) {
    const __m128i mask = _mm_set1_epi32(static_cast<int>(low_bits(Bits)));
    (unpack_step<Bits, Gaps, I>(in, out, mask, carry), ...);
}

template <std::uint32_t Bits>
std::size_t unpack_fixed(const std::uint8_t* in, std::uint32_t* values) {
    if constexpr (Bits == 0) {
        std::memset(values, 0, kBlockSize * sizeof(std::uint32_t));
    } else {
        unpack_all<Bits, false>(reinterpret_cast<const __m128i*>(in), reinterpret_cast<__m128i*>(values), _mm_setzero_si128(),
                                std::make_index_sequence<kPerLane>());
    }
    return 16 * Bits;
}

template <std::uint32_t Bits>
std::size_t unpack_gaps_fixed(const std::uint8_t* in, std::uint32_t* ids, std::uint32_t previous) {
    unpack_all<Bits, true>(reinterpret_cast<const __m128i*>(in), reinterpret_cast<__m128i*>(ids),
                           _mm_set1_epi32(static_cast<int>(previous)), std::make_index_sequence<kPerLane>());
    return 16 * Bits;
}

#else

template <std::uint32_t Bits>
std::size_t unpack_fixed(const std::uint8_t* in, std::uint32_t* values) {
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
        for (std::size_t i = 0; i < kPerLane; ++i) {
            const std::size_t bit = i * Bits;
            std::uint64_t window = 0;
            if constexpr (Bits > 0) {
                std::uint32_t low, high = 0;
                std::memcpy(&low, in + 4 * (kLanes * (bit / 32) + lane), 4);
                if ((bit % 32) + Bits > 32) std::memcpy(&high, in + 4 * (kLanes * (bit / 32 + 1) + lane), 4);
                window = (low | (static_cast<std::uint64_t>(high) << 32)) >> (bit % 32);
            }
            values[i * kLanes + lane] = static_cast<std::uint32_t>(window) & low_bits(Bits);
        }
    }
    return 16 * Bits;
}

template <std::uint32_t Bits>
std::size_t unpack_gaps_fixed(const std::uint8_t* in, std::uint32_t* ids, std::uint32_t previous) {
    unpack_fixed<Bits>(in, ids);
    prefix_sum_gaps(ids, kBlockSize, previous);
    return 16 * Bits;
}

#endif

using UnpackFn = std::size_t (*)(const std::uint8_t*, std::uint32_t*);
using UnpackGapsFn = std::size_t (*)(const std::uint8_t*, std::uint32_t*, std::uint32_t);

template <std::size_t... Widths>
constexpr auto make_unpack_table(std::index_sequence<Widths...>) {
    return std::array<UnpackFn, sizeof...(Widths)>{&unpack_fixed<static_cast<std::uint32_t>(Widths)>...};
}
template <std::size_t... Widths>
constexpr auto make_unpack_gaps_table(std::index_sequence<Widths...>) {
    return std::array<UnpackGapsFn, sizeof...(Widths)>{&unpack_gaps_fixed<static_cast<std::uint32_t>(Widths)>...};
}

constexpr auto kUnpack = make_unpack_table(std::make_index_sequence<33>());
constexpr auto kUnpackGaps = make_unpack_gaps_table(std::make_index_sequence<33>());

}  // namespace

std::uint32_t max_bits(const std::uint32_t* values, std::size_t count) {
    std::uint32_t all = 0;
    for (std::size_t i = 0; i < count; ++i) all |= values[i];
    return static_cast<std::uint32_t>(std::bit_width(all));
}

std::size_t pack128(const std::uint32_t* values, std::uint32_t bits, std::uint8_t* out) {
    const std::size_t bytes = 16 * bits;
    std::memset(out, 0, bytes);
    if (bits == 0) return 0;
    std::uint32_t words[4 * 32] = {};
    const std::uint64_t mask = low_bits(bits);
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
        for (std::size_t i = 0; i < kPerLane; ++i) {
            const std::uint64_t value = values[i * kLanes + lane] & mask;
            const std::size_t bit = i * bits;
            const std::size_t word = bit / 32;
            const std::uint64_t shifted = value << (bit % 32);
            words[kLanes * word + lane] |= static_cast<std::uint32_t>(shifted);
            if ((bit % 32) + bits > 32) words[kLanes * (word + 1) + lane] |= static_cast<std::uint32_t>(shifted >> 32);
        }
    }
    std::memcpy(out, words, bytes);  // little-endian host (checked in CMake)
    return bytes;
}

std::size_t unpack128(const std::uint8_t* in, std::uint32_t bits, std::uint32_t* values) {
    return kUnpack[bits](in, values);
}

std::size_t unpack128_gaps(const std::uint8_t* in, std::uint32_t bits, std::uint32_t* ids, std::uint32_t previous) {
    return kUnpackGaps[bits](in, ids, previous);
}

void prefix_sum_gaps(std::uint32_t* values, std::size_t count, std::uint32_t previous) {
    std::size_t i = 0;
#if defined(__SSE2__)
    // Four at a time: an in-register inclusive scan (two shifted adds), plus the running id.
    // Each gap also adds 1 (ids are strictly increasing), which the scan turns into 1, 2, 3, 4.
    __m128i carry = _mm_set1_epi32(static_cast<int>(previous));
    const __m128i steps = _mm_setr_epi32(1, 2, 3, 4);
    for (; i + 4 <= count; i += 4) {
        __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(values + i));
        x = _mm_add_epi32(x, _mm_slli_si128(x, 4));
        x = _mm_add_epi32(x, _mm_slli_si128(x, 8));
        x = _mm_add_epi32(_mm_add_epi32(x, steps), carry);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(values + i), x);
        carry = _mm_shuffle_epi32(x, _MM_SHUFFLE(3, 3, 3, 3));
    }
    previous = i > 0 ? values[i - 1] : previous;
#endif
    std::uint32_t running = previous;
    for (; i < count; ++i) {
        running += values[i] + 1;
        values[i] = running;
    }
}

std::size_t pack_bits(const std::uint32_t* values, std::size_t count, std::uint32_t bits, std::uint8_t* out) {
    const std::size_t bytes = packed_bytes(count, bits);
    std::memset(out, 0, bytes);
    std::size_t bit = 0;
    for (std::size_t i = 0; i < count; ++i, bit += bits) {
        // A value of up to 32 bits starting anywhere in a byte spans at most 5 bytes.
        const std::uint64_t value = std::uint64_t{values[i]} << (bit % 8);
        for (std::size_t b = 0; b < 5 && (bit / 8 + b) < bytes; ++b) out[bit / 8 + b] |= static_cast<std::uint8_t>(value >> (8 * b));
    }
    return bytes;
}

}  // namespace quarry::codec
