// The evaluation library against values worked out by hand from trec_eval 9.x's definitions
// (form_res_rels.c, m_map.c, m_recip_rank.c, m_P.c, m_recall.c, m_ndcg_cut.c, trec_eval.c,
// meas_avg.c). Every expected number is derived in the comment above it.

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "quarry/errors.hpp"
#include "quarry/evaluation.hpp"
#include "support/temp_dir.hpp"

namespace quarry::evaluation {
namespace {

using quarry::testing::TempDir;
using quarry::testing::write_file;

constexpr double kTolerance = 1e-12;

Qrels qrels_file(const TempDir& dir, const std::string& text) {
    write_file(dir / "qrels.txt", text);
    return read_qrels(dir / "qrels.txt");
}

Run run_file(const TempDir& dir, const std::string& text) {
    write_file(dir / "run.txt", text);
    return read_run(dir / "run.txt");
}

// A run line for `docid` at `score` (the rank column is deliberately meaningless: 0).
std::string line(const std::string& qid, const std::string& docid, double score) {
    return std::string(qid).append(" Q0 ").append(docid).append(" 0 ").append(std::to_string(score)).append(" test\n");
}

double metric(const EvalReport& report, const std::string& qid, const std::string& name) {
    return report.per_query.at(qid).metrics.at(name);
}

std::vector<std::string> docids(const std::vector<RunEntry>& entries) {
    std::vector<std::string> ids;
    for (const RunEntry& entry : entries) ids.push_back(entry.docid);
    return ids;
}

template <typename Exception, typename Function>
std::optional<Exception> thrown_by(Function&& function) {
    try {
        function();
    } catch (const Exception& error) {
        return error;
    }
    ADD_FAILURE() << "expected an exception";
    return std::nullopt;
}

TEST(TrecMetrics, SortsByScoreThenDocidDescendingAndIgnoresTheRankColumn) {
    // Scores: d 3.0 > a 2.0 > {b, c} 1.0; the tie goes to the greater docid (strcmp): c before b.
    // The rank column claims the opposite order and is ignored.
    const std::vector<RunEntry> entries = {{"a", 2.0, 1}, {"b", 1.0, 2}, {"c", 1.0, 3}, {"d", 3.0, 4}};
    EXPECT_EQ(docids(trec_order(entries, 0)), (std::vector<std::string>{"d", "a", "c", "b"}));
}

TEST(TrecMetrics, TieBreakingComparesBytesLikeStrcmp) {
    // All tied. Descending byte order: "\xc3\xa9" (0xc3 > 'z', compared unsigned) > "z" >
    // "doc9" > "doc10" ('9' > '1') > "B" ('B' = 0x42 < 'd' = 0x64).
    const std::vector<RunEntry> entries = {
        {"doc10", 5.0, 1}, {"B", 5.0, 2}, {"doc9", 5.0, 3}, {"z", 5.0, 4}, {"\xc3\xa9", 5.0, 5}};
    EXPECT_EQ(docids(trec_order(entries, 0)),
              (std::vector<std::string>{"\xc3\xa9", "z", "doc9", "doc10", "B"}));
    // Cut after sorting: the first two in that order.
    EXPECT_EQ(docids(trec_order(entries, 2)), (std::vector<std::string>{"\xc3\xa9", "z"}));
}

TEST(TrecMetrics, TieBreakDecidesWhichDocumentRanksFirst) {
    TempDir dir;
    // a and b tie at 1.0; b > a so b is ranked first although the file lists a first with rank 1.
    const Qrels qrels = qrels_file(dir, "q1 0 a 1\nq1 0 b 0\n");
    const evaluation::Run run = run_file(dir, "q1 Q0 a 1 1.0 t\nq1 Q0 b 2 1.0 t\n");
    const EvalReport report = evaluate(qrels, run, {});
    // Relevant a at rank 2: recip_rank = 1/2; map = (1/2) / 1 relevant = 0.5.
    EXPECT_NEAR(metric(report, "q1", "recip_rank"), 0.5, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "map"), 0.5, kTolerance);
}

TEST(TrecMetrics, BinaryRelevance) {
    TempDir dir;
    // q1 has 4 relevant documents (d1, d2, d3, d5); d4 is judged non-relevant.
    const Qrels qrels = qrels_file(dir, "q1 0 d1 1\nq1 0 d2 1\nq1 0 d3 1\nq1 0 d4 0\nq1 0 d5 1\n");
    // Ranking: 1 d4 (non-relevant), 2 d1 (rel), 3 x1 (not judged), 4 d2 (rel), 5 d3 (rel).
    const evaluation::Run run = run_file(dir, line("q1", "d4", 5) + line("q1", "d1", 4) + line("q1", "x1", 3) +
                                      line("q1", "d2", 2) + line("q1", "d3", 1));
    const EvalReport report = evaluate(qrels, run, {});
    ASSERT_EQ(report.queries, 1U);
    // map = (1/2 + 2/4 + 3/5) / 4 = 1.6 / 4 = 0.4
    EXPECT_NEAR(metric(report, "q1", "map"), 0.4, kTolerance);
    // First relevant at rank 2.
    EXPECT_NEAR(metric(report, "q1", "recip_rank"), 0.5, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "mrr_10"), 0.5, kTolerance);
    // 3 relevant among 5 retrieved, still divided by 10: 0.3.
    EXPECT_NEAR(metric(report, "q1", "P_10"), 0.3, kTolerance);
    // 3 of 4 relevant retrieved.
    EXPECT_NEAR(metric(report, "q1", "recall_100"), 0.75, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "recall_1000"), 0.75, kTolerance);
    // DCG = 1/log2(3) + 1/log2(5) + 1/log2(6) = 1.4484591188...
    // IDCG (4 relevant) = 1/log2(2) + 1/log2(3) + 1/log2(4) + 1/log2(5) = 2.5616063116...
    // nDCG = 0.5654495432...
    const double dcg = 1 / std::log2(3.0) + 1 / std::log2(5.0) + 1 / std::log2(6.0);
    const double ideal = 1 + 1 / std::log2(3.0) + 0.5 + 1 / std::log2(5.0);
    EXPECT_NEAR(metric(report, "q1", "ndcg_cut_10"), dcg / ideal, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "ndcg_cut_10"), 0.5654495432, 1e-10);
    // One query: the mean is its value.
    EXPECT_NEAR(report.mean.at("map"), 0.4, kTolerance);
}

TEST(TrecMetrics, GradedRelevanceAndNegativeJudgments) {
    TempDir dir;
    // Grades: a 3, b 2, c 1, d 0, e 2; f is judged -1 (in the pool, unjudged: never relevant,
    // never a gain, not counted among the relevant).
    const Qrels qrels = qrels_file(dir, "q1 0 a 3\nq1 0 b 2\nq1 0 c 1\nq1 0 d 0\nq1 0 e 2\nq1 0 f -1\n");
    // Ranking: 1 c (1), 2 a (3), 3 f (-1), 4 d (0), 5 b (2), 6 z (not in qrels).
    const evaluation::Run run = run_file(dir, line("q1", "c", 6) + line("q1", "a", 5) + line("q1", "f", 4) +
                                      line("q1", "d", 3) + line("q1", "b", 2) + line("q1", "z", 1));
    const EvalReport report = evaluate(qrels, run, {});
    // Relevant (>= 1): a, b, c, e -> 4. Retrieved relevant at ranks 1, 2, 5.
    // map = (1/1 + 2/2 + 3/5) / 4 = 2.6 / 4 = 0.65
    EXPECT_NEAR(metric(report, "q1", "map"), 0.65, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "recip_rank"), 1.0, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "P_10"), 0.3, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "recall_100"), 0.75, kTolerance);
    // Gains are the grades: DCG = 1/log2(2) + 3/log2(3) + 2/log2(6) = 3.6664948751...
    // Ideal gains 3, 2, 2, 1: IDCG = 3/1 + 2/log2(3) + 2/log2(4) + 1/log2(5) = 5.6925360652...
    // nDCG = 0.6440881240...
    const double dcg = 1 + 3 / std::log2(3.0) + 2 / std::log2(6.0);
    const double ideal = 3 + 2 / std::log2(3.0) + 1 + 1 / std::log2(5.0);
    EXPECT_NEAR(metric(report, "q1", "ndcg_cut_10"), dcg / ideal, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "ndcg_cut_10"), 0.6440881240, 1e-10);

    // trec_eval -l 2: relevant are a, b, e (3). Retrieved relevant at ranks 2 (a) and 5 (b):
    // map = (1/2 + 2/5) / 3 = 0.3; recip_rank = 1/2; P_10 = 0.2; recall = 2/3.
    // nDCG does not depend on the level (gains are the grades, ideal from all positive grades).
    EvalOptions level2;
    level2.relevance_level = 2;
    const EvalReport strict = evaluate(qrels, run, level2);
    EXPECT_NEAR(metric(strict, "q1", "map"), 0.3, kTolerance);
    EXPECT_NEAR(metric(strict, "q1", "recip_rank"), 0.5, kTolerance);
    EXPECT_NEAR(metric(strict, "q1", "P_10"), 0.2, kTolerance);
    EXPECT_NEAR(metric(strict, "q1", "recall_100"), 2.0 / 3.0, kTolerance);
    EXPECT_NEAR(metric(strict, "q1", "ndcg_cut_10"), dcg / ideal, kTolerance);
}

TEST(TrecMetrics, CutOffsAtTen) {
    TempDir dir;
    // 11 relevant documents r01..r11.
    std::string judgments;
    for (int i = 1; i <= 11; ++i) judgments += "q1 0 r" + std::string(i < 10 ? "0" : "") + std::to_string(i) + " 1\n";
    // q1: 10 unjudged documents, then r01 at rank 11.
    // q2: r01..r10 at ranks 1..10.
    std::string lines;
    for (int i = 1; i <= 10; ++i) lines += line("q1", "n" + std::to_string(i), 100 - i);
    lines += line("q1", "r01", 50);
    for (int i = 1; i <= 10; ++i) lines += line("q2", "r" + std::string(i < 10 ? "0" : "") + std::to_string(i), 100 - i);
    for (int i = 1; i <= 11; ++i) {
        judgments += "q2 0 r" + std::string(i < 10 ? "0" : "") + std::to_string(i) + " 1\n";
    }
    const Qrels qrels = qrels_file(dir, judgments);
    const EvalReport report = evaluate(qrels, run_file(dir, lines), {});
    // q1: nothing relevant in the top 10: P_10 = nDCG@10 = mrr_10 = 0; recip_rank = 1/11;
    // recall_100 = 1/11; map = (1/11) / 11 = 1/121.
    EXPECT_EQ(metric(report, "q1", "P_10"), 0.0);
    EXPECT_EQ(metric(report, "q1", "ndcg_cut_10"), 0.0);
    EXPECT_EQ(metric(report, "q1", "mrr_10"), 0.0);
    EXPECT_NEAR(metric(report, "q1", "recip_rank"), 1.0 / 11, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "recall_100"), 1.0 / 11, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "map"), 1.0 / 121, kTolerance);
    // q2: the top 10 are all relevant and the ideal ranking is cut at 10 too: nDCG@10 = 1,
    // P_10 = 1; recall = 10/11; map = (1/1 + ... + 10/10) / 11 = 10/11.
    EXPECT_NEAR(metric(report, "q2", "ndcg_cut_10"), 1.0, kTolerance);
    EXPECT_NEAR(metric(report, "q2", "P_10"), 1.0, kTolerance);
    EXPECT_NEAR(metric(report, "q2", "recall_100"), 10.0 / 11, kTolerance);
    EXPECT_NEAR(metric(report, "q2", "map"), 10.0 / 11, kTolerance);
    EXPECT_NEAR(metric(report, "q2", "mrr_10"), 1.0, kTolerance);
    // Means over the two queries: map = (1/121 + 10/11) / 2 = (1 + 110) / 242 = 111/242.
    EXPECT_NEAR(report.mean.at("map"), 111.0 / 242, kTolerance);
    EXPECT_NEAR(report.mean.at("P_10"), 0.5, kTolerance);
    EXPECT_NEAR(report.mean.at("recip_rank"), (1.0 / 11 + 1.0) / 2, kTolerance);
}

TEST(TrecMetrics, QueryWithoutRelevantDocumentsScoresZeroAndCounts) {
    TempDir dir;
    // q1: one relevant document a, retrieved first (every measure 1, P_10 0.1).
    // q2: judged, but nothing relevant: every measure 0 (map and recall are left at 0 rather than
    // divided by 0 relevant), and it still counts in the mean.
    const Qrels qrels = qrels_file(dir, "q1 0 a 1\nq2 0 x 0\nq2 0 y 0\n");
    const evaluation::Run run = run_file(dir, line("q1", "a", 1) + line("q2", "x", 2) + line("q2", "y", 1));
    const EvalReport report = evaluate(qrels, run, {});
    ASSERT_EQ(report.queries, 2U);
    for (const std::string_view name : kMeasures) {
        EXPECT_EQ(metric(report, "q2", std::string(name)), 0.0) << name;
    }
    EXPECT_NEAR(metric(report, "q1", "map"), 1.0, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "ndcg_cut_10"), 1.0, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "P_10"), 0.1, kTolerance);
    // Means: map (1 + 0) / 2 = 0.5; P_10 (0.1 + 0) / 2 = 0.05.
    EXPECT_NEAR(report.mean.at("map"), 0.5, kTolerance);
    EXPECT_NEAR(report.mean.at("P_10"), 0.05, kTolerance);
    EXPECT_NEAR(report.mean.at("recall_1000"), 0.5, kTolerance);
}

TEST(TrecMetrics, QueriesMissingFromTheRunWithAndWithoutAllQueries) {
    TempDir dir;
    // q1 retrieves its relevant a first (map 1, P_10 0.1); q2 retrieves only an unjudged z (all 0);
    // q3 is not in the run; q4 is in the run but not in the qrels (always ignored).
    const Qrels qrels = qrels_file(dir, "q1 0 a 1\nq2 0 b 1\nq3 0 c 1\n");
    const evaluation::Run run = run_file(dir, line("q1", "a", 1) + line("q2", "z", 1) + line("q4", "a", 1));

    const EvalReport intersection = evaluate(qrels, run, {});
    // Default: q1 and q2 only. map = (1 + 0) / 2 = 0.5; P_10 = (0.1 + 0) / 2 = 0.05.
    EXPECT_EQ(intersection.queries, 2U);
    EXPECT_EQ(intersection.per_query.count("q3"), 0U);
    EXPECT_EQ(intersection.per_query.count("q4"), 0U);
    EXPECT_NEAR(intersection.mean.at("map"), 0.5, kTolerance);
    EXPECT_NEAR(intersection.mean.at("P_10"), 0.05, kTolerance);

    EvalOptions complete;
    complete.all_queries = true;
    const EvalReport all = evaluate(qrels, run, complete);
    // -c: q1, q2, q3 (q3 scores 0). map = (1 + 0 + 0) / 3 = 1/3; P_10 = 0.1 / 3.
    EXPECT_EQ(all.queries, 3U);
    ASSERT_EQ(all.per_query.count("q3"), 1U);
    for (const std::string_view name : kMeasures) EXPECT_EQ(metric(all, "q3", std::string(name)), 0.0) << name;
    EXPECT_EQ(all.per_query.count("q4"), 0U);
    EXPECT_NEAR(all.mean.at("map"), 1.0 / 3, kTolerance);
    EXPECT_NEAR(all.mean.at("P_10"), 0.1 / 3, kTolerance);
    EXPECT_NEAR(all.mean.at("recip_rank"), 1.0 / 3, kTolerance);
}

TEST(TrecMetrics, OnlyTheFirstThousandResultsCount) {
    TempDir dir;
    // q1 retrieves d0001..d1005 in that order (scores 1005 down to 1); d0003, d1000 and d1001 are
    // relevant (3). q2 retrieves the same; only d1001 is relevant.
    std::string judgments = "q1 0 d0003 1\nq1 0 d1000 1\nq1 0 d1001 1\nq2 0 d1001 1\n";
    std::string lines;
    for (int i = 1; i <= 1005; ++i) {
        std::string id = std::to_string(i);
        id.insert(0, 4 - id.size(), '0');
        lines += line("q1", "d" + id, 1006 - i);
        lines += line("q2", "d" + id, 1006 - i);
    }
    const Qrels qrels = qrels_file(dir, judgments);
    const evaluation::Run run = run_file(dir, lines);

    const EvalReport report = evaluate(qrels, run, {});
    // Ranks 3 and 1000 are kept, 1001 is cut: map = (1/3 + 2/1000) / 3 = 0.1117777...
    EXPECT_NEAR(metric(report, "q1", "map"), (1.0 / 3 + 2.0 / 1000) / 3, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "map"), 0.1117777778, 1e-10);
    EXPECT_NEAR(metric(report, "q1", "recall_1000"), 2.0 / 3, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "recall_100"), 1.0 / 3, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "P_10"), 0.1, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "recip_rank"), 1.0 / 3, kTolerance);
    EXPECT_NEAR(metric(report, "q1", "mrr_10"), 1.0 / 3, kTolerance);
    // DCG = 1/log2(4) = 0.5; IDCG (3 relevant) = 1 + 1/log2(3) + 1/log2(4); nDCG = 0.2346393630...
    EXPECT_NEAR(metric(report, "q1", "ndcg_cut_10"), 0.5 / (1 + 1 / std::log2(3.0) + 0.5), kTolerance);
    EXPECT_NEAR(metric(report, "q1", "ndcg_cut_10"), 0.2346393630, 1e-10);
    // q2's only relevant document is at rank 1001: cut, so even recip_rank is 0.
    EXPECT_EQ(metric(report, "q2", "recip_rank"), 0.0);
    EXPECT_EQ(metric(report, "q2", "map"), 0.0);

    // Without the cut (trec_eval's own default -M): map = (1/3 + 2/1000 + 3/1001) / 3;
    // recall_1000 still counts the first 1000 only; q2 gets recip_rank 1/1001, map 1/1001.
    EvalOptions unlimited;
    unlimited.max_results = 0;
    const EvalReport whole = evaluate(qrels, run, unlimited);
    EXPECT_NEAR(metric(whole, "q1", "map"), (1.0 / 3 + 2.0 / 1000 + 3.0 / 1001) / 3, kTolerance);
    EXPECT_NEAR(metric(whole, "q1", "recall_1000"), 2.0 / 3, kTolerance);
    EXPECT_NEAR(metric(whole, "q2", "recip_rank"), 1.0 / 1001, kTolerance);
    EXPECT_NEAR(metric(whole, "q2", "map"), 1.0 / 1001, kTolerance);
}

TEST(TrecMetrics, TiesAreBrokenBeforeTheCut) {
    // Three documents tied at 1.0, kept 2: c and b (docid descending); the relevant a is cut.
    const std::map<std::string, int> judgments = {{"a", 1}};
    const std::vector<RunEntry> entries = {{"a", 1.0, 1}, {"b", 1.0, 2}, {"c", 1.0, 3}};
    EvalOptions two;
    two.max_results = 2;
    const QueryScores cut = score_query(judgments, entries, two);
    EXPECT_EQ(cut.metrics.at("map"), 0.0);
    EXPECT_EQ(cut.metrics.at("recip_rank"), 0.0);
    // Uncut: a is third. map = (1/3) / 1; recip_rank 1/3.
    const QueryScores whole = score_query(judgments, entries, {});
    EXPECT_NEAR(whole.metrics.at("map"), 1.0 / 3, kTolerance);
    EXPECT_NEAR(whole.metrics.at("recip_rank"), 1.0 / 3, kTolerance);
}

TEST(TrecMetrics, DuplicateDocumentsInTheKeptResultsAreRejected) {
    const std::map<std::string, int> judgments = {{"a", 1}};
    const std::vector<RunEntry> entries = {{"a", 3.0, 1}, {"b", 2.0, 2}, {"a", 1.0, 3}};
    EXPECT_THROW(score_query(judgments, entries, {}), quarry::Error);
    // As in form_res_rels.c, only the results kept are checked: cut to 2, a appears once.
    EvalOptions two;
    two.max_results = 2;
    EXPECT_NO_THROW(score_query(judgments, entries, two));

    Qrels qrels;
    qrels.judgments["q7"] = judgments;
    evaluation::Run run;
    run.results["q7"] = entries;
    const auto error = thrown_by<quarry::Error>([&] { evaluate(qrels, run, {}); });
    ASSERT_TRUE(error);
    EXPECT_NE(std::string(error->what()).find("q7"), std::string::npos) << error->what();
    EXPECT_NE(std::string(error->what()).find("'a'"), std::string::npos) << error->what();
}

TEST(TrecMetrics, NoQueryToEvaluateIsAnError) {
    TempDir dir;
    const Qrels qrels = qrels_file(dir, "q1 0 a 1\n");
    const evaluation::Run run = run_file(dir, line("q2", "a", 1));
    EXPECT_THROW(evaluate(qrels, run, {}), quarry::Error);
    // With -c, q1 is evaluated (and scores 0).
    EvalOptions complete;
    complete.all_queries = true;
    const EvalReport report = evaluate(qrels, run, complete);
    EXPECT_EQ(report.queries, 1U);
    EXPECT_EQ(report.mean.at("map"), 0.0);
}

TEST(TrecMetrics, ReadsQrelsAndRuns) {
    TempDir dir;
    // Comments, blank lines, CRLF, tabs, a '+' sign, negative and graded relevance.
    const Qrels qrels = qrels_file(dir, "# judgments\n\nq1 0 a 2\r\nq1\t0\tb\t-1\n  q2 0 c +1\n");
    ASSERT_EQ(qrels.judgments.size(), 2U);
    EXPECT_EQ(qrels.judgments.at("q1").at("a"), 2);
    EXPECT_EQ(qrels.judgments.at("q1").at("b"), -1);
    EXPECT_EQ(qrels.judgments.at("q2").at("c"), 1);

    // Fields after the tag are ignored; scores may be scientific; no final newline.
    const evaluation::Run run = run_file(dir, "q1 Q0 a 1 1.5e2 tag extra\r\n# note\nq1 Q0 b 2 -3 tag\nq2 Q0 c 7 0.25 tag");
    ASSERT_EQ(run.results.size(), 2U);
    ASSERT_EQ(run.results.at("q1").size(), 2U);
    EXPECT_EQ(run.results.at("q1")[0].docid, "a");
    EXPECT_EQ(run.results.at("q1")[0].score, 150.0);
    EXPECT_EQ(run.results.at("q1")[0].rank, 1);
    EXPECT_EQ(run.results.at("q1")[1].score, -3.0);
    EXPECT_EQ(run.results.at("q2")[0].rank, 7);
    EXPECT_EQ(run.results.at("q2")[0].score, 0.25);
}

// A malformed file, the line the error must name and a fragment of its message.
struct MalformedFile {
    std::string text;
    std::uint64_t line;
    std::string fragment;
};

// Writes each case to `path` and checks that `read` rejects it with an InputError naming the
// file and the line, its message starting "path:line: ".
template <typename Read>
void expect_errors_name_file_and_line(const std::string& path, const std::vector<MalformedFile>& cases, Read&& read) {
    for (const MalformedFile& c : cases) {
        write_file(path, c.text);
        const auto error = thrown_by<InputError>(read);
        ASSERT_TRUE(error) << c.text;
        EXPECT_EQ(error->file(), path);
        EXPECT_EQ(error->line(), c.line) << c.text;
        const std::string message = error->what();
        EXPECT_EQ(message.rfind(path + ":" + std::to_string(c.line) + ": ", 0), 0U) << message;
        EXPECT_NE(message.find(c.fragment), std::string::npos) << message;
    }
}

TEST(TrecMetrics, MalformedQrelsLinesNameFileAndLine) {
    TempDir dir;
    const std::string path = (dir / "qrels.txt").string();
    const std::vector<MalformedFile> cases = {
        {"q1 0 a 1\n# comment\n\nq1 0 b\n", 4, ": expected 'qid iter docid relevance', found 3 fields"},
        {"q1 0 a 1 extra\n", 1, ": expected 'qid iter docid relevance', found 5 fields"},
        {"q1 0 a 1\nq1 0 b x\n", 2, "relevance 'x' is not an integer"},
        {"q1 0 a 1.5\n", 1, "relevance '1.5' is not an integer"},
        {"q1 0 a 1\nq2 0 a 1\nq1 0 a 0\n", 3, "document 'a' is judged twice for query 'q1' (first on line 1)"},
    };
    expect_errors_name_file_and_line(path, cases, [&] { read_qrels(path); });
    // The byte offset points at the bad relevance: "q1 0 a 1\n" is 9 bytes, "q1 0 b " 7 more.
    write_file(path, "q1 0 a 1\nq1 0 b x\n");
    const auto error = thrown_by<InputError>([&] { read_qrels(path); });
    ASSERT_TRUE(error);
    EXPECT_EQ(error->byte(), 16);
}

TEST(TrecMetrics, MalformedRunLinesNameFileAndLine) {
    TempDir dir;
    const std::string path = (dir / "run.txt").string();
    const std::vector<MalformedFile> cases = {
        {"q1 Q0 a 1 2.0 t\nq1 Q0 b 2 1.0\n", 2, ": expected 'qid Q0 docid rank score tag', found 5 fields"},
        {"q1\n", 1, "found 1 field"},
        {"q1 Q0 a 1 high t\n", 1, "score 'high' is not a number"},
        {"q1 Q0 a 1 nan t\n", 1, "score 'nan' is not a number"},
        {"q1 Q0 a 1 2.0x t\n", 1, "score '2.0x' is not a number"},
        {"q1 Q0 a one 2.0 t\n", 1, "rank 'one' is not an integer"},
        {"q1 Q0 a 1 3 t\nq2 Q0 a 1 3 t\nq1 Q0 b 2 2 t\nq1 Q0 a 3 1 t\n", 4,
         "document 'a' is retrieved twice for query 'q1' (first on line 1)"},
    };
    expect_errors_name_file_and_line(path, cases, [&] { read_run(path); });
}

TEST(TrecMetrics, UnreadableFilesAreIoErrors) {
    TempDir dir;
    EXPECT_THROW(read_qrels(dir / "missing.qrels"), quarry::IoError);
    EXPECT_THROW(read_run(dir / "missing.run"), quarry::IoError);
    EXPECT_THROW(read_run(dir.path()), quarry::IoError);
}

}  // namespace
}  // namespace quarry::evaluation
