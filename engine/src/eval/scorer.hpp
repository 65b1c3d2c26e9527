// Document-at-a-time iterators over one segment that also score. The protocol, as in
// tantivy's DocSet and Lucene's Scorer: a scorer is positioned on its first matching document
// when constructed; doc() is kEndDoc once exhausted; seek(target) never moves backwards.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "postings/postings_format.hpp"
#include "quarry/search.hpp"

namespace quarry::eval {

using postings::kEndDoc;

class Scorer {
public:
    virtual ~Scorer() = default;
    std::uint32_t doc() const { return doc_; }
    virtual std::uint32_t next() = 0;
    /// First matching document >= target.
    virtual std::uint32_t seek(std::uint32_t target) = 0;
    /// The score of doc(). REQUIRES: doc() != kEndDoc.
    virtual double score() = 0;
    /// Documents this scorer may match, an estimate for ordering conjunctions cheapest first.
    virtual std::uint64_t cost() const = 0;
    /// Appends the contributions that make up score() at doc().
    virtual void explain(std::vector<ScoreContribution>& out) = 0;

protected:
    std::uint32_t doc_ = kEndDoc;
};

using ScorerPtr = std::unique_ptr<Scorer>;

}  // namespace quarry::eval
