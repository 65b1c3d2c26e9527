// A block's length steps: every document lies within them, the bound they give holds for any
// BM25 parameters and is never above the bound from max_freq and min_length alone, and the
// writer's choice is the lowest bound at the default parameters (against a search of every
// pair of step lengths).
#include "scoring/block_limits.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "quarry/search.hpp"

namespace quarry::scoring {
namespace {

struct Block {
    std::vector<std::uint32_t> freqs, lengths;
};

BlockLimits limits_with(const Block& block, const LengthSteps& steps) {
    return {*std::max_element(block.freqs.begin(), block.freqs.end()), *std::min_element(block.lengths.begin(), block.lengths.end()),
            steps};
}

// Blocks like a common word's: mostly one occurrence, now and then many; lengths spread
// widely, sometimes past 16 bits, frequencies too.
Block random_block(std::mt19937_64& random) {
    Block block;
    const std::size_t size = 1 + random() % 128;
    const bool huge = random() % 8 == 0;
    for (std::size_t i = 0; i < size; ++i) {
        std::uint32_t freq = 1 + (random() % 3 == 0 ? static_cast<std::uint32_t>(random() % 12) : 0);
        std::uint32_t length = freq + static_cast<std::uint32_t>(random() % 600);
        if (huge && random() % 4 == 0) {
            length += 60000 + static_cast<std::uint32_t>(random() % 20000);
            if (random() % 2 == 0) freq += 65000 + static_cast<std::uint32_t>(random() % 1000);
        }
        block.freqs.push_back(freq);
        block.lengths.push_back(length);
    }
    return block;
}

// The lowest bound at `term` over every pair of step lengths among the block's lengths and
// 2^16 - 1, each range's frequency its largest, where lengths and frequencies fit 16 bits.
double lowest_bound(const Bm25Term& term, const Block& block) {
    std::vector<std::uint32_t> ends(block.lengths.begin(), block.lengths.end());
    ends.push_back(UINT16_MAX);
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
    double lowest = upper_bound(term, limits_with(block, {}));
    for (std::uint32_t first_end : ends)
        for (std::uint32_t second_end : ends) {
            if (second_end < first_end || second_end > UINT16_MAX) continue;
            std::uint32_t first_freq = 0, second_freq = 0;
            for (std::size_t i = 0; i < block.freqs.size(); ++i) {
                if (block.lengths[i] < first_end) first_freq = std::max(first_freq, block.freqs[i]);
                else if (block.lengths[i] < second_end) second_freq = std::max(second_freq, block.freqs[i]);
            }
            if (first_freq > UINT16_MAX || second_freq > UINT16_MAX) continue;
            const LengthSteps steps{{static_cast<std::uint16_t>(first_end), static_cast<std::uint16_t>(second_end)},
                                    {static_cast<std::uint16_t>(first_freq), static_cast<std::uint16_t>(second_freq)}};
            lowest = std::min(lowest, upper_bound(term, limits_with(block, steps)));
        }
    return lowest;
}

TEST(BlockLimits, TheDefaultsAreTheSearchDefaults) {
    EXPECT_EQ(kDefaultK1, Bm25Params{}.k1);
    EXPECT_EQ(kDefaultB, Bm25Params{}.b);
}

TEST(BlockLimits, NoStepsBoundAsMaxFreqAtMinLength) {
    const Bm25Term term(2.0, 1.2, 0.75, 100);
    EXPECT_EQ(upper_bound(term, {7, 30, {}}), term.score(7, 30));
}

TEST(BlockLimits, StepsKeepALongRepetitiveDocumentApartFromShortOnes) {
    // 127 short documents with the word once and one long one with it 20 times: one range
    // would bound the block by 20 occurrences in 10 words, far above any of its scores.
    Block block;
    for (std::uint32_t i = 0; i < 127; ++i) {
        block.freqs.push_back(1);
        block.lengths.push_back(10 + i);
    }
    block.freqs.push_back(20);
    block.lengths.push_back(2000);
    const double average = 300;
    const LengthSteps steps = choose_length_steps(block.freqs, block.lengths, average);
    const Bm25Term term(1.0, kDefaultK1, kDefaultB, average);
    const double exact = std::max(term.score(1, 10), term.score(20, 2000));
    EXPECT_DOUBLE_EQ(upper_bound(term, limits_with(block, steps)), exact);
    EXPECT_LT(exact, 0.8 * term.score(20, 10));
}

TEST(BlockLimits, StepsHoldEveryDocumentAndBoundItUnderAnyParameters) {
    for (std::uint64_t seed = 1; seed <= 400; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        std::mt19937_64 random(seed);
        const Block block = random_block(random);
        const double average = 50 + static_cast<double>(random() % 500);
        const LengthSteps steps = choose_length_steps(block.freqs, block.lengths, average);
        ASSERT_LE(steps.length[0], steps.length[1]);
        const BlockLimits limits = limits_with(block, steps);
        for (std::size_t i = 0; i < block.freqs.size(); ++i)
            ASSERT_TRUE(within_steps(steps, block.freqs[i], block.lengths[i])) << "document " << i;
        for (int trial = 0; trial < 20; ++trial) {
            const double k1 = trial == 0 ? 0.0 : static_cast<double>(random() % 3000) / 1000;
            const double b = trial == 1 ? 1.0 : static_cast<double>(random() % 1001) / 1000;
            const Bm25Term term(1.5, k1, b, static_cast<double>(1 + random() % 1000));
            const double bound = upper_bound(term, limits);
            for (std::size_t i = 0; i < block.freqs.size(); ++i)
                ASSERT_GE(bound, term.score(block.freqs[i], block.lengths[i])) << "k1 " << k1 << " b " << b << " document " << i;
            ASSERT_LE(bound, upper_bound(term, limits_with(block, {})));
        }
    }
}

TEST(BlockLimits, ChosenStepsGiveTheLowestBoundAtTheDefaults) {
    for (std::uint64_t seed = 1; seed <= 150; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        std::mt19937_64 random(seed);
        const Block block = random_block(random);
        const double average = 50 + static_cast<double>(random() % 500);
        const Bm25Term term(1.0, kDefaultK1, kDefaultB, average);
        const LengthSteps steps = choose_length_steps(block.freqs, block.lengths, average);
        EXPECT_NEAR(upper_bound(term, limits_with(block, steps)), lowest_bound(term, block), 1e-12);
    }
}

}  // namespace
}  // namespace quarry::scoring
