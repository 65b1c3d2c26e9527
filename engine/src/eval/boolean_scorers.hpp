// Boolean combinations of scorers. Scores add up over the clauses that match a document;
// excluded clauses only filter.
#pragma once

#include <vector>

#include "eval/scorer.hpp"

namespace quarry::eval {

/// Documents matched by every child (AND, `+a +b`). Children are led by the cheapest.
class ConjunctionScorer final : public Scorer {
public:
    explicit ConjunctionScorer(std::vector<ScorerPtr> children);
    std::uint32_t next() override;
    std::uint32_t seek(std::uint32_t target) override;
    double score() override;
    std::uint64_t cost() const override { return children_.front()->cost(); }
    void explain(std::vector<ScoreContribution>& out) override;

private:
    std::uint32_t align(std::uint32_t target);
    std::vector<ScorerPtr> children_;  // cheapest first, for iteration
    std::vector<Scorer*> in_query_order_;  // for adding up scores in the query's order
};

/// Documents matched by any child (OR, bare words).
class DisjunctionScorer final : public Scorer {
public:
    explicit DisjunctionScorer(std::vector<ScorerPtr> children);
    std::uint32_t next() override;
    std::uint32_t seek(std::uint32_t target) override;
    double score() override;
    std::uint64_t cost() const override;
    void explain(std::vector<ScoreContribution>& out) override;

private:
    std::uint32_t settle();
    std::vector<ScorerPtr> children_;
};

/// Documents of `required`; `optional` adds its score where it also matches.
class RequiredOptionalScorer final : public Scorer {
public:
    RequiredOptionalScorer(ScorerPtr required, ScorerPtr optional);
    std::uint32_t next() override { return doc_ = required_->next(); }
    std::uint32_t seek(std::uint32_t target) override { return doc_ = required_->seek(target); }
    double score() override;
    std::uint64_t cost() const override { return required_->cost(); }
    void explain(std::vector<ScoreContribution>& out) override;

private:
    ScorerPtr required_, optional_;
};

/// Documents of `required` that `excluded` does not match.
class ExclusionScorer final : public Scorer {
public:
    ExclusionScorer(ScorerPtr required, ScorerPtr excluded);
    std::uint32_t next() override;
    std::uint32_t seek(std::uint32_t target) override;
    double score() override { return required_->score(); }
    std::uint64_t cost() const override { return required_->cost(); }
    void explain(std::vector<ScoreContribution>& out) override { required_->explain(out); }

private:
    std::uint32_t skip_excluded(std::uint32_t doc);
    ScorerPtr required_, excluded_;
};

}  // namespace quarry::eval
