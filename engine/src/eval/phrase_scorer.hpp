// Matches a phrase: documents holding every word (found by a conjunction over the postings,
// which never touches positions) are then checked against positions, and scored with BM25 using
// the number of phrase occurrences as tf and the sum of the words' idfs as idf.
#pragma once

#include <string>
#include <vector>

#include "eval/scorer.hpp"
#include "postings/postings_cursor.hpp"
#include "scoring/bm25.hpp"

namespace quarry::eval {

class PhraseScorer final : public Scorer {
public:
    /// `offsets[i]` is word i's position relative to word 0 (stop words leave gaps).
    PhraseScorer(std::vector<postings::PostingsCursor> cursors, std::vector<std::uint32_t> offsets,
                 scoring::Bm25Term bm25, const std::uint32_t* lengths, double average_length, std::string label);
    std::uint32_t next() override;
    std::uint32_t seek(std::uint32_t target) override;
    double score() override { return bm25_.score(freq_, lengths_[doc_]); }
    std::uint64_t cost() const override;
    void explain(std::vector<ScoreContribution>& out) override {
        out.push_back({label_, freq_, lengths_[doc_], average_length_, bm25_.idf(), bm25_.query_weight(), score()});
    }

private:
    /// From the cursors' current state, the next document (>= the lead's) with the phrase.
    std::uint32_t find_match(std::uint32_t target);
    std::uint32_t phrase_freq();

    std::vector<postings::PostingsCursor> cursors_;
    std::vector<std::uint32_t> offsets_;
    scoring::Bm25Term bm25_;
    const std::uint32_t* lengths_;
    double average_length_;
    std::string label_;
    std::uint32_t freq_ = 0;
    std::vector<std::size_t> by_cost_;     // cursor indexes, rarest word first, for alignment
    std::vector<std::uint32_t> starts_;    // reused by phrase_freq: no allocation per candidate
};

}  // namespace quarry::eval
