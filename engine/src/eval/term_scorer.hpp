// Scores one term in one field of a segment with BM25.
#pragma once

#include <string>

#include "eval/scorer.hpp"
#include "postings/postings_cursor.hpp"
#include "scoring/bm25.hpp"

namespace quarry::eval {

class TermScorer final : public Scorer {
public:
    /// The cursor is built in place: it holds two decoded blocks and should not be copied.
    TermScorer(const format::MappedFile& postings, const postings::TermInfo& info, scoring::Bm25Term bm25,
               const std::uint32_t* lengths, double average_length, std::string label)
        : cursor_(postings, nullptr, info), bm25_(bm25), lengths_(lengths), average_length_(average_length),
          label_(std::move(label)) {
        doc_ = cursor_.doc();
    }
    std::uint32_t next() override { return doc_ = cursor_.next(); }
    std::uint32_t seek(std::uint32_t target) override { return doc_ = cursor_.seek(target); }
    double score() override { return bm25_.score(cursor_.freq(), lengths_[doc_]); }
    std::uint64_t cost() const override { return cursor_.doc_freq(); }
    void explain(std::vector<ScoreContribution>& out) override {
        out.push_back({label_, cursor_.freq(), lengths_[doc_], average_length_, bm25_.idf(), bm25_.query_weight(), score()});
    }

private:
    postings::PostingsCursor cursor_;
    scoring::Bm25Term bm25_;
    const std::uint32_t* lengths_;
    double average_length_;
    std::string label_;
};

}  // namespace quarry::eval
