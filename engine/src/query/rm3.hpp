// RM3 pseudo-relevance feedback: expands a plain-text query with terms of its best results.
#pragma once

#include <string>
#include <vector>

#include "analysis/analyzer.hpp"
#include "query/plan.hpp"
#include "query/planner.hpp"
#include "quarry/document.hpp"
#include "quarry/search.hpp"

namespace quarry::query {

struct FeedbackDocument {
    const Document* doc;
    double score;  ///< its score in the first search, used as its weight P(D|Q)
};

/// The expanded query: a ranked OR of the original terms and the relevance model's terms.
/// Each document's term distribution (title and text, analysed as indexed) is cut to its
/// `options.terms` most frequent terms and normalised, weighted by the document's score and
/// summed; the sum is cut to `options.terms` terms, normalised, and mixed with the normalised
/// original query as original_weight * query + (1 - original_weight) * model.
/// REQUIRES: `original` comes from Planner::plan_plain_text.
PlanNode expand_rm3(const PlanNode& original, const std::vector<FeedbackDocument>& feedback,
                    const Rm3Options& options, analysis::Analyzer& analyzer, Planner& planner);

}  // namespace quarry::query
