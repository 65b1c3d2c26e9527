#include "eval/phrase_scorer.hpp"

#include <algorithm>

namespace quarry::eval {

PhraseScorer::PhraseScorer(std::vector<postings::PostingsCursor> cursors, std::vector<std::uint32_t> offsets,
                           scoring::Bm25Term bm25, const std::uint32_t* lengths, double average_length,
                           std::string label)
    : cursors_(std::move(cursors)), offsets_(std::move(offsets)), bm25_(bm25), lengths_(lengths),
      average_length_(average_length), label_(std::move(label)) {
    for (std::size_t i = 0; i < cursors_.size(); ++i) by_cost_.push_back(i);
    std::sort(by_cost_.begin(), by_cost_.end(),
              [&](std::size_t a, std::size_t b) { return cursors_[a].doc_freq() < cursors_[b].doc_freq(); });
    find_match(0);
}

std::uint64_t PhraseScorer::cost() const {
    std::uint64_t cheapest = UINT64_MAX;
    for (const auto& cursor : cursors_) cheapest = std::min<std::uint64_t>(cheapest, cursor.doc_freq());
    return cheapest;
}

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
        // Align every cursor on one document, leapfrogging to the largest.
        std::uint32_t candidate = target;
        bool aligned = false;
        while (!aligned) {
            aligned = true;
            for (std::size_t i : by_cost_) {  // the rarest word proposes, the others confirm
                const std::uint32_t doc = cursors_[i].seek(candidate);
                if (doc == kEndDoc) return doc_ = kEndDoc;
                if (doc != candidate) {
                    candidate = doc;
                    aligned = false;
                }
            }
        }
        doc_ = candidate;
        freq_ = phrase_freq();
        if (freq_ > 0) return doc_;
        target = candidate + 1;
    }
}

std::uint32_t PhraseScorer::phrase_freq() {
    // Count start positions s of word 0 such that word i occurs at s + offsets[i] for every i.
    std::vector<std::uint32_t>& starts = starts_;
    starts = cursors_[0].positions();
    for (std::size_t i = 1; i < cursors_.size() && !starts.empty(); ++i) {
        const auto& positions = cursors_[i].positions();
        std::size_t kept = 0;
        auto it = positions.begin();
        for (std::uint32_t start : starts) {
            const std::uint32_t wanted = start + offsets_[i];
            it = std::lower_bound(it, positions.end(), wanted);
            if (it == positions.end()) break;
            if (*it == wanted) starts[kept++] = start;
        }
        starts.resize(kept);
    }
    return static_cast<std::uint32_t>(starts.size());
}

}  // namespace quarry::eval
