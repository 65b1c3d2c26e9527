#include "eval/term_cursors.hpp"

namespace quarry::eval {

std::optional<std::vector<TermCursor>> term_cursors(const query::PlanNode& plan, const index::SegmentReader& segment,
                                                    std::size_t segment_index, const Bm25Params& bm25,
                                                    const AverageLengths& average_lengths) {
    using Kind = query::PlanNode::Kind;
    std::vector<const query::PlanNode*> leaves;
    if (plan.kind == Kind::Term) {
        leaves.push_back(&plan);
    } else if (plan.kind == Kind::Group && plan.must.empty() && plan.must_not.empty()) {
        for (const auto& child : plan.should) {
            if (child.kind != Kind::Term) return std::nullopt;
            leaves.push_back(&child);
        }
    } else {
        return std::nullopt;
    }
    std::vector<TermCursor> cursors;
    cursors.reserve(leaves.size());
    for (std::size_t order = 0; order < leaves.size(); ++order) {
        const query::PlanNode& leaf = *leaves[order];
        const auto& info = leaf.info(0, segment_index);
        if (!info) continue;
        const double average_length = average_lengths[index::scored_index(leaf.field)];
        scoring::Bm25Term term(leaf.idf, bm25.k1, bm25.b, average_length,
                               leaf.boost * scoring::bm25_query_weight(leaf.query_freq, bm25.k3));
        cursors.emplace_back(segment.postings(), *info, term, segment.lengths().lengths(leaf.field), order);
    }
    return cursors;
}

}  // namespace quarry::eval
