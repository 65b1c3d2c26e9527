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

    /// Phrase in the All field: each two words at adjacent offsets make a pair (FORMAT.md, "Pair
    /// keys"). In a segment that covers both words, the pair's key lists every document where
    /// they stand side by side, and a missing key means there is none.
    struct PairLookup {
        bool covered = false;                       ///< the segment indexes this pair's key
        std::optional<postings::TermInfo> info;     ///< its entry, when covered and present
    };
    std::vector<std::size_t> pair_words;            ///< each pair's second word (the first is the one before)
    std::vector<PairLookup> pairs;                  ///< [pair * segments + segment]
    const PairLookup& pair(std::size_t index, std::size_t segment) const {
        return pairs[index * (pairs.size() / pair_words.size()) + segment];
    }
    /// Phrase: true when the segment covers a pair that it lacks: no document there can match.
    bool pairs_rule_out(std::size_t segment) const {
        for (std::size_t p = 0; p < pair_words.size(); ++p)
            if (pair(p, segment).covered && !pair(p, segment).info) return true;
        return false;
    }
    /// Phrase: the pair entry that is the whole phrase's answer in the segment (two words at
    /// adjacent offsets, covered and present there), or null.
    const postings::TermInfo* answering_pair(std::size_t segment) const {
        if (terms.size() != 2 || pair_words.size() != 1 || !pair(0, segment).info) return nullptr;
        return &*pair(0, segment).info;
    }
};

}  // namespace quarry::query
