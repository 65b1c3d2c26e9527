#include "eval/count.hpp"

#include <algorithm>
#include <cstring>

#include "codec/bitset.hpp"
#include "index/deletions.hpp"
#include "postings/intersect.hpp"

namespace quarry::eval {
namespace {

constexpr std::uint32_t kWindowBits = 1 << 16;  // an 8 KiB bit set: stays in the L1 cache
constexpr std::size_t kWindowWords = kWindowBits / 64;

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
    if (codec::cpu_has_popcnt()) return drain_words_popcnt(bits, words, deleted, doc_count, window_start);
#endif
    return drain_words(bits, words, deleted, doc_count, window_start);
}

}  // namespace

std::uint64_t count_union(std::vector<TermCursor>& cursors, const std::uint8_t* deleted, std::uint32_t doc_count) {
    std::vector<std::uint64_t> bits(kWindowWords + 1, 0);  // mark_window's word of room
    std::uint64_t matches = 0;
    while (true) {
        std::uint32_t first = kEndDoc;
        for (const TermCursor& term : cursors) first = std::min(first, term.cursor.doc());
        if (first == kEndDoc) break;
        const std::uint32_t window_start = first / 64 * 64;
        const std::uint32_t window_end = window_start + std::min<std::uint32_t>(kWindowBits, kEndDoc - window_start);
        for (TermCursor& term : cursors) term.cursor.mark_window(bits.data(), window_start, window_end);
        matches += drain_window(bits.data(), kWindowWords, deleted, doc_count, window_start);
    }
    return matches;
}

namespace {

// Whether count_conjunction_by_windows beats the seeking conjunction for lists ordered rarest
// first. Walking costs about a nanosecond per document of a bit-packed block and a tenth of that
// in a bit-set block, on memory read in order; seeking skips more of a much denser list, but
// its reads are scattered. Fitted per query on Gutenberg's 299 AOL intersections (each query's
// count timed both ways): with a lead of at least 1/128 of the documents and no list more than
// 16 times as dense, the class took 3.24 ms a pass instead of 3.65 (the better of the two ways
// for every query: 3.13). Once the last list counted its bits instead of marking them, leads
// down to 1/256 walked faster too (3 alternated rounds: 2.90 ms a pass at 1/128, 2.80 at
// 1/256; 1/512, 1/1024 and a ratio of 32 were no better).
bool walk_every_list(const std::vector<postings::PostingsCursor*>& lists, std::uint32_t doc_count) {
    constexpr std::uint64_t kLeadShare = 256, kDensityRatio = 16;
    const std::uint64_t lead = lists[0]->doc_freq();
    if (lead * kLeadShare < doc_count) return false;
    for (std::size_t l = 1; l < lists.size(); ++l)
        if (lists[l]->doc_freq() > kDensityRatio * lead) return false;
    return true;
}

// count_conjunction walking every list: the rarest marks a window's bits (a dense block as the
// words of its bit set, without decoding it), the lists between AND theirs into it, and the
// last counts its documents whose bits are set.
std::uint64_t count_conjunction_by_windows(const std::vector<postings::PostingsCursor*>& lists, const std::uint8_t* deleted,
                                           std::uint32_t doc_count) {
    std::vector<std::uint64_t> common(kWindowWords + 1, 0), marked(lists.size() > 2 ? kWindowWords + 1 : 0, 0);
    std::uint64_t matches = 0;
    while (true) {
        std::uint32_t first = 0;
        for (const postings::PostingsCursor* list : lists) first = std::max(first, list->doc());
        if (first == kEndDoc) break;
        const std::uint32_t window_start = first / 64 * 64;
        const std::uint32_t window_end = window_start + std::min<std::uint32_t>(kWindowBits, kEndDoc - window_start);
        for (postings::PostingsCursor* list : lists) list->seek(window_start);
        lists[0]->mark_window(common.data(), window_start, window_end);
        for (std::size_t l = 1; l + 1 < lists.size(); ++l) {
            lists[l]->mark_window(marked.data(), window_start, window_end);
            for (std::size_t w = 0; w <= kWindowWords; ++w) {
                common[w] &= marked[w];
                marked[w] = 0;
            }
        }
        if (deleted)
            for (std::size_t w = 0; w < kWindowWords; ++w)
                if (common[w] != 0) common[w] &= ~deleted_word(deleted, doc_count, window_start + static_cast<std::uint32_t>(w * 64));
        matches += lists.size() == 1 ? drain_window(common.data(), kWindowWords, nullptr, doc_count, window_start)
                                     : lists.back()->count_marked(common.data(), window_start, window_end);
        std::fill(common.begin(), common.end(), 0);
    }
    return matches;
}

}  // namespace

std::uint64_t count_conjunction(std::vector<TermCursor>& cursors, const std::uint8_t* deleted, std::uint32_t doc_count) {
    if (cursors.empty()) return 0;
    std::vector<postings::PostingsCursor*> lists;
    for (TermCursor& term : cursors) lists.push_back(&term.cursor);
    postings::rarest_first(lists);
    if (walk_every_list(lists, doc_count)) return count_conjunction_by_windows(lists, deleted, doc_count);
    postings::LeadBlockCandidates& candidates = postings::lead_block_candidates();
    std::uint32_t* docs = candidates.docs;
    std::uint8_t* slots = candidates.slots;
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
