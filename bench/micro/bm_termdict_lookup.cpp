// Term dictionary: exact lookups of existing and missing keys.
#include <benchmark/benchmark.h>

#include "bench_index.hpp"
#include "index/fields.hpp"

namespace {

using quarry::index::Field;

void BM_TermLookupHit(benchmark::State& state) {
    const auto& segment = quarry::bench::bench_segment();
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < 1000; ++i) keys.push_back(quarry::bench::bench_key(i * 7));
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(segment.terms().find(keys[i++ % keys.size()]));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TermLookupHit);

void BM_TermLookupMiss(benchmark::State& state) {
    const auto& segment = quarry::bench::bench_segment();
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < 1000; ++i) keys.push_back(quarry::index::make_key(Field::All, "zz" + std::to_string(i)));
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(segment.terms().find(keys[i++ % keys.size()]));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TermLookupMiss);

}  // namespace
