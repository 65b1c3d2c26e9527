// A query bound to one index: words analysed into terms, prefixes expanded, and every scoring
// leaf given its idf from index-wide statistics, so that a document scores the same whichever
// segment it lives in. Segment-independent; eval/ builds per-segment scorers from it.
#pragma once

#include <string>
#include <vector>

#include "index/fields.hpp"

namespace quarry::query {

struct PlanNode {
    enum class Kind { Term, Phrase, Group };
    Kind kind = Kind::Term;
    index::Field field = index::Field::All;
    std::vector<std::string> terms;         ///< Term: one; Phrase: its words, in order
    std::vector<std::uint32_t> offsets;     ///< Phrase: each word's position relative to the first
    double idf = 0;                         ///< Term: its idf; Phrase: the sum of its words' idfs
    double query_freq = 1;                  ///< times the leaf occurs in its group of the query
    double boost = 1;                       ///< multiplies the leaf's score (field weights, RM3)
    std::vector<PlanNode> must, should, must_not;  ///< Group
    std::string label() const;              ///< `all:word`, `title:"a b"`, for explanations
};

}  // namespace quarry::query
