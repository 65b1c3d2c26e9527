#include "query/rm3.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "index/fields.hpp"

namespace quarry::query {
namespace {

using TermWeights = std::map<std::string, double>;

// Keeps the `limit` heaviest terms (ties by term, for determinism) and scales them to sum 1.
TermWeights prune_and_normalise(const TermWeights& weights, std::size_t limit) {
    std::vector<std::pair<std::string, double>> ranked(weights.begin(), weights.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second > b.second || (a.second == b.second && a.first < b.first);
    });
    if (ranked.size() > limit) ranked.resize(limit);
    double total = 0;
    for (const auto& entry : ranked) total += entry.second;
    TermWeights out;
    for (const auto& [term, weight] : ranked) out[term] = total > 0 ? weight / total : 0;
    return out;
}

}  // namespace

PlanNode expand_rm3(const PlanNode& original, const std::vector<FeedbackDocument>& feedback,
                    const Rm3Options& options, analysis::Analyzer& analyzer, Planner& planner) {
    TermWeights query;
    auto add_leaf = [&](const PlanNode& leaf) { query[leaf.terms.front()] += leaf.query_freq; };
    if (original.kind == PlanNode::Kind::Term) add_leaf(original);
    for (const auto& child : original.should) add_leaf(child);
    query = prune_and_normalise(query, query.size());

    TermWeights model;
    std::vector<analysis::Token> tokens;
    for (const auto& [doc, score] : feedback) {
        tokens.clear();
        const std::uint32_t title_end = analyzer.analyze(doc->title, tokens);
        analyzer.analyze(doc->text, tokens, title_end + index::kFieldGap);
        TermWeights counts;
        for (const auto& token : tokens) counts[token.term] += 1;
        for (const auto& [term, weight] : prune_and_normalise(counts, options.terms)) model[term] += weight * score;
    }
    model = prune_and_normalise(model, options.terms);

    TermWeights mixed;
    for (const auto& [term, weight] : query) mixed[term] += options.original_weight * weight;
    for (const auto& [term, weight] : model) mixed[term] += (1 - options.original_weight) * weight;

    PlanNode expanded;
    expanded.kind = PlanNode::Kind::Group;
    for (const auto& [term, weight] : mixed) {
        PlanNode leaf = planner.term_node(index::Field::All, term);
        leaf.boost = weight;
        expanded.should.push_back(std::move(leaf));
    }
    return expanded;
}

}  // namespace quarry::query
