// The top-k queue under a stream of random scores, and a whole BM25 OR query over a segment.
#include <random>

#include <benchmark/benchmark.h>

#include "bench_index.hpp"
#include "eval/topk_queue.hpp"
#include "quarry/index.hpp"

namespace {

void BM_TopKPush(benchmark::State& state) {
    std::mt19937_64 random(3);
    std::vector<double> scores(1 << 16);
    for (auto& score : scores) score = static_cast<double>(random() % 100000) / 1000.0;
    const auto k = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        quarry::eval::TopKQueue queue(k);
        for (std::size_t i = 0; i < scores.size(); ++i) queue.push(scores[i], i);
        benchmark::DoNotOptimize(queue.threshold());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * scores.size()));
}
BENCHMARK(BM_TopKPush)->Arg(10)->Arg(1000);

}  // namespace
