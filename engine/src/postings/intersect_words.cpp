#include "postings/intersect_words.hpp"

#include <algorithm>
#include <memory>

#include "codec/bitpack.hpp"
#include "codec/bitset.hpp"

namespace quarry::postings {
namespace {

// The most words a window of documents spans (16,384 documents), and the most lists; more
// falls back to keep_held. Windows over the lists of a real query span a few dozen words.
constexpr std::uint32_t kMaxWords = 256;
constexpr std::size_t kMaxLists = 8;

// Aligned to a page, so that where its arrays fall relative to the others' pages (see
// run_freqs) is the same in every process: left to the heap, "+too +faced" took 0.17 ms in some
// runs and 0.20 ms in others.
struct alignas(4096) Window {
    // List l's documents in the window (l = 0: the lead's from its current one), one bit each
    // from the window's first document, with a word of room for for_each_window_word.
    std::uint64_t bits[kMaxLists][kMaxWords + 1];
    // How many of list l's bits lie in the words before word w: with a popcount within the
    // word, a document's index among the list's documents in the window.
    std::uint16_t before[kMaxLists][kMaxWords];
    std::uint64_t common[kMaxWords];
    PostingsCursor::DenseRun runs[kMaxLists];
    // List l's frequencies (less one, as stored) over its run, when they are asked for:
    // unpacked a block at a time, which costs less than reading each candidate's alone.
    // (Each list's a cache line further along than a multiple of 4 KiB from the last's: a load
    // from one and a store to another 4 KiB apart would wait as if they were the same.)
    std::uint32_t run_freqs[kMaxLists][PostingsCursor::DenseRun::kMaxBlocks * codec::kBlockSize + 16];
};

[[gnu::always_inline]] inline std::uint32_t keep_by_words(const std::vector<PostingsCursor*>& lists, std::uint32_t* docs,
                                                          std::uint8_t* slots, std::uint32_t* freqs, std::uint32_t* places) {
    const std::size_t count = lists.size();
    if (count < 2 || count > kMaxLists) return kNotByWords;
    PostingsCursor& lead = *lists[0];
    const std::uint32_t n = lead.block_remaining();
    const std::uint32_t* lead_docs = lead.block_docs();
    const std::uint32_t first = lead_docs[0], last = lead_docs[n - 1];
    // A lead dense here makes the denser lists dense too, most often; otherwise looking for
    // their dense blocks would mostly read their blocks' first bytes for nothing.
    if (!lead.block_is_dense() || last - first >= kMaxWords * 64) return kNotByWords;
    thread_local const std::unique_ptr<Window> window_storage = std::make_unique<Window>();
    Window& window = *window_storage;

    // The window starts on a word boundary at or before every block it takes in full, the
    // lead's too (its documents before the current one are masked off below).
    if (!lead.dense_run(first, last, window.runs[0])) return kNotByWords;
    std::uint32_t start = window.runs[0].starts[0], end = last;
    for (std::size_t l = 1; l < count; ++l) {
        PostingsCursor::DenseRun& run = window.runs[l];
        if (!lists[l]->dense_run(first, last, run)) return kNotByWords;
        start = std::min(start, run.starts[0]);
        end = std::max(end, run.end);
    }
    const std::uint32_t base = start / 64 * 64;
    if (end - base >= kMaxWords * 64) return kNotByWords;
    const std::uint32_t words = (end - base) / 64 + 1;

    std::uint64_t* lead_bits = window.bits[0];
    {
        const PostingsCursor::DenseRun& run = window.runs[0];
        std::fill_n(lead_bits, words + 1, 0);
        codec::for_each_window_word(run.blocks[0].bits, run.spans[0], run.starts[0] - base,
                                    [&](std::uint32_t w, std::uint64_t word) { lead_bits[w] |= word; });
        // Only the documents from the lead's current one on are candidates.
        const std::uint32_t from = first - base;
        std::fill_n(lead_bits, from / 64, 0);
        lead_bits[from / 64] &= ~std::uint64_t{0} << (from % 64);
    }
    std::copy_n(lead_bits, words, window.common);
    for (std::size_t l = 1; l < count; ++l) {
        const PostingsCursor::DenseRun& run = window.runs[l];
        std::uint64_t* bits = window.bits[l];
        std::fill_n(bits, words + 1, 0);
        for (std::uint32_t b = 0; b < run.count; ++b)
            codec::for_each_window_word(run.blocks[b].bits, run.spans[b], run.starts[b] - base,
                                        [&](std::uint32_t w, std::uint64_t word) { bits[w] |= word; });
        for (std::uint32_t w = 0; w < words; ++w) window.common[w] &= bits[w];
    }
    for (std::size_t l = 0; l < count; ++l) {
        std::uint32_t running = 0;
        for (std::uint32_t w = 0; w < words; ++w) {
            window.before[l][w] = static_cast<std::uint16_t>(running);
            running += static_cast<std::uint32_t>(__builtin_popcountll(window.bits[l][w]));
        }
        // A document's index in its block is its index in the run modulo 128: every block of
        // the run must hold exactly 128.
        if (l > 0 && running != window.runs[l].count * codec::kBlockSize)
            lists[l]->fail("dense postings blocks do not hold 128 documents each");
    }

    if (freqs)
        for (std::size_t l = 1; l < count; ++l)
            for (std::uint32_t b = 0; b < window.runs[l].count; ++b)
                codec::unpack128(window.runs[l].blocks[b].freq_bytes, window.runs[l].blocks[b].freq_bits,
                                 window.run_freqs[l] + b * codec::kBlockSize);
    const bool wanted = freqs != nullptr || places != nullptr;
    std::uint32_t kept = 0;
    for (std::uint32_t w = 0; w < words; ++w) {
        for (std::uint64_t common = window.common[w]; common != 0; common &= common - 1) {
            const auto bit = static_cast<std::uint32_t>(__builtin_ctzll(common));
            const std::uint64_t below = (std::uint64_t{1} << bit) - 1;
            const auto slot = static_cast<std::uint32_t>(window.before[0][w] + __builtin_popcountll(lead_bits[w] & below));
            docs[kept] = base + 64 * w + bit;
            slots[kept] = static_cast<std::uint8_t>(slot);
            ++kept;
            if (!wanted) continue;
            for (std::size_t l = 1; l < count; ++l) {
                const PostingsCursor::DenseRun& run = window.runs[l];
                const auto at = static_cast<std::uint32_t>(window.before[l][w] + __builtin_popcountll(window.bits[l][w] & below));
                if (freqs) freqs[l * codec::kBlockSize + slot] = window.run_freqs[l][at] + 1;
                if (places)
                    places[l * codec::kBlockSize + slot] = PostingsCursor::place_of(run.first_block + at / codec::kBlockSize, at % codec::kBlockSize);
            }
        }
    }
    return kept;
}

#if defined(__x86_64__) && defined(__GNUC__)
// Compiled with the POPCNT instruction, chosen when the processor has it (as count.cpp's).
[[gnu::target("popcnt")]] std::uint32_t keep_by_words_popcnt(const std::vector<PostingsCursor*>& lists, std::uint32_t* docs,
                                                             std::uint8_t* slots, std::uint32_t* freqs, std::uint32_t* places) {
    return keep_by_words(lists, docs, slots, freqs, places);
}
#endif

}  // namespace

std::uint32_t keep_lead_block_by_words(const std::vector<PostingsCursor*>& lists, std::uint32_t* docs, std::uint8_t* slots,
                                       std::uint32_t* freqs, std::uint32_t* places) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (codec::cpu_has_popcnt()) return keep_by_words_popcnt(lists, docs, slots, freqs, places);
#endif
    return keep_by_words(lists, docs, slots, freqs, places);
}

}  // namespace quarry::postings
