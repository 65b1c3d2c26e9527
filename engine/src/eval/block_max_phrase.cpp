#include "eval/block_max_phrase.hpp"

#include <algorithm>

#include "eval/term_cursors.hpp"
#include "index/deletions.hpp"
#include "postings/intersect.hpp"

namespace quarry::eval {
namespace {

struct RangeLimits {
    std::uint32_t max_freq = 0;
    std::uint32_t min_length = UINT32_MAX;
};

// The largest frequency and the shortest length in the blocks of `list` that overlap the
// documents [first, last], from the block-max data alone (shallow_seek decodes nothing).
RangeLimits range_limits(postings::PostingsCursor& list, std::uint32_t first, std::uint32_t last) {
    RangeLimits limits;
    if (!list.shallow_seek(first)) return limits;  // past the list's end: nothing matches
    while (true) {
        limits.max_freq = std::max(limits.max_freq, list.shallow_max_freq());
        limits.min_length = std::min(limits.min_length, list.shallow_min_length());
        if (list.shallow_last_doc() >= last || !list.shallow_seek(list.shallow_last_doc() + 1)) break;
    }
    return limits;
}

}  // namespace

std::uint64_t collect_block_max_phrase(PhraseLists& lists, std::uint64_t doc_base, const std::uint8_t* deleted, TopKQueue& top) {
    const std::size_t count = lists.cursors.size();
    // The conjunction walks copies of the words' lists; the positions cursors visit only the
    // documents whose bound beats the threshold.
    std::vector<postings::PostingsCursor> conjunction;
    conjunction.reserve(count);  // cursors are large: never move them
    for (const auto& cursor : lists.cursors) conjunction.push_back(cursor);
    std::vector<postings::PostingsCursor*> by_cost;
    for (auto& cursor : conjunction) by_cost.push_back(&cursor);
    std::sort(by_cost.begin(), by_cost.end(), [](const auto* a, const auto* b) { return a->doc_freq() < b->doc_freq(); });
    PhrasePositions positions(std::move(lists.cursors), std::move(lists.offsets));
    const scoring::Bm25Term& bm25 = lists.bm25;
    const std::uint32_t* lengths = lists.lengths;
    postings::PostingsCursor& lead = *by_cost.front();

    std::uint32_t docs[codec::kBlockSize];
    std::uint8_t slots[codec::kBlockSize];
    std::vector<std::uint32_t> freqs(count * codec::kBlockSize);  // word w's at [w * kBlockSize + slot]
    double threshold = top.threshold();
    std::uint64_t matches = 0;
    while (postings::align_lead(by_cost)) {
        const std::uint32_t available = lead.block_remaining();
        if (top.full()) {
            const std::uint32_t first = lead.doc(), last = lead.block_docs()[available - 1];
            RangeLimits block;
            block.max_freq = UINT32_MAX;
            block.min_length = 0;
            for (postings::PostingsCursor* word : by_cost) {
                const RangeLimits limits = range_limits(*word, first, last);
                block.max_freq = std::min(block.max_freq, limits.max_freq);
                block.min_length = std::max(block.min_length, limits.min_length);
            }
            if (TermCursor::padded(bm25.upper_bound(block.max_freq, block.min_length)) <= threshold) {
                lead.advance(available);
                continue;
            }
        }
        const std::uint32_t n = postings::keep_lead_block(by_cost, docs, slots, freqs.data());
        if (n > 0) {
            const std::uint32_t* lead_freqs = lead.block_freqs();
            for (std::uint32_t i = 0; i < n; ++i) freqs[slots[i]] = lead_freqs[slots[i]];
        }
        lead.advance(available);
        for (std::uint32_t i = 0; i < n; ++i) {
            const std::uint32_t doc = docs[i];
            if (index::is_deleted(deleted, doc)) continue;
            if (top.full()) {
                std::uint32_t least_freq = UINT32_MAX;
                for (std::size_t w = 0; w < count; ++w) least_freq = std::min(least_freq, freqs[w * codec::kBlockSize + slots[i]]);
                if (TermCursor::padded(bm25.score(least_freq, lengths[doc])) <= threshold) continue;
            }
            const std::uint32_t freq = positions.count_in(doc);
            if (freq == 0) continue;
            ++matches;
            if (top.push(bm25.score(freq, lengths[doc]), doc_base + doc)) threshold = top.threshold();
        }
    }
    return matches;
}

}  // namespace quarry::eval
