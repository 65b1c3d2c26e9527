// Analyzer throughput on English prose and on Chinese text, in bytes per second.
#include <benchmark/benchmark.h>

#include "analysis/analyzer.hpp"
#include "bench_index.hpp"

namespace {

void BM_AnalyzeEnglish(benchmark::State& state) {
    quarry::analysis::Analyzer analyzer;
    const std::string text =
        "Xiaomi's Smart Factory officially started construction in Changping today. The factory will deploy "
        "Xiaomi's second-generation mobile phone smart production line, and build a world-class smart factory "
        "that meets the \"Lighthouse Factory\" standard. The annual production capacity will not be less than "
        "10 million smart phones, with an estimated output value of about RMB60 billion (33.7% more).";
    std::vector<quarry::analysis::Token> tokens;
    for (auto _ : state) {
        tokens.clear();
        analyzer.analyze(text, tokens);
        benchmark::DoNotOptimize(tokens.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_AnalyzeEnglish);

void BM_AnalyzeChinese(benchmark::State& state) {
    quarry::analysis::Analyzer analyzer;
    const std::string text = "小米智能工厂二期今天在昌平正式开工建设。工厂将部署小米第二代手机智能生产线，年产能不低于一千万台。";
    std::vector<quarry::analysis::Token> tokens;
    for (auto _ : state) {
        tokens.clear();
        analyzer.analyze(text, tokens);
        benchmark::DoNotOptimize(tokens.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_AnalyzeChinese);

}  // namespace
