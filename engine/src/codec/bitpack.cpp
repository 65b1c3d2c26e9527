#include "codec/bitpack.hpp"

#include <array>
#include <bit>
#include <algorithm>
#include <cstring>
#include <utility>

namespace quarry::codec {
namespace {

template <std::uint32_t Bits>
std::size_t unpack_fixed(const std::uint8_t* in, std::uint32_t* values) {
    if constexpr (Bits == 0) {
        std::memset(values, 0, kBlockSize * sizeof(std::uint32_t));
        return 0;
    } else {
        // Read 64-bit little-endian words: every value straddles at most two 32-bit words,
        // so a 64-bit window starting at its first word always holds it whole.
        constexpr std::uint64_t mask = Bits == 32 ? 0xffffffffull : ((1ull << Bits) - 1);
        std::uint32_t words[4 * Bits + 1];
        std::memcpy(words, in, 16 * Bits);
        words[4 * Bits] = 0;
        for (std::size_t i = 0; i < kBlockSize; ++i) {
            const std::size_t bit = i * Bits;
            const std::size_t word = bit / 32;
            const std::uint64_t window = words[word] | (static_cast<std::uint64_t>(words[word + 1]) << 32);
            values[i] = static_cast<std::uint32_t>((window >> (bit % 32)) & mask);
        }
        return 16 * Bits;
    }
}

using UnpackFn = std::size_t (*)(const std::uint8_t*, std::uint32_t*);

template <std::size_t... Widths>
constexpr auto make_unpack_table(std::index_sequence<Widths...>) {
    return std::array<UnpackFn, sizeof...(Widths)>{&unpack_fixed<static_cast<std::uint32_t>(Widths)>...};
}

constexpr auto kUnpack = make_unpack_table(std::make_index_sequence<33>());

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
    for (std::size_t i = 0; i < kBlockSize; ++i) {
        const std::uint64_t value = values[i];
        const std::size_t bit = i * bits;
        for (std::uint32_t b = 0; b < bits; b += 8) {
            // write up to 8 bits of the value at a time, byte-aligned on the output side
            const std::size_t at = bit + b;
            const std::uint32_t chunk_bits = std::min<std::uint32_t>(8, bits - b);
            const std::uint64_t part = (value >> b) & ((1u << chunk_bits) - 1);
            const std::uint64_t shifted = part << (at % 8);
            out[at / 8] |= static_cast<std::uint8_t>(shifted);
            if ((at % 8) + chunk_bits > 8) out[at / 8 + 1] |= static_cast<std::uint8_t>(shifted >> 8);
        }
    }
    return bytes;
}

std::size_t unpack128(const std::uint8_t* in, std::uint32_t bits, std::uint32_t* values) {
    return kUnpack[bits](in, values);
}

void prefix_sum_gaps(std::uint32_t* values, std::size_t count, std::uint32_t previous) {
    std::uint32_t running = previous;
    for (std::size_t i = 0; i < count; ++i) {
        running += values[i] + 1;
        values[i] = running;
    }
}

}  // namespace quarry::codec
