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
// documents [first, last], from the block-max data alone.
// Past the list's end, the largest frequency stays 0: nothing matches.
RangeLimits range_limits(postings::PostingsCursor& list, std::uint32_t first, std::uint32_t last) {
    RangeLimits limits;
    list.for_each_block_overlapping(first, last, [&] {
        const scoring::BlockLimits block = list.shallow_limits();
        limits.max_freq = std::max(limits.max_freq, block.max_freq);
        limits.min_length = std::min(limits.min_length, block.min_length);
    });
    return limits;
}

}  // namespace

std::uint64_t collect_block_max_phrase(PhraseLists& lists, std::uint64_t doc_base, const std::uint8_t* deleted, TopKQueue& top) {
    // The positions cursors visit only the documents whose bound beats the threshold.
    PhraseConjunction conjunction(lists.cursors, lists.pairs);
    // A pair's frequency bounds the phrase's as its words' do (each occurrence of the phrase
    // is one of the pair's), only more tightly: the bounds below take every list.
    const std::size_t count = conjunction.lists.size();
    const std::vector<postings::PostingsCursor*>& words = conjunction.rarest_first;
    PhrasePositions positions(std::move(lists.cursors), std::move(lists.offsets));
    const scoring::Bm25Term& bm25 = lists.bm25;
    const std::uint32_t* lengths = lists.lengths;
    postings::PostingsCursor& lead = *words.front();

    postings::LeadBlockCandidates& candidates = postings::lead_block_candidates();
    std::uint32_t* docs = candidates.docs;
    std::uint8_t* slots = candidates.slots;
    // Word w's frequency and place (for the positions cursors) at [w * kBlockSize + slot],
    // w in rarest-first order.
    std::vector<std::uint32_t> freqs(count * codec::kBlockSize), places(count * codec::kBlockSize);
    double threshold = top.threshold();
    std::uint64_t matches = 0;
    while (postings::align_lead(words)) {
        const std::uint32_t available = lead.block_remaining();
        if (top.full()) {
            const std::uint32_t first = lead.doc(), last = lead.block_docs()[available - 1];
            RangeLimits block{UINT32_MAX, 0};
            for (postings::PostingsCursor* word : words) {
                const RangeLimits limits = range_limits(*word, first, last);
                block.max_freq = std::min(block.max_freq, limits.max_freq);
                block.min_length = std::max(block.min_length, limits.min_length);
            }
            if (TermCursor::padded(bm25.upper_bound(block.max_freq, block.min_length)) <= threshold) {
                lead.advance(available);
                continue;
            }
        }
        const std::uint32_t n = postings::keep_lead_block(words, docs, slots, freqs.data(), places.data());
        lead.advance(available);
        for (std::uint32_t i = 0; i < n; ++i) {
            const std::uint32_t doc = docs[i];
            if (index::is_deleted(deleted, doc)) continue;
            if (top.full()) {
                std::uint32_t least_freq = UINT32_MAX;
                for (std::size_t w = 0; w < count; ++w) least_freq = std::min(least_freq, freqs[w * codec::kBlockSize + slots[i]]);
                if (TermCursor::padded(bm25.score(least_freq, lengths[doc])) <= threshold) continue;
            }
            const std::uint32_t freq = positions.count_in(conjunction, places.data(), slots[i]);
            if (freq == 0) continue;
            ++matches;
            if (top.push(bm25.score(freq, lengths[doc]), doc_base + doc)) threshold = top.threshold();
        }
    }
    return matches;
}

}  // namespace quarry::eval
