#include "eval/phrase_scorer.hpp"

#include "postings/intersect.hpp"

namespace quarry::eval {

PhraseScorer::PhraseScorer(PhraseLists lists, std::string label)
    : conjunction_(lists.cursors, lists.pairs), positions_(std::move(lists.cursors), std::move(lists.offsets)), bm25_(lists.bm25),
      lengths_(lists.lengths), average_length_(lists.average_length), label_(std::move(label)),
      places_(conjunction_.lists.size() * codec::kBlockSize) {
    find_match(0);
}

std::uint64_t PhraseScorer::cost() const { return conjunction_.rarest_first.front()->doc_freq(); }

std::uint32_t PhraseScorer::next() {
    if (doc_ == kEndDoc) return doc_;
    return find_match(doc_ + 1);
}

std::uint32_t PhraseScorer::seek(std::uint32_t target) {
    if (doc_ >= target) return doc_;
    return find_match(target);
}

std::uint32_t PhraseScorer::find_match(std::uint32_t target) {
    while (true) {
        while (next_candidate_ < candidate_count_) {
            const std::uint32_t at = next_candidate_++;
            const std::uint32_t candidate = candidates_[at];
            if (candidate < target) continue;
            freq_ = positions_.count_in(conjunction_, places_.data(), slots_[at]);
            if (freq_ > 0) return doc_ = candidate;
        }
        const auto& lists = conjunction_.rarest_first;
        postings::PostingsCursor& lead = *lists.front();
        if (lead.seek(target) == kEndDoc || !postings::align_lead(lists)) return doc_ = kEndDoc;
        candidate_count_ = postings::keep_lead_block(lists, candidates_, slots_, nullptr, places_.data());
        next_candidate_ = 0;
        lead.advance(lead.block_remaining());
    }
}

}  // namespace quarry::eval
