#include "eval/count.hpp"

#include <algorithm>
#include <cstring>

#include "index/deletions.hpp"
#include "postings/intersect.hpp"

namespace quarry::eval {
namespace {

constexpr std::uint32_t kWindowBits = 1 << 16;  // an 8 KiB bit set: stays in the L1 cache

// The deletion bits of documents [first, first + 64) as one word (first is a multiple of 64);
// the bitmap is bytes, document d at bit d % 8 of byte d / 8, so a little-endian word of eight
// bytes lines up with the window's word. Past the end of the bitmap, nothing is deleted.
std::uint64_t deleted_word(const std::uint8_t* deleted, std::uint32_t doc_count, std::uint32_t first) {
    const std::size_t bytes = (std::size_t{doc_count} + 7) / 8;
    const std::size_t at = first / 8;
    if (at >= bytes) return 0;
    std::uint8_t word[8] = {};
    std::memcpy(word, deleted + at, std::min<std::size_t>(8, bytes - at));
    std::uint64_t value = 0;
    for (int i = 7; i >= 0; --i) value = value << 8 | word[i];
    return value;
}

// The live documents among a window's bits, which it clears for the next window.
[[gnu::always_inline]] inline std::uint64_t drain_words(std::uint64_t* bits, std::size_t words, const std::uint8_t* deleted,
                                                        std::uint32_t doc_count, std::uint32_t window_start) {
    std::uint64_t live_docs = 0;
    for (std::size_t word = 0; word < words; ++word) {
        if (bits[word] == 0) continue;
        std::uint64_t live = bits[word];
        if (deleted) live &= ~deleted_word(deleted, doc_count, window_start + static_cast<std::uint32_t>(word * 64));
        live_docs += static_cast<std::uint64_t>(__builtin_popcountll(live));
        bits[word] = 0;
    }
    return live_docs;
}

#if defined(__x86_64__) && defined(__GNUC__)
// x86-64's baseline has no POPCNT instruction, so a plain build counts bits with a library call
// (a third of count_union's time); this copy of the loop is compiled with the instruction and
// chosen when the processor has it.
[[gnu::target("popcnt")]] std::uint64_t drain_words_popcnt(std::uint64_t* bits, std::size_t words, const std::uint8_t* deleted,
                                                          std::uint32_t doc_count, std::uint32_t window_start) {
    return drain_words(bits, words, deleted, doc_count, window_start);
}
#endif

std::uint64_t drain_window(std::uint64_t* bits, std::size_t words, const std::uint8_t* deleted, std::uint32_t doc_count,
                           std::uint32_t window_start) {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool has_popcnt = __builtin_cpu_supports("popcnt");
    if (has_popcnt) return drain_words_popcnt(bits, words, deleted, doc_count, window_start);
#endif
    return drain_words(bits, words, deleted, doc_count, window_start);
}

}  // namespace

std::uint64_t count_union(std::vector<TermCursor>& cursors, const std::uint8_t* deleted, std::uint32_t doc_count) {
    std::vector<std::uint64_t> bits(kWindowBits / 64, 0);
    std::uint64_t matches = 0;
    while (true) {
        std::uint32_t first = kEndDoc;
        for (const TermCursor& term : cursors) first = std::min(first, term.cursor.doc());
        if (first == kEndDoc) break;
        const std::uint32_t window_start = first / 64 * 64;
        const std::uint32_t window_end = window_start + std::min<std::uint32_t>(kWindowBits, kEndDoc - window_start);
        for (TermCursor& term : cursors) {
            postings::PostingsCursor& cursor = term.cursor;
            while (cursor.doc() < window_end) {
                const std::uint32_t* docs = cursor.block_docs();
                const std::uint32_t n = cursor.block_remaining_below(window_end);
                for (std::uint32_t j = 0; j < n; ++j) {
                    const std::uint32_t offset = docs[j] - window_start;
                    bits[offset / 64] |= std::uint64_t{1} << (offset % 64);
                }
                cursor.advance(n);
            }
        }
        matches += drain_window(bits.data(), bits.size(), deleted, doc_count, window_start);
    }
    return matches;
}

std::uint64_t count_conjunction(std::vector<TermCursor>& cursors, const std::uint8_t* deleted) {
    if (cursors.empty()) return 0;
    std::vector<postings::PostingsCursor*> lists;
    for (TermCursor& term : cursors) lists.push_back(&term.cursor);
    postings::rarest_first(lists);
    std::uint32_t docs[codec::kBlockSize];
    std::uint8_t slots[codec::kBlockSize];
    std::uint64_t matches = 0;
    // The rarest list leads a block at a time; each other list keeps the candidates it holds.
    while (postings::align_lead(lists)) {
        const std::uint32_t n = postings::keep_lead_block(lists, docs, slots, nullptr);
        lists[0]->advance(lists[0]->block_remaining());
        for (std::uint32_t i = 0; i < n; ++i) matches += !index::is_deleted(deleted, docs[i]);
    }
    return matches;
}

}  // namespace quarry::eval
