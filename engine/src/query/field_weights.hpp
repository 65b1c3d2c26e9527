// Per-field BM25: a word of the default field also scores in the title field, with a weight.
#pragma once

#include "query/plan.hpp"
#include "query/planner.hpp"

namespace quarry::query {

/// Replaces every default-field term leaf of `plan` by the OR of itself and the same term in
/// the title field with boost `title_weight` (title words are also in the default field, so
/// the set of matching documents does not change; only scores do).
void apply_title_weight(PlanNode& plan, double title_weight, Planner& planner);

}  // namespace quarry::query
