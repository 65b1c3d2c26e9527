// Dense blocks of doc ids as bit sets (FORMAT.md, "Dense full block"). When a block's 128
// documents lie close together, one bit per document of the range they span takes about as
// few bytes as their bit-packed gaps (the writer allows it up to twice as many), and "does the
// block hold doc d?" becomes one bit test instead of a decode and a search, and counting the
// documents two lists share a popcount of words. The idea is Lucene 10.1's postings format;
// the layout here is quarry's own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace quarry::codec {

/// Bytes of a bit set over `span` documents: whole little-endian 64-bit words.
constexpr std::size_t bitset_bytes(std::uint64_t span) { return static_cast<std::size_t>(8 * ((span + 63) / 64)); }

/// Writes the bit set of `ids[0, count)`, increasing and within [first, first + span): bit i
/// (bit i mod 8 of byte i / 8) stands for document first + i. Writes bitset_bytes(span) bytes.
void pack_bitset(const std::uint32_t* ids, std::size_t count, std::uint32_t first, std::uint32_t span, std::uint8_t* out);

/// Room unpack_bitset needs in `ids` beyond the documents it returns: it stores up to sixteen
/// at a time.
inline constexpr std::size_t kBitsetSlack = 16;

/// Writes the documents of a bit set over `span` documents from `first` to `ids`, in increasing
/// order, and returns how many bits are set. Stops early, returning a count above `capacity`,
/// once more than `capacity` are found; `ids` must have room for capacity + kBitsetSlack.
std::size_t unpack_bitset(const std::uint8_t* in, std::uint32_t span, std::uint32_t first, std::uint32_t* ids,
                          std::size_t capacity);

/// unpack_bitset without the processor-specific path, which it chooses at run time (AVX-512
/// where present): the tests compare the two.
std::size_t unpack_bitset_portable(const std::uint8_t* in, std::uint32_t span, std::uint32_t first, std::uint32_t* ids,
                                   std::size_t capacity);

/// Whether the bit set holds offset `offset` (document first + offset). REQUIRES: offset < span.
inline bool bitset_holds(const std::uint8_t* in, std::uint32_t offset) { return (in[offset >> 3] >> (offset & 7)) & 1; }

/// Calls on_word(w, bits) for each word of a bit set over `span` documents as it lies in a
/// window of words whose bit 0 is `window_offset` bits before the set's first document: `bits`
/// goes at word w of the window, the first and last of them holding only part of the set (the
/// rest zero).
template <typename OnWord>
[[gnu::always_inline]] inline void for_each_window_word(const std::uint8_t* in, std::uint32_t span, std::uint32_t window_offset,
                                                        OnWord on_word) {
    const std::uint32_t at = window_offset / 64, shift = window_offset % 64;
    const std::uint32_t words = (span + 63) / 64;
    for (std::uint32_t w = 0; w < words; ++w) {
        std::uint64_t bits;
        std::memcpy(&bits, in + 8 * w, 8);  // quarry targets little-endian hosts only (checked in CMake)
        if (w + 1 == words && span % 64 != 0) bits &= (std::uint64_t{1} << (span % 64)) - 1;
        on_word(at + w, bits << shift);
        if (shift != 0) on_word(at + w + 1, bits >> (64 - shift));
    }
}

/// Whether the processor has the POPCNT instruction, which x86-64's baseline lacks (without it
/// a popcount is a library call): asked once, for the copies of popcount loops compiled with
/// it. False off x86-64.
bool cpu_has_popcnt();

/// How many documents of the bit set over `span` documents have their bit set in `window`,
/// laid over it as for_each_window_word lays it.
std::uint64_t bitset_count_common(const std::uint8_t* in, std::uint32_t span, const std::uint64_t* window,
                                  std::uint32_t window_offset);

/// How many bits the bit set holds below offset `offset`: the index of document first + offset
/// among the set's documents, when the set holds it. REQUIRES: offset < span.
std::uint32_t bitset_rank(const std::uint8_t* in, std::uint32_t offset);

}  // namespace quarry::codec
