// Plan -> scorer tree over one segment.
#pragma once

#include <array>

#include "eval/scorer.hpp"
#include "index/segment_reader.hpp"
#include "query/plan.hpp"
#include "scoring/bm25.hpp"

namespace quarry::eval {

/// Index-wide average field lengths, one per scored field.
using AverageLengths = std::array<double, index::kScoredFieldCount>;

/// Returns null when the plan matches nothing in this segment.
/// The BM25 of a Term or Phrase leaf: its idf, the index's average field length, and its query
/// weight (boost times the k3 factor of its query frequency).
scoring::Bm25Term leaf_bm25(const query::PlanNode& leaf, const Bm25Params& bm25, const AverageLengths& average_lengths);

/// `segment_index` is the segment's position in the index (PlanNode::info).
ScorerPtr build_scorer(const query::PlanNode& plan, const index::SegmentReader& segment, std::size_t segment_index,
                       const Bm25Params& bm25, const AverageLengths& average_lengths);

}  // namespace quarry::eval
