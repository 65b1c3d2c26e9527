// Boolean scorers over fake leaf scorers, against std::set logic: which documents match, in
// order, with which summed score, through next() and through seek().
#include "eval/boolean_scorers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace quarry::eval {
namespace {

using DocScores = std::map<std::uint32_t, double>;

// A leaf over a fixed list of (doc, score), with the Scorer protocol: positioned on its first
// document at construction, never moving backwards, kEndDoc once exhausted.
class FakeScorer final : public Scorer {
public:
    FakeScorer(DocScores docs, std::string label) : docs_(std::move(docs)), label_(std::move(label)) {
        it_ = docs_.begin();
        doc_ = it_ == docs_.end() ? kEndDoc : it_->first;
    }
    std::uint32_t next() override {
        if (it_ != docs_.end()) ++it_;
        return doc_ = it_ == docs_.end() ? kEndDoc : it_->first;
    }
    std::uint32_t seek(std::uint32_t target) override {
        if (doc_ != kEndDoc && doc_ >= target) return doc_;
        it_ = docs_.lower_bound(target);
        return doc_ = it_ == docs_.end() ? kEndDoc : it_->first;
    }
    double score() override {
        if (doc_ == kEndDoc) {
            ADD_FAILURE() << label_ << ": score() at the end";
            return 0;
        }
        return it_->second;
    }
    std::uint64_t cost() const override { return docs_.size(); }
    void explain(std::vector<ScoreContribution>& out) override {
        ScoreContribution c;
        c.clause = label_;
        c.score = it_->second;
        out.push_back(c);
    }

private:
    DocScores docs_;
    DocScores::const_iterator it_;
    std::string label_;
};

ScorerPtr fake(const DocScores& docs, const std::string& label = "leaf") { return std::make_unique<FakeScorer>(docs, label); }

// Scores are multiples of 1/8, so that sums are exact whatever the order of addition.
DocScores random_docs(std::mt19937_64& random, std::uint32_t universe, double density) {
    DocScores docs;
    std::bernoulli_distribution pick(density);
    for (std::uint32_t d = 0; d < universe; ++d)
        if (pick(random)) docs[d] = static_cast<double>(1 + random() % 16) / 8.0;
    return docs;
}

// Walks `scorer` with next() and returns what it matched with scores.
DocScores drain(Scorer& scorer) {
    DocScores out;
    std::uint32_t previous = 0;
    bool first = true;
    for (std::uint32_t doc = scorer.doc(); doc != kEndDoc; doc = scorer.next()) {
        EXPECT_TRUE(first || doc > previous) << "documents out of order: " << doc << " after " << previous;
        EXPECT_EQ(scorer.doc(), doc);
        out[doc] = scorer.score();
        previous = doc;
        first = false;
        if (out.size() > 100000) break;
    }
    EXPECT_EQ(scorer.doc(), kEndDoc);
    EXPECT_EQ(scorer.next(), kEndDoc) << "next() past the end must stay at the end";
    return out;
}

std::string describe(const DocScores& docs) {
    std::string out;
    for (const auto& [doc, score] : docs) out.append(std::to_string(doc)).append("=").append(std::to_string(score)).append(" ");
    return out;
}

// Seeks `scorer` to random increasing targets, checking each answer against `expected`.
void check_seeks(Scorer& scorer, const DocScores& expected, std::mt19937_64& random, std::uint32_t universe) {
    std::uint32_t target = 0;
    while (true) {
        target += static_cast<std::uint32_t>(random() % 7);
        if (random() % 10 == 0) target += universe / 5;
        const std::uint32_t current = scorer.doc();
        const std::uint32_t effective = std::max(target, current == kEndDoc ? target : current);
        auto it = expected.lower_bound(effective);
        const std::uint32_t want = it == expected.end() ? kEndDoc : it->first;
        if (current == kEndDoc) {
            ASSERT_EQ(scorer.seek(target), kEndDoc);
            return;
        }
        ASSERT_EQ(scorer.seek(target), want) << "seek(" << target << ") from " << current;
        ASSERT_EQ(scorer.doc(), want);
        if (want == kEndDoc) return;
        ASSERT_EQ(scorer.score(), it->second) << "score at " << want;
        if (random() % 3 == 0) {  // interleave next()
            ++it;
            const std::uint32_t after = it == expected.end() ? kEndDoc : it->first;
            ASSERT_EQ(scorer.next(), after);
            if (after == kEndDoc) return;
            ASSERT_EQ(scorer.score(), it->second);
        }
    }
}

DocScores intersect(const std::vector<DocScores>& lists) {
    DocScores out;
    for (const auto& [doc, score] : lists.front()) {
        double sum = 0;
        bool all = true;
        for (const auto& list : lists) {
            auto it = list.find(doc);
            if (it == list.end()) {
                all = false;
                break;
            }
            sum += it->second;
        }
        if (all) out[doc] = sum;
    }
    return out;
}

DocScores unite(const std::vector<DocScores>& lists) {
    DocScores out;
    for (const auto& list : lists)
        for (const auto& [doc, score] : list) out[doc] += score;
    return out;
}

std::vector<ScorerPtr> fakes(const std::vector<DocScores>& lists) {
    std::vector<ScorerPtr> out;
    for (std::size_t i = 0; i < lists.size(); ++i) out.push_back(fake(lists[i], std::string("c").append(std::to_string(i))));
    return out;
}

class BooleanScorers : public ::testing::Test {
protected:
    // Runs `check(random, universe)` over many random cases with the seed printed on failure.
    void for_random_cases(const std::function<void(std::mt19937_64&, std::uint32_t)>& check) {
        const std::uint64_t seed = 555;
        SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
        std::mt19937_64 random(seed);
        for (int round = 0; round < 150; ++round) {
            SCOPED_TRACE(std::string("round ").append(std::to_string(round)));
            check(random, 1 + static_cast<std::uint32_t>(random() % 400));
            if (::testing::Test::HasFatalFailure()) return;
        }
    }
    static double density(std::mt19937_64& random) {
        static const double choices[] = {0.0, 0.01, 0.1, 0.5, 0.9, 1.0};
        return choices[random() % 6];
    }
    // One to `max_children` random lists of random densities.
    static std::vector<DocScores> random_lists(std::mt19937_64& random, std::uint32_t universe, std::size_t max_children) {
        std::vector<DocScores> lists;
        const std::size_t children = 1 + random() % max_children;
        for (std::size_t c = 0; c < children; ++c) lists.push_back(random_docs(random, universe, density(random)));
        return lists;
    }
    // A Combined scorer over `lists` gives `expected` walked with next() and probed with seek().
    template <typename Combined>
    static void check_walk_and_seeks(const std::vector<DocScores>& lists, const DocScores& expected, std::mt19937_64& random,
                                     std::uint32_t universe) {
        Combined walk(fakes(lists));
        ASSERT_EQ(describe(drain(walk)), describe(expected));
        Combined seek(fakes(lists));
        check_seeks(seek, expected, random, universe);
    }
};

TEST_F(BooleanScorers, ConjunctionMatchesSetIntersection) {
    for_random_cases([](std::mt19937_64& random, std::uint32_t universe) {
        const std::vector<DocScores> lists = random_lists(random, universe, 4);
        check_walk_and_seeks<ConjunctionScorer>(lists, intersect(lists), random, universe);
        if (::testing::Test::HasFatalFailure()) return;
        std::uint64_t cheapest = UINT64_MAX;
        for (const auto& list : lists) cheapest = std::min<std::uint64_t>(cheapest, list.size());
        ASSERT_EQ(ConjunctionScorer(fakes(lists)).cost(), cheapest);
    });
}

TEST_F(BooleanScorers, DisjunctionMatchesSetUnion) {
    for_random_cases([](std::mt19937_64& random, std::uint32_t universe) {
        const std::vector<DocScores> lists = random_lists(random, universe, 5);
        check_walk_and_seeks<DisjunctionScorer>(lists, unite(lists), random, universe);
        if (::testing::Test::HasFatalFailure()) return;
        std::uint64_t total = 0;
        for (const auto& list : lists) total += list.size();
        ASSERT_EQ(DisjunctionScorer(fakes(lists)).cost(), total);
    });
}

TEST_F(BooleanScorers, RequiredOptionalScoresRequiredDocsOnly) {
    for_random_cases([](std::mt19937_64& random, std::uint32_t universe) {
        const DocScores required = random_docs(random, universe, density(random));
        const DocScores optional = random_docs(random, universe, density(random));
        DocScores expected = required;
        for (auto& [doc, score] : expected)
            if (auto it = optional.find(doc); it != optional.end()) score += it->second;
        RequiredOptionalScorer walk(fake(required), fake(optional));
        ASSERT_EQ(describe(drain(walk)), describe(expected));
        RequiredOptionalScorer seek(fake(required), fake(optional));
        check_seeks(seek, expected, random, universe);
        ASSERT_EQ(RequiredOptionalScorer(fake(required), fake(optional)).cost(), required.size());
    });
}

TEST_F(BooleanScorers, ExclusionMatchesSetDifference) {
    for_random_cases([](std::mt19937_64& random, std::uint32_t universe) {
        const DocScores required = random_docs(random, universe, density(random));
        const DocScores excluded = random_docs(random, universe, density(random));
        DocScores expected;
        for (const auto& [doc, score] : required)
            if (!excluded.count(doc)) expected[doc] = score;
        ExclusionScorer walk(fake(required), fake(excluded));
        ASSERT_EQ(describe(drain(walk)), describe(expected));
        ExclusionScorer seek(fake(required), fake(excluded));
        check_seeks(seek, expected, random, universe);
        ASSERT_EQ(ExclusionScorer(fake(required), fake(excluded)).cost(), required.size());
    });
}

TEST_F(BooleanScorers, NestedCombinations) {
    // (+(a b) +c -d) with optional e: Exclusion(Conjunction(Disjunction(a, b), c), d), plus e.
    for_random_cases([](std::mt19937_64& random, std::uint32_t universe) {
        std::vector<DocScores> l;
        for (int i = 0; i < 5; ++i) l.push_back(random_docs(random, universe, density(random)));
        const DocScores either = unite({l[0], l[1]});
        DocScores expected = intersect({either, l[2]});
        for (auto it = expected.begin(); it != expected.end();) it = l[3].count(it->first) ? expected.erase(it) : std::next(it);
        for (auto& [doc, score] : expected)
            if (auto it = l[4].find(doc); it != l[4].end()) score += it->second;
        auto build = [&] {
            std::vector<ScorerPtr> or_children;
            or_children.push_back(fake(l[0]));
            or_children.push_back(fake(l[1]));
            std::vector<ScorerPtr> and_children;
            and_children.push_back(std::make_unique<DisjunctionScorer>(std::move(or_children)));
            and_children.push_back(fake(l[2]));
            auto excluded = std::make_unique<ExclusionScorer>(std::make_unique<ConjunctionScorer>(std::move(and_children)),
                                                              fake(l[3]));
            return std::make_unique<RequiredOptionalScorer>(std::move(excluded), fake(l[4]));
        };
        auto walk = build();
        ASSERT_EQ(describe(drain(*walk)), describe(expected));
        auto seek = build();
        check_seeks(*seek, expected, random, universe);
    });
}

TEST_F(BooleanScorers, KnownCasesAndExplain) {
    const DocScores a = {{1, 1.0}, {3, 1.0}, {5, 1.0}, {7, 1.0}};
    const DocScores b = {{3, 0.5}, {4, 0.5}, {7, 0.5}, {9, 0.5}};
    {
        std::vector<ScorerPtr> children;
        children.push_back(fake(a, "a"));
        children.push_back(fake(b, "b"));
        ConjunctionScorer s(std::move(children));
        EXPECT_EQ(s.doc(), 3u);  // positioned on the first match at construction
        EXPECT_EQ(s.score(), 1.5);
        std::vector<ScoreContribution> explanation;
        s.explain(explanation);
        ASSERT_EQ(explanation.size(), 2u);
        std::set<std::string> labels = {explanation[0].clause, explanation[1].clause};
        EXPECT_EQ(labels, (std::set<std::string>{"a", "b"}));
        EXPECT_EQ(s.seek(4), 7u);
        EXPECT_EQ(s.seek(2), 7u);  // never backwards
        EXPECT_EQ(s.next(), kEndDoc);
    }
    {
        std::vector<ScorerPtr> children;
        children.push_back(fake(a, "a"));
        children.push_back(fake(b, "b"));
        DisjunctionScorer s(std::move(children));
        EXPECT_EQ(s.doc(), 1u);
        std::vector<ScoreContribution> explanation;
        s.explain(explanation);
        ASSERT_EQ(explanation.size(), 1u);  // only the clauses matching the current doc
        EXPECT_EQ(explanation[0].clause, "a");
        EXPECT_EQ(s.seek(3), 3u);
        EXPECT_EQ(s.score(), 1.5);
        explanation.clear();
        s.explain(explanation);
        EXPECT_EQ(explanation.size(), 2u);
        EXPECT_EQ(s.next(), 4u);
        EXPECT_EQ(s.score(), 0.5);
        EXPECT_EQ(s.seek(8), 9u);
        EXPECT_EQ(s.next(), kEndDoc);
    }
    {
        RequiredOptionalScorer s(fake(a, "a"), fake(b, "b"));
        EXPECT_EQ(s.doc(), 1u);
        EXPECT_EQ(s.score(), 1.0);
        EXPECT_EQ(s.next(), 3u);
        EXPECT_EQ(s.score(), 1.5);
        std::vector<ScoreContribution> explanation;
        s.explain(explanation);
        EXPECT_EQ(explanation.size(), 2u);
        EXPECT_EQ(s.seek(6), 7u);
        EXPECT_EQ(s.score(), 1.5);
    }
    {
        ExclusionScorer s(fake(a, "a"), fake(b, "b"));
        EXPECT_EQ(s.doc(), 1u);
        EXPECT_EQ(s.next(), 5u);  // 3 excluded
        EXPECT_EQ(s.next(), kEndDoc);  // 7 excluded
        std::vector<ScoreContribution> explanation;
        ExclusionScorer t(fake(a, "a"), fake(b, "b"));
        t.explain(explanation);
        ASSERT_EQ(explanation.size(), 1u);  // excluded clauses never explain
        EXPECT_EQ(explanation[0].clause, "a");
        EXPECT_EQ(t.seek(2), 5u);
    }
}

TEST_F(BooleanScorers, EmptyChildren) {
    std::vector<ScorerPtr> and_children;
    and_children.push_back(fake({{1, 1.0}}));
    and_children.push_back(fake({}));
    ConjunctionScorer conjunction(std::move(and_children));
    EXPECT_EQ(conjunction.doc(), kEndDoc);
    EXPECT_EQ(conjunction.next(), kEndDoc);
    EXPECT_EQ(conjunction.seek(0), kEndDoc);

    std::vector<ScorerPtr> or_children;
    or_children.push_back(fake({}));
    or_children.push_back(fake({}));
    DisjunctionScorer disjunction(std::move(or_children));
    EXPECT_EQ(disjunction.doc(), kEndDoc);
    EXPECT_EQ(disjunction.next(), kEndDoc);

    ExclusionScorer all_excluded(fake({{1, 1.0}, {2, 1.0}}), fake({{1, 1.0}, {2, 1.0}}));
    EXPECT_EQ(all_excluded.doc(), kEndDoc);
    ExclusionScorer nothing_excluded(fake({{1, 1.0}, {2, 1.0}}), fake({}));
    EXPECT_EQ(nothing_excluded.doc(), 1u);
    EXPECT_EQ(nothing_excluded.next(), 2u);

    RequiredOptionalScorer no_required(fake({}), fake({{1, 1.0}}));
    EXPECT_EQ(no_required.doc(), kEndDoc);
}

TEST_F(BooleanScorers, LargeDocIdsNearTheEnd) {
    const std::uint32_t top = kEndDoc - 1;  // the largest real document id
    const DocScores a = {{0, 1.0}, {top - 1, 1.0}, {top, 1.0}};
    const DocScores b = {{top, 2.0}};
    std::vector<ScorerPtr> children;
    children.push_back(fake(a));
    children.push_back(fake(b));
    ConjunctionScorer s(std::move(children));
    EXPECT_EQ(s.doc(), top);
    EXPECT_EQ(s.score(), 3.0);
    EXPECT_EQ(s.next(), kEndDoc);
    ExclusionScorer e(fake(a), fake(b));
    EXPECT_EQ(e.seek(1), top - 1);
    EXPECT_EQ(e.next(), kEndDoc);
}

}  // namespace
}  // namespace quarry::eval
