// Retrieval evaluation computed exactly as trec_eval 9.x computes it: qrels and run files in
// the TREC formats, and the measures map, recip_rank, P_10, recall_100, recall_1000 and
// ndcg_cut_10 (plus mrr_10, which trec_eval does not have), per query and averaged.
//
// What "exactly" means here, from trec_eval's own source:
// - Ranking (form_res_rels.c): the rank column of a run is ignored. Each query's results are
//   sorted by score, highest first, ties broken by docid in *descending* strcmp order, then cut
//   to the first EvalOptions::max_results (trec_eval -M).
// - Relevance (form_res_rels.c): a retrieved document judged with relevance r >= 0 has gain r;
//   one judged with a negative value counts as "in the pool but unjudged" and one missing from
//   the qrels as "not in the pool": neither is ever relevant nor has gain. A document is relevant
//   when r >= EvalOptions::relevance_level (trec_eval -l, 1 by default). A query's number of
//   relevant documents counts its judgments with r >= max(relevance_level, 0).
// - Queries (trec_eval.c, meas_avg.c): by default only queries that have both judgments (any,
//   even all non-relevant) and at least one retrieved document are scored and averaged; a run
//   query without judgments is ignored. With all_queries (trec_eval -c), every query of the qrels
//   is scored; one missing from the run scores 0 on every measure.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::evaluation {

/// Relevance judgments: qid -> docid -> relevance (0 or negative: not relevant).
struct Qrels {
    std::map<std::string, std::map<std::string, int>> judgments;
};

/// Reads a qrels file: lines "qid iter docid relevance" separated by whitespace, relevance an
/// integer. Blank lines and lines starting with '#' are skipped. Throws quarry::IoError if the
/// file cannot be read, quarry::InputError naming file and line for a malformed line or a
/// document judged twice for the same query.
Qrels read_qrels(const std::filesystem::path& path);
/// The same, from text already in memory; `file` names it in error messages.
Qrels parse_qrels(std::string_view text, const std::string& file);

struct RunEntry {
    std::string docid;
    double score = 0;
    int rank = 0;  ///< as written in the run; ignored by evaluation (as trec_eval ignores it)
};

/// Retrieved documents: qid -> entries, in file order.
struct Run {
    std::map<std::string, std::vector<RunEntry>> results;
};

/// Reads a run file: lines "qid Q0 docid rank score tag" separated by whitespace (fields after
/// the tag are ignored, as trec_eval ignores them). Blank lines and lines starting with '#' are
/// skipped. Throws quarry::IoError if the file cannot be read, quarry::InputError naming file
/// and line for a malformed line (missing field, rank not an integer, score not a finite or
/// infinite number) or for a document retrieved twice for the same query (trec_eval refuses
/// such runs).
Run read_run(const std::filesystem::path& path);
/// The same, from text already in memory; `file` names it in error messages.
Run parse_run(std::string_view text, const std::string& file);

/// `entries` in trec_eval's evaluation order (score descending, then docid descending), cut to
/// the first `max_results` (0: no cut).
std::vector<RunEntry> trec_order(std::vector<RunEntry> entries, std::size_t max_results);

struct EvalOptions {
    /// trec_eval -c: score and average over every query of the qrels; a query with no results
    /// scores 0. Off: only queries with both judgments and results count.
    bool all_queries = false;
    /// trec_eval -M: results per query kept after sorting (0: all). Note that trec_eval's own
    /// default is no limit; 1000 is the TREC convention, i.e. `trec_eval -M 1000`. The two agree
    /// whenever no query has more than 1000 results.
    std::size_t max_results = 1000;
    /// trec_eval -l: the smallest relevance value that counts as relevant.
    int relevance_level = 1;
};

/// Names of the measures computed, as trec_eval prints them (mrr_10 is quarry's own:
/// reciprocal rank of the first relevant document within the top 10, else 0).
inline constexpr std::array<std::string_view, 7> kMeasures = {
    "map", "recip_rank", "mrr_10", "P_10", "recall_100", "recall_1000", "ndcg_cut_10"};

struct QueryScores {
    std::map<std::string, double> metrics;  ///< one entry per name in kMeasures
};

struct EvalReport {
    std::map<std::string, QueryScores> per_query;  ///< the queries averaged over
    std::map<std::string, double> mean;            ///< arithmetic mean over per_query
    std::size_t queries = 0;                       ///< per_query.size()
};

/// Scores one query: `judgments` are its qrels (docid -> relevance), `entries` its results in
/// any order. Throws quarry::Error if a document appears twice among the results kept.
QueryScores score_query(const std::map<std::string, int>& judgments, const std::vector<RunEntry>& entries,
                        const EvalOptions& options = {});

/// Scores every query selected by `options` and averages. Throws quarry::Error when no query
/// is selected (trec_eval: "No queries with both results and relevance info") or when a query
/// has a duplicate document among the results kept.
EvalReport evaluate(const Qrels& qrels, const Run& run, const EvalOptions& options = {});

}  // namespace quarry::evaluation
