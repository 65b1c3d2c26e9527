// Syntax tree -> plan: analyses words with the index's analyzer, expands prefixes against the
// term dictionaries, resolves fields and computes idf from index-wide statistics.
#pragma once

#include <memory>
#include <vector>

#include "analysis/analyzer.hpp"
#include "index/segment_reader.hpp"
#include "query/ast.hpp"
#include "query/plan.hpp"

namespace quarry::query {

/// Most terms a prefix may expand to; beyond it the user is asked for more letters.
inline constexpr std::size_t kMaxPrefixTerms = 1024;

class Planner {
public:
    Planner(analysis::Analyzer& analyzer, const std::vector<std::shared_ptr<index::SegmentReader>>& segments);

    /// Throws QuerySyntaxError for unknown fields, a query with nothing left to search for
    /// (only stop words, only exclusions) and over-broad prefixes.
    PlanNode plan(const Node& root);
    /// Every term of `text` (analysed as a whole) as one ranked OR over the default field;
    /// a term repeated in the text raises its query frequency. Throws QuerySyntaxError if no
    /// term is left.
    PlanNode plan_plain_text(std::string_view text);

    /// One term of one field, with its index-wide idf.
    PlanNode term_node(index::Field field, std::string term);

    /// Index-wide document frequency of a dictionary key.
    std::uint64_t doc_freq(const std::string& key) const;

private:
    std::optional<PlanNode> plan_node(const Node& node, index::Field field);
    std::optional<PlanNode> plan_text(const Node& node, index::Field field);
    std::optional<PlanNode> plan_prefix(const Node& node, index::Field field);
    std::optional<PlanNode> plan_group(const Node& node, index::Field field);
    analysis::Analyzer& analyzer_;
    const std::vector<std::shared_ptr<index::SegmentReader>>& segments_;
    double documents_ = 0;
    std::vector<std::string> dropped_words_;  // stop words, for the "nothing to search" message
};

}  // namespace quarry::query
