// Plan -> scorer tree over one segment.
#pragma once

#include <array>

#include "eval/scorer.hpp"
#include "index/segment_reader.hpp"
#include "query/plan.hpp"

namespace quarry::eval {

/// Index-wide average field lengths, one per scored field.
using AverageLengths = std::array<double, index::kScoredFieldCount>;

/// Returns null when the plan matches nothing in this segment.
/// `segment_index` is the segment's position in the index (PlanNode::info).
ScorerPtr build_scorer(const query::PlanNode& plan, const index::SegmentReader& segment, std::size_t segment_index,
                       const Bm25Params& bm25, const AverageLengths& average_lengths);

}  // namespace quarry::eval
