// Block decode throughput: unpacking 128 bit-packed integers, at every width that occurs in
// practice. Reported as integers per second.
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "codec/bitpack.hpp"

namespace {

void BM_Unpack128(benchmark::State& state) {
    const auto bits = static_cast<std::uint32_t>(state.range(0));
    std::mt19937 random(bits);
    std::vector<std::uint32_t> values(quarry::codec::kBlockSize);
    for (auto& value : values) value = bits == 32 ? random() : random() & ((1u << bits) - 1);
    std::vector<std::uint8_t> packed(16 * 32 + 16);
    quarry::codec::pack128(values.data(), bits, packed.data());
    std::uint32_t out[quarry::codec::kBlockSize];
    for (auto _ : state) {
        quarry::codec::unpack128(packed.data(), bits, out);
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 128);
}
BENCHMARK(BM_Unpack128)->Arg(1)->Arg(4)->Arg(8)->Arg(12)->Arg(16)->Arg(24);

// A block of 128 random d-gaps of `bits` bits, packed.
std::vector<std::uint8_t> packed_gaps(std::uint32_t bits) {
    std::mt19937 random(bits);
    std::vector<std::uint32_t> values(quarry::codec::kBlockSize);
    for (auto& value : values) value = random() & ((1u << bits) - 1);
    std::vector<std::uint8_t> packed(16 * 32 + 16);
    quarry::codec::pack128(values.data(), bits, packed.data());
    return packed;
}

void BM_UnpackAndPrefixSum(benchmark::State& state) {
    const auto bits = static_cast<std::uint32_t>(state.range(0));
    const std::vector<std::uint8_t> packed = packed_gaps(bits);
    std::uint32_t out[quarry::codec::kBlockSize];
    for (auto _ : state) {
        quarry::codec::unpack128(packed.data(), bits, out);
        quarry::codec::prefix_sum_gaps(out, quarry::codec::kBlockSize, 0);
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 128);
}
BENCHMARK(BM_UnpackAndPrefixSum)->Arg(4)->Arg(8);

// The same work in one pass, as the postings cursor decodes a block of doc ids.
void BM_Unpack128Gaps(benchmark::State& state) {
    const auto bits = static_cast<std::uint32_t>(state.range(0));
    const std::vector<std::uint8_t> packed = packed_gaps(bits);
    std::uint32_t out[quarry::codec::kBlockSize];
    for (auto _ : state) {
        quarry::codec::unpack128_gaps(packed.data(), bits, out, 0);
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 128);
}
BENCHMARK(BM_Unpack128Gaps)->Arg(4)->Arg(8);

}  // namespace
