#include "eval/term_cursors.hpp"

namespace quarry::eval {

namespace {

using Kind = query::PlanNode::Kind;

// Cursors of `leaves` (all Terms) in this segment; absent terms are left out, or, when
// `all_required`, make the result empty.
std::vector<TermCursor> open_cursors(const std::vector<const query::PlanNode*>& leaves, const index::SegmentReader& segment,
                                     std::size_t segment_index, const Bm25Params& bm25,
                                     const AverageLengths& average_lengths, bool all_required) {
    std::vector<TermCursor> cursors;
    cursors.reserve(leaves.size());
    for (std::size_t order = 0; order < leaves.size(); ++order) {
        const query::PlanNode& leaf = *leaves[order];
        const auto& info = leaf.info(0, segment_index);
        if (!info) {
            if (all_required) return {};
            continue;
        }
        const scoring::Bm25Term term = leaf_bm25(leaf, bm25, average_lengths);
        cursors.emplace_back(segment.postings(), *info, term, segment.lengths().lengths(leaf.field), order);
    }
    return cursors;
}

// The children of `group` if every one of them is a Term, else nullopt.
std::optional<std::vector<const query::PlanNode*>> term_leaves(const std::vector<query::PlanNode>& children) {
    std::vector<const query::PlanNode*> leaves;
    for (const auto& child : children) {
        if (child.kind != Kind::Term) return std::nullopt;
        leaves.push_back(&child);
    }
    return leaves;
}

}  // namespace

std::optional<std::vector<TermCursor>> term_cursors(const query::PlanNode& plan, const index::SegmentReader& segment,
                                                    std::size_t segment_index, const Bm25Params& bm25,
                                                    const AverageLengths& average_lengths) {
    if (plan.kind == Kind::Phrase) {
        // A phrase that one pair list answers is ranked as that one term; one that a pair rules
        // out, as no term.
        if (plan.pairs_rule_out(segment_index)) return std::vector<TermCursor>{};
        const postings::TermInfo* pair = plan.answering_pair(segment_index);
        if (!pair) return std::nullopt;
        std::vector<TermCursor> cursors;
        cursors.emplace_back(segment.postings(), *pair, leaf_bm25(plan, bm25, average_lengths), segment.lengths().lengths(plan.field), 0);
        return cursors;
    }
    std::optional<std::vector<const query::PlanNode*>> leaves;
    if (plan.kind == Kind::Term) leaves = std::vector<const query::PlanNode*>{&plan};
    else if (plan.kind == Kind::Group && plan.must.empty() && plan.must_not.empty()) leaves = term_leaves(plan.should);
    if (!leaves) return std::nullopt;
    return open_cursors(*leaves, segment, segment_index, bm25, average_lengths, false);
}

std::optional<std::vector<TermCursor>> conjunction_cursors(const query::PlanNode& plan, const index::SegmentReader& segment,
                                                           std::size_t segment_index, const Bm25Params& bm25,
                                                           const AverageLengths& average_lengths) {
    if (plan.kind != Kind::Group || plan.must.size() < 2 || !plan.should.empty() || !plan.must_not.empty()) return std::nullopt;
    auto leaves = term_leaves(plan.must);
    if (!leaves) return std::nullopt;
    return open_cursors(*leaves, segment, segment_index, bm25, average_lengths, true);
}

std::optional<PhraseLists> phrase_lists(const query::PlanNode& phrase, const index::SegmentReader& segment,
                                        std::size_t segment_index, const Bm25Params& bm25,
                                        const AverageLengths& average_lengths) {
    if (phrase.pairs_rule_out(segment_index)) return std::nullopt;
    PhraseLists lists{{}, phrase.offsets, {}, leaf_bm25(phrase, bm25, average_lengths), segment.lengths().lengths(phrase.field),
                      average_lengths[index::scored_index(phrase.field)]};
    lists.cursors.reserve(phrase.terms.size());  // cursors are large: never move them
    for (std::size_t word = 0; word < phrase.terms.size(); ++word) {
        const auto& info = phrase.info(word, segment_index);
        if (!info) return std::nullopt;
        lists.cursors.emplace_back(segment.postings(), &segment.positions(), *info);
    }
    lists.pairs.reserve(phrase.pair_words.size());
    for (std::size_t p = 0; p < phrase.pair_words.size(); ++p)
        if (const auto& pair = phrase.pair(p, segment_index).info) lists.pairs.emplace_back(segment.postings(), nullptr, *pair);
    return lists;
}

}  // namespace quarry::eval
