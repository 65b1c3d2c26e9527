// Where a phrase occurs in a document that holds all of its words: one positions cursor per
// word, moved only to the documents asked about (the conjunction that finds them walks its own
// cursors, which never touch positions).
#pragma once

#include <cstdint>
#include <vector>

#include "postings/postings_cursor.hpp"
#include "scoring/bm25.hpp"

namespace quarry::eval {

/// A phrase's lists in one segment, as the phrase scorer and the phrase top-k take them.
struct PhraseLists {
    std::vector<postings::PostingsCursor> cursors;  // one per word, with positions; never resized
    std::vector<std::uint32_t> offsets;             // word i's position relative to word 0 (stop words leave gaps)
    // The lists of the phrase's pairs that the segment holds (query::PlanNode::pairs): each
    // holds every match, and far fewer other documents than its words; never resized.
    std::vector<postings::PostingsCursor> pairs;
    scoring::Bm25Term bm25;                         // the phrase's BM25: the words' idfs summed
    const std::uint32_t* lengths = nullptr;         // the field's document lengths
    double average_length = 0;
};

/// Copies of a phrase's word lists for the conjunction that finds the documents holding every
/// word, a block of the rarest at a time (postings::keep_lead_block), with its pair lists,
/// which narrow the candidates further: they never read positions.
struct PhraseConjunction {
    PhraseConjunction(const std::vector<postings::PostingsCursor>& words, const std::vector<postings::PostingsCursor>& pairs);
    PhraseConjunction(const PhraseConjunction&) = delete;  // `rarest_first` points into `lists`
    PhraseConjunction& operator=(const PhraseConjunction&) = delete;

    std::vector<postings::PostingsCursor> lists;          // the words', then the pairs'
    std::vector<postings::PostingsCursor*> rarest_first;  // `lists`, rarest first: [0] leads
    std::vector<std::size_t> rank;                        // word i's list is rarest_first[rank[i]]
};

class PhrasePositions {
public:
    PhrasePositions(std::vector<postings::PostingsCursor> cursors, std::vector<std::uint32_t> offsets);

    /// The phrase's occurrences in the candidate at `slot` of a block that
    /// keep_lead_block(conjunction.rarest_first, ...) kept, with `places` as it filled them:
    /// start positions s of word 0 such that word i occurs at s + offsets[i] for every i. The
    /// cursors go straight to each word's place. REQUIRES: candidates in increasing order.
    std::uint32_t count_in(const PhraseConjunction& conjunction, const std::uint32_t* places, std::uint8_t slot);

    const std::vector<postings::PostingsCursor>& cursors() const { return cursors_; }

private:
    std::vector<postings::PostingsCursor> cursors_;
    std::vector<std::uint32_t> offsets_;
    std::vector<std::uint32_t> starts_;  // reused: no allocation per document
};

}  // namespace quarry::eval
