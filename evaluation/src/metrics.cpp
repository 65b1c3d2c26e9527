// The measures, per query and averaged, following trec_eval 9.x: form_res_rels.c (ranking and
// relevance of each retrieved document), m_map.c, m_recip_rank.c, m_P.c, m_recall.c,
// m_ndcg_cut.c, trec_eval.c (which queries are evaluated) and meas_avg.c (averaging).

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "quarry/errors.hpp"
#include "quarry/evaluation.hpp"

namespace quarry::evaluation {
namespace {

// form_res_rels.c: relevance of a retrieved document that is not in the qrels, and of one that
// is in them with a negative value ("in the pool but unjudged").
constexpr long kNotInPool = -1;
constexpr long kUnjudged = -2;

constexpr std::size_t kPrecisionCut = 10;
constexpr std::size_t kNdcgCut = 10;
constexpr std::size_t kMrrCut = 10;

QueryScores zero_scores() {
    QueryScores scores;
    for (const std::string_view name : kMeasures) scores.metrics.emplace(std::string(name), 0.0);
    return scores;
}

// Relevant documents among the first `cut` of `rels` (all of them when fewer).
long relevant_within(const std::vector<long>& rels, std::size_t cut, long level) {
    const std::size_t end = std::min(cut, rels.size());
    return std::count_if(rels.begin(), rels.begin() + static_cast<std::ptrdiff_t>(end),
                         [level](long rel) { return rel >= level; });
}

}  // namespace

QueryScores score_query(const std::map<std::string, int>& judgments, const std::vector<RunEntry>& entries,
                        const EvalOptions& options) {
    const std::vector<RunEntry> ranked = trec_order(entries, options.max_results);
    const long level = options.relevance_level;

    // form_res_rels.c refuses a document retrieved twice (among the results kept).
    std::vector<std::string_view> ids;
    ids.reserve(ranked.size());
    for (const RunEntry& entry : ranked) ids.emplace_back(entry.docid);
    std::sort(ids.begin(), ids.end());
    if (const auto twice = std::adjacent_find(ids.begin(), ids.end()); twice != ids.end()) {
        throw Error(std::string("document '").append(*twice).append(
            "' is retrieved twice; trec_eval rejects runs with duplicate documents"));
    }

    // Relevance of each retrieved document, in rank order (results_rel_list).
    std::vector<long> rels;
    rels.reserve(ranked.size());
    for (const RunEntry& entry : ranked) {
        const auto judged = judgments.find(entry.docid);
        if (judged == judgments.end()) rels.push_back(kNotInPool);
        else if (judged->second < 0) rels.push_back(kUnjudged);
        else rels.push_back(judged->second);
    }

    // num_rel: judgments at a level >= relevance_level, counting levels >= 0 only (rel_levels).
    // The ideal ranking for nDCG takes every positive judgment, best first, whatever the level.
    long num_rel = 0;
    std::vector<long> ideal_gains;
    for (const auto& [docid, rel] : judgments) {
        if (rel >= 0 && rel >= level) ++num_rel;
        if (rel > 0) ideal_gains.push_back(rel);
    }
    std::sort(ideal_gains.begin(), ideal_gains.end(), std::greater<>());

    QueryScores scores = zero_scores();
    auto& metric = scores.metrics;

    // m_map.c: precision at each relevant document retrieved, summed, over all relevant ones.
    {
        long rel_so_far = 0;
        double sum = 0.0;
        for (std::size_t i = 0; i < rels.size(); ++i) {
            if (rels[i] >= level) {
                ++rel_so_far;
                sum += static_cast<double>(rel_so_far) / static_cast<double>(i + 1);
            }
        }
        // (num_rel is 0 here only with a relevance level below 0, where trec_eval divides by 0.)
        if (rel_so_far != 0 && num_rel != 0) metric["map"] = sum / static_cast<double>(num_rel);
    }

    // m_recip_rank.c: no cut-off (beyond max_results); mrr_10 is the same within the top 10.
    for (std::size_t i = 0; i < rels.size(); ++i) {
        if (rels[i] >= level) {
            metric["recip_rank"] = 1.0 / static_cast<double>(i + 1);
            if (i < kMrrCut) metric["mrr_10"] = 1.0 / static_cast<double>(i + 1);
            break;
        }
    }

    // m_P.c: missing documents below the cut-off count as non-relevant, so always over 10.
    metric["P_10"] = static_cast<double>(relevant_within(rels, kPrecisionCut, level)) /
                     static_cast<double>(kPrecisionCut);

    // m_recall.c: left at 0 for a query without relevant documents.
    if (num_rel != 0) {
        metric["recall_100"] =
            static_cast<double>(relevant_within(rels, 100, level)) / static_cast<double>(num_rel);
        metric["recall_1000"] =
            static_cast<double>(relevant_within(rels, 1000, level)) / static_cast<double>(num_rel);
    }

    // m_ndcg_cut.c: gain = the judged relevance when positive, discount log2(rank + 1) with ranks
    // from 1 (log2(i + 2) for index i), normalised by the ideal DCG over the same cut-off; left
    // unnormalised (it is then 0) when the query has no positive judgment.
    {
        double dcg = 0.0;
        for (std::size_t i = 0; i < std::min(kNdcgCut, rels.size()); ++i) {
            const double gain = static_cast<double>(rels[i]);
            if (gain > 0) dcg += gain / std::log2(static_cast<double>(i + 2));
        }
        double ideal_dcg = 0.0;
        for (std::size_t i = 0; i < std::min(kNdcgCut, ideal_gains.size()); ++i) {
            ideal_dcg += static_cast<double>(ideal_gains[i]) / std::log2(static_cast<double>(i + 2));
        }
        metric["ndcg_cut_10"] = ideal_dcg > 0.0 ? dcg / ideal_dcg : dcg;
    }
    return scores;
}

EvalReport evaluate(const Qrels& qrels, const Run& run, const EvalOptions& options) {
    EvalReport report;
    // trec_eval.c walks the qrels' queries in strcmp order, as std::map<std::string> does; the
    // sums below therefore add up in the same order as trec_eval's.
    for (const auto& [qid, judgments] : qrels.judgments) {
        const auto retrieved = run.results.find(qid);
        const bool has_results = retrieved != run.results.end() && !retrieved->second.empty();
        if (!has_results) {
            // Without -c such a query is ignored; with -c it scores 0 on every measure.
            if (options.all_queries) report.per_query.emplace(qid, zero_scores());
            continue;
        }
        try {
            report.per_query.emplace(qid, score_query(judgments, retrieved->second, options));
        } catch (const Error& error) {
            throw Error(std::string("query '").append(qid).append("': ").append(error.what()));
        }
    }
    if (report.per_query.empty()) {
        throw Error(options.all_queries ? "no query to evaluate: the qrels are empty"
                                        : "no query has both results in the run and judgments in the qrels");
    }

    // meas_avg.c: the sum of the per-query values over the number of queries evaluated (with -c,
    // the number of queries in the qrels, which is the same thing here).
    report.queries = report.per_query.size();
    for (const std::string_view name : kMeasures) {
        const std::string key(name);
        double sum = 0.0;
        for (const auto& [qid, scores] : report.per_query) sum += scores.metrics.at(key);
        report.mean.emplace(key, sum / static_cast<double>(report.queries));
    }
    return report;
}

}  // namespace quarry::evaluation
