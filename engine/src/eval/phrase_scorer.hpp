// Matches a phrase: documents holding every word (found by a conjunction over the postings, a
// block of the rarest word at a time, which never touches positions) are then checked against
// positions, and scored with BM25 using the number of phrase occurrences as tf and the sum of
// the words' idfs as idf.
#pragma once

#include <string>
#include <vector>

#include "eval/phrase_positions.hpp"
#include "eval/scorer.hpp"
#include "postings/postings_cursor.hpp"
#include "scoring/bm25.hpp"

namespace quarry::eval {

class PhraseScorer final : public Scorer {
public:
    PhraseScorer(PhraseLists lists, std::string label);
    std::uint32_t next() override;
    std::uint32_t seek(std::uint32_t target) override;
    double score() override { return bm25_.score(freq_, lengths_[doc_]); }
    std::uint64_t cost() const override;
    void explain(std::vector<ScoreContribution>& out) override {
        out.push_back({label_, freq_, lengths_[doc_], average_length_, bm25_.idf(), bm25_.query_weight(), score()});
    }

private:
    /// The first document >= target with the phrase.
    std::uint32_t find_match(std::uint32_t target);

    PhraseConjunction conjunction_;
    PhrasePositions positions_;
    scoring::Bm25Term bm25_;
    const std::uint32_t* lengths_;
    double average_length_;
    std::string label_;
    std::uint32_t freq_ = 0;
    // Documents of the current block of the rarest word that hold every word.
    std::uint32_t candidates_[codec::kBlockSize];
    std::uint8_t slots_[codec::kBlockSize];
    std::vector<std::uint32_t> places_;  // each word's place of each candidate (keep_lead_block)
    std::uint32_t candidate_count_ = 0, next_candidate_ = 0;
};

}  // namespace quarry::eval
