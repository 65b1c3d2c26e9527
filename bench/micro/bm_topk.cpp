// The top-k queue under a stream of random scores, and BM25 scoring of a decoded block.
#include <random>

#include <benchmark/benchmark.h>

#include "eval/topk_queue.hpp"
#include "scoring/bm25.hpp"

namespace {

// Offers `count` random scores to a queue of the benchmark's k; with `take`, then takes the k
// best in order, as a whole query does.
void offer_random_scores(benchmark::State& state, std::size_t count, bool take) {
    std::mt19937_64 random(3);
    std::vector<double> scores(count);
    for (auto& score : scores) score = static_cast<double>(random() % 100000) / 1000.0;
    const auto k = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        quarry::eval::TopKQueue queue(k);
        for (std::size_t i = 0; i < scores.size(); ++i) queue.push(scores[i], i);
        if (take) benchmark::DoNotOptimize(queue.take_sorted().data());
        benchmark::DoNotOptimize(queue.threshold());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * scores.size()));
}

void BM_TopKPush(benchmark::State& state) { offer_random_scores(state, 1 << 16, false); }
BENCHMARK(BM_TopKPush)->Arg(10)->Arg(1000);

void BM_TopKCollect(benchmark::State& state) { offer_random_scores(state, 1 << 14, true); }
BENCHMARK(BM_TopKCollect)->Arg(10)->Arg(1000);

// Selecting the best half of 2000 candidates: exactly (0, select_best) or at least
// (1, partition_best), as the buffered queue does when it fills.
void BM_TopKSelect(benchmark::State& state) {
    std::mt19937_64 random(5);
    std::vector<quarry::eval::ScoredDoc> candidates(2000);
    for (std::size_t i = 0; i < candidates.size(); ++i)
        candidates[i] = {static_cast<double>(random() % 100000) / 1000.0, i};
    std::vector<quarry::eval::ScoredDoc> work;
    for (auto _ : state) {
        work = candidates;
        if (state.range(0) == 0) quarry::eval::select_best(work.data(), work.size(), 1000);
        else benchmark::DoNotOptimize(quarry::eval::partition_best(work.data(), work.size(), 1000));
        benchmark::DoNotOptimize(work.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * candidates.size()));
}
BENCHMARK(BM_TopKSelect)->Arg(0)->Arg(1);

// Ordering a top-1000 list, as the last step of a query: random distinct scores (0), or the
// scores of one word (1), which a frequency and a length make, so that many tie.
void BM_TopKSortRanked(benchmark::State& state) {
    std::mt19937_64 random(6);
    const quarry::scoring::Bm25Term term(2.3, 1.2, 0.75, 257.7);
    std::vector<quarry::eval::ScoredDoc> entries(1000);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        std::uint32_t freq = 1;
        while (freq < 20 && random() % 5 < 2) ++freq;
        const double score = state.range(0) == 0 ? static_cast<double>(random() % 1000000) / 1000.0
                                                 : term.score(freq, static_cast<std::uint32_t>(150 + random() % 300));
        entries[i] = {score, random() % 150000};
    }
    std::vector<quarry::eval::ScoredDoc> sorted;
    for (auto _ : state) {
        quarry::eval::sort_ranked_into(entries.data(), entries.size(), sorted);
        benchmark::DoNotOptimize(sorted.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * entries.size()));
}
BENCHMARK(BM_TopKSortRanked)->Arg(0)->Arg(1);

// Scoring one block of 128 postings: frequencies and document lengths as a decoder leaves them.
void BM_Bm25ScoreBlock(benchmark::State& state) {
    std::mt19937 random(4);
    std::uint32_t freqs[128], docs[128];
    std::vector<std::uint32_t> lengths(1 << 16);
    for (auto& length : lengths) length = 50 + random() % 500;
    for (int i = 0; i < 128; ++i) {
        freqs[i] = 1 + random() % 5;
        docs[i] = static_cast<std::uint32_t>(i * 400 + random() % 400);
    }
    const quarry::scoring::Bm25Term term(2.3, 1.2, 0.75, 257.7);
    for (auto _ : state) {
        double sum = 0;
        for (int i = 0; i < 128; ++i) sum += term.score(freqs[i], lengths[docs[i]]);
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 128);
}
BENCHMARK(BM_Bm25ScoreBlock);

}  // namespace
