// Dense blocks of doc ids as bit sets (FORMAT.md, "Dense full block"). When a block's 128
// documents lie close together, one bit per document of the range they span takes fewer bytes
// than their bit-packed gaps (below about one document in five of the range is held), and
// "does the block hold doc d?" becomes one bit test instead of a decode and a search. The
// idea is Lucene 10.1's postings format; the layout here is quarry's own.
#pragma once

#include <cstddef>
#include <cstdint>

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

/// How many bits the bit set holds below offset `offset`: the index of document first + offset
/// among the set's documents, when the set holds it. REQUIRES: offset < span.
std::uint32_t bitset_rank(const std::uint8_t* in, std::uint32_t offset);

}  // namespace quarry::codec
