#include "eval/block_max_and.hpp"

#include <algorithm>

#include "index/deletions.hpp"
#include "postings/intersect.hpp"

namespace quarry::eval {
namespace {

// The largest block bound of `term` over the documents [first, last]: the blocks that overlap
// the range, from the block-max data alone. Infinite past the list's end is not needed: the
// caller stops when a list is exhausted.
double range_bound(TermCursor& term, std::uint32_t first, std::uint32_t last) {
    double bound = 0.0;  // block bounds are never negative
    term.cursor.for_each_block_overlapping(first, last, [&] { bound = std::max(bound, term.block_max_score()); });
    return bound;
}

}  // namespace

std::uint64_t collect_block_max_and(std::vector<TermCursor>& all_cursors, std::uint64_t doc_base, const std::uint8_t* deleted,
                                    TopKQueue& top) {
    if (all_cursors.empty()) return 0;
    auto [cursors, order_count] = refer_to(all_cursors);
    // The rarest term leads: a block of its documents at a time are the candidates, and the
    // other lists keep those they hold (postings::keep_lead_block).
    std::sort(cursors.begin(), cursors.end(),
              [](const TermCursor* a, const TermCursor* b) { return a->cursor.doc_freq() < b->cursor.doc_freq(); });
    TermCursor& lead = *cursors.front();
    const std::size_t count = cursors.size();
    std::vector<postings::PostingsCursor*> lists;
    for (TermCursor* term : cursors) lists.push_back(&term->cursor);
    postings::LeadBlockCandidates& candidates = postings::lead_block_candidates();
    std::uint32_t* docs = candidates.docs;
    std::uint8_t* slots = candidates.slots;
    // freqs[t * kBlockSize + slot]: term t's frequency in the candidate at `slot` of the block.
    std::vector<std::uint32_t> freqs(count * codec::kBlockSize);
    std::vector<double> parts(order_count, 0.0);
    double threshold = top.threshold();
    std::uint64_t scored = 0;

    while (postings::align_lead(lists)) {
        const std::uint32_t available = lead.cursor.block_remaining();
        const std::uint32_t first = lead.cursor.doc(), last = lead.cursor.block_docs()[available - 1];
        if (top.full()) {
            // The bounds of every list over the lead's block: if they cannot beat the
            // threshold, no candidate of the block can, and the block is skipped undecoded
            // in the other lists.
            lead.cursor.shallow_seek(first);
            double bound = lead.block_max_score();
            // Once past the threshold, the block cannot be skipped: no need for the other bounds.
            for (std::size_t t = 1; t < count && bound <= threshold; ++t) bound += range_bound(*cursors[t], first, last);
            if (bound <= threshold) {
                lead.cursor.advance(available);
                continue;
            }
        }
        const std::uint32_t n = postings::keep_lead_block(lists, docs, slots, freqs.data());
        lead.cursor.advance(available);
        for (std::uint32_t i = 0; i < n; ++i) {
            const std::uint32_t doc = docs[i];
            if (index::is_deleted(deleted, doc)) continue;
            for (std::size_t t = 0; t < count; ++t) {
                const TermCursor& term = *cursors[t];
                parts[term.order] = term.bm25.score(freqs[t * codec::kBlockSize + slots[i]], term.lengths[doc]);
            }
            ++scored;
            if (top.push(sum_in_query_order(parts.data(), order_count), doc_base + doc)) threshold = top.threshold();
        }
    }
    return scored;
}

}  // namespace quarry::eval
