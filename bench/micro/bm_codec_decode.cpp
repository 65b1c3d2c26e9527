// Block decode throughput: unpacking 128 bit-packed integers, at every width that occurs in
// practice. Reported as integers per second.
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "codec/bitpack.hpp"
#include "codec/bitset.hpp"

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

// A dense block: 128 documents, one in `range(0)` of the range they span on average, as a bit
// set expanded to doc ids (what the cursor does on entering the block).
void BM_UnpackBitset(benchmark::State& state) {
    const auto one_in = static_cast<std::uint32_t>(state.range(0));
    std::mt19937 random(one_in);
    std::vector<std::uint32_t> ids;
    for (std::uint32_t doc = 0; ids.size() < quarry::codec::kBlockSize; ++doc)
        if (random() % one_in == 0) ids.push_back(doc);
    const std::uint32_t span = ids.back() + 1;
    std::vector<std::uint8_t> bits(quarry::codec::bitset_bytes(span));
    quarry::codec::pack_bitset(ids.data(), ids.size(), 0, span, bits.data());
    std::uint32_t out[quarry::codec::kBlockSize + quarry::codec::kBitsetSlack];
    for (auto _ : state) {
        benchmark::DoNotOptimize(quarry::codec::unpack_bitset(bits.data(), span, 0, out, quarry::codec::kBlockSize));
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 128);
}
BENCHMARK(BM_UnpackBitset)->Arg(2)->Arg(4);

}  // namespace
