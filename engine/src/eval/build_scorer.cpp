#include "eval/build_scorer.hpp"

#include "eval/boolean_scorers.hpp"
#include "eval/phrase_scorer.hpp"
#include "eval/term_cursors.hpp"
#include "eval/term_scorer.hpp"

namespace quarry::eval {
namespace {

ScorerPtr one_or_disjunction(std::vector<ScorerPtr> scorers) {
    if (scorers.empty()) return nullptr;
    if (scorers.size() == 1) return std::move(scorers.front());
    return std::make_unique<DisjunctionScorer>(std::move(scorers));
}

}  // namespace

scoring::Bm25Term leaf_bm25(const query::PlanNode& leaf, const Bm25Params& bm25, const AverageLengths& average_lengths) {
    return scoring::Bm25Term(leaf.idf, bm25.k1, bm25.b, average_lengths[index::scored_index(leaf.field)],
                             leaf.boost * scoring::bm25_query_weight(leaf.query_freq, bm25.k3));
}

ScorerPtr build_scorer(const query::PlanNode& plan, const index::SegmentReader& segment, std::size_t segment_index,
                       const Bm25Params& bm25, const AverageLengths& average_lengths) {
    using Kind = query::PlanNode::Kind;
    const double average_length = average_lengths[index::scored_index(plan.field)];
    // A term's list, or the pair list that answers a phrase, scored as the leaf.
    auto list_scorer = [&](const postings::TermInfo& info) -> ScorerPtr {
        return std::make_unique<TermScorer>(segment.postings(), info, leaf_bm25(plan, bm25, average_lengths),
                                            segment.lengths().lengths(plan.field), average_length, plan.label());
    };
    switch (plan.kind) {
        case Kind::Term: {
            const auto& info = plan.info(0, segment_index);
            if (!info) return nullptr;
            return list_scorer(*info);
        }
        case Kind::Phrase: {
            if (const postings::TermInfo* pair = plan.answering_pair(segment_index)) return list_scorer(*pair);
            auto lists = phrase_lists(plan, segment, segment_index, bm25, average_lengths);
            if (!lists) return nullptr;
            return std::make_unique<PhraseScorer>(std::move(*lists), plan.label());
        }
        case Kind::Group: break;
    }
    std::vector<ScorerPtr> required;
    for (const auto& child : plan.must) {
        ScorerPtr scorer = build_scorer(child, segment, segment_index, bm25, average_lengths);
        if (!scorer) return nullptr;  // a required clause that matches nothing empties the group
        required.push_back(std::move(scorer));
    }
    std::vector<ScorerPtr> optional, excluded;
    for (const auto& child : plan.should)
        if (ScorerPtr scorer = build_scorer(child, segment, segment_index, bm25, average_lengths)) optional.push_back(std::move(scorer));
    for (const auto& child : plan.must_not)
        if (ScorerPtr scorer = build_scorer(child, segment, segment_index, bm25, average_lengths)) excluded.push_back(std::move(scorer));

    ScorerPtr result;
    if (!required.empty()) {
        result = required.size() == 1 ? std::move(required.front()) : std::make_unique<ConjunctionScorer>(std::move(required));
        if (ScorerPtr should = one_or_disjunction(std::move(optional)))
            result = std::make_unique<RequiredOptionalScorer>(std::move(result), std::move(should));
    } else {
        result = one_or_disjunction(std::move(optional));
        if (!result) return nullptr;
    }
    if (ScorerPtr exclude = one_or_disjunction(std::move(excluded)))
        result = std::make_unique<ExclusionScorer>(std::move(result), std::move(exclude));
    return result;
}

}  // namespace quarry::eval
