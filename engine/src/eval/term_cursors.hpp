// The input of the pruning algorithms: a ranked union of terms, one cursor per term, each with
// the upper bounds of its scores over the whole list and over each block.
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "eval/build_scorer.hpp"
#include "eval/phrase_positions.hpp"
#include "postings/postings_cursor.hpp"
#include "scoring/bm25.hpp"

namespace quarry::eval {

struct TermCursor {
    TermCursor(const format::MappedFile& postings, const postings::TermInfo& info, scoring::Bm25Term term,
               const std::uint32_t* field_lengths, std::size_t query_order)
        : cursor(postings, nullptr, info), bm25(term), lengths(field_lengths),
          max_score(padded(term.upper_bound(info.max_freq, info.min_length))), order(query_order) {}

    postings::PostingsCursor cursor;
    scoring::Bm25Term bm25;
    const std::uint32_t* lengths;
    double max_score;       ///< bound of every score of the list
    std::size_t order;      ///< position in the query, so that scores add up in the query's order

    double score() { return bm25.score(cursor.freq(), lengths[cursor.doc()]); }
    /// Bound of the scores in the block found by cursor.shallow_seek(). The pruning loops ask
    /// for it once per candidate, and candidates mostly share blocks: the bound (a division)
    /// is computed once per block.
    double block_max_score() {
        const std::uint32_t block = cursor.shallow_block();
        if (block != bounded_block_) {
            bounded_block_ = block;
            block_bound_ = padded(scoring::upper_bound(bm25, cursor.shallow_limits()));
        }
        return block_bound_;
    }

    /// Bounds are padded a little so that rounding, when partial sums are added in another
    /// order than the final score, can never prune a document that belongs in the top k.
    static double padded(double bound) { return bound * (1 + 1e-9) + 1e-12; }

private:
    std::uint32_t bounded_block_ = UINT32_MAX;  // the block block_bound_ belongs to
    double block_bound_ = 0;
};

/// The cursors of `plan` over `segment` if the plan is a ranked union of single terms (or one
/// term): a Term, or a Group of Should Terms only. Terms absent from the segment are left out.
/// A Phrase counts as one term where a pair list answers it (query::PlanNode::answering_pair),
/// and as none where a pair rules it out.
/// The vector is never resized afterwards: algorithms order pointers to its cursors.
std::optional<std::vector<TermCursor>> term_cursors(const query::PlanNode& plan, const index::SegmentReader& segment,
                                                    std::size_t segment_index, const Bm25Params& bm25,
                                                    const AverageLengths& average_lengths);

/// The same for a conjunction of single terms: a Group of Must Terms only (`+a +b`, `a AND b`).
/// Returns an empty vector when a term is absent from the segment (nothing can match).
std::optional<std::vector<TermCursor>> conjunction_cursors(const query::PlanNode& plan, const index::SegmentReader& segment,
                                                           std::size_t segment_index, const Bm25Params& bm25,
                                                           const AverageLengths& average_lengths);

/// The lists of a Phrase plan node over `segment`; nullopt when one of its words is absent from
/// the segment, or a pair rules it out (nothing can match). REQUIRES: phrase.kind == Phrase.
std::optional<PhraseLists> phrase_lists(const query::PlanNode& phrase, const index::SegmentReader& segment,
                                        std::size_t segment_index, const Bm25Params& bm25,
                                        const AverageLengths& average_lengths);

/// Pointers to `cursors` (which the algorithms reorder instead of the large cursors
/// themselves), and the size of the per-term score array those algorithms fill.
struct CursorRefs {
    std::vector<TermCursor*> cursors;
    std::size_t order_count = 0;
};
inline CursorRefs refer_to(std::vector<TermCursor>& cursors) {
    CursorRefs refs;
    for (auto& cursor : cursors) {
        refs.cursors.push_back(&cursor);
        refs.order_count = std::max(refs.order_count, cursor.order + 1);
    }
    return refs;
}

/// Adds up per-term scores in query order (`parts` indexed by TermCursor::order), so that a
/// pruned algorithm gives the exhaustive algorithm's score to the last bit.
inline double sum_in_query_order(const double* parts, std::size_t count) {
    double sum = 0;
    for (std::size_t i = 0; i < count; ++i) sum += parts[i];
    return sum;
}

}  // namespace quarry::eval
