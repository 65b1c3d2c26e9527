// A query bound to one index: words analysed into terms, prefixes expanded, and every scoring
// leaf given its idf from index-wide statistics, so that a document scores the same whichever
// segment it lives in. Segment-independent; eval/ builds per-segment scorers from it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "index/fields.hpp"
#include "postings/term_info.hpp"

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
    /// Term and Phrase: each word's dictionary entry in each segment (absent where the segment
    /// lacks it), looked up once by the planner: [word * segments + segment].
    std::vector<std::optional<postings::TermInfo>> infos;
    const std::optional<postings::TermInfo>& info(std::size_t word, std::size_t segment) const {
        return infos[word * (infos.size() / terms.size()) + segment];
    }
    std::string label() const;              ///< `all:word`, `title:"a b"`, for explanations
};

}  // namespace quarry::query
