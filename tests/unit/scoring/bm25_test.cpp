// BM25 against values worked out by hand, and upper_bound() as a true bound for block-max pruning.
#include "scoring/bm25.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

namespace quarry::scoring {
namespace {

constexpr double kTolerance = 1e-12;

TEST(Bm25, IdfByHand) {
    // idf = ln(1 + (N - df + 0.5) / (df + 0.5))
    // N=10, df=1:  ln(1 + 9.5/1.5)    = ln(22/3)  = 3.091042453 - 1.098612289 = 1.992430165
    EXPECT_NEAR(bm25_idf(10, 1), 1.992430164690206, kTolerance);
    // N=10, df=10: ln(1 + 0.5/10.5)   = ln(22/21) = 0.046520016 (a term in every doc still counts a little)
    EXPECT_NEAR(bm25_idf(10, 10), 0.04652001563489291, kTolerance);
    // N=1, df=1:   ln(1 + 0.5/1.5)    = ln(4/3)   = 0.287682072
    EXPECT_NEAR(bm25_idf(1, 1), 0.28768207245178085, kTolerance);
    // N=1000, df=0: ln(1 + 1000.5/0.5) = ln(2002)  = 7.601901960
    EXPECT_NEAR(bm25_idf(1000, 0), 7.601901959875166, kTolerance);
    // N=3, df=1:   ln(1 + 2.5/1.5)    = ln(8/3)   = 0.980829253
    EXPECT_NEAR(bm25_idf(3, 1), std::log(8.0 / 3.0), kTolerance);
}

TEST(Bm25, IdfIsPositiveAndFallsWithDocFreq) {
    for (double n : {1.0, 2.0, 10.0, 1e6, 1e9}) {
        double previous = INFINITY;
        for (double df = 0; df <= n; df += std::max(1.0, n / 50)) {
            const double idf = bm25_idf(n, df);
            EXPECT_GT(idf, 0.0) << "N=" << n << " df=" << df;
            EXPECT_LT(idf, previous) << "N=" << n << " df=" << df;
            previous = idf;
        }
    }
}

TEST(Bm25, ScoreByHand) {
    // score = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
    {
        // idf=2, k1=1.2, b=0.75, avgdl=100, tf=3, dl=50:
        //   numerator   = 2 * 3 * 2.2                       = 13.2
        //   denominator = 3 + 1.2 * (0.25 + 0.75 * 0.5)    = 3 + 1.2 * 0.625 = 3.75
        //   score       = 13.2 / 3.75                       = 3.52
        const Bm25Term term(2.0, 1.2, 0.75, 100.0);
        EXPECT_NEAR(term.score(3, 50), 3.52, kTolerance);
        EXPECT_EQ(term.idf(), 2.0);
        // tf=1, dl=200: 2 * 2.2 / (1 + 1.2 * (0.25 + 1.5)) = 4.4 / 3.1 = 1.419354839
        EXPECT_NEAR(term.score(1, 200), 4.4 / 3.1, kTolerance);
    }
    {
        // quarry's defaults k1=0.9, b=0.4; tf=1 at dl = avgdl = 20, idf=1.5:
        //   1.5 * 1 * 1.9 / (1 + 0.9 * (0.6 + 0.4 * 1)) = 2.85 / 1.9 = 1.5: the idf itself.
        const Bm25Term term(1.5, 0.9, 0.4, 20.0);
        EXPECT_NEAR(term.score(1, 20), 1.5, kTolerance);
        // tf=4, dl=10: 1.5 * 4 * 1.9 / (4 + 0.9 * (0.6 + 0.2)) = 11.4 / 4.72 = 2.415254237
        EXPECT_NEAR(term.score(4, 10), 11.4 / 4.72, kTolerance);
    }
    {
        // b=0: length plays no part. idf=1, k1=1.2, tf=2: 2 * 2.2 / (2 + 1.2) = 4.4 / 3.2 = 1.375
        const Bm25Term term(1.0, 1.2, 0.0, 50.0);
        EXPECT_NEAR(term.score(2, 1), 1.375, kTolerance);
        EXPECT_NEAR(term.score(2, 1000000), 1.375, kTolerance);
    }
    {
        // k1=0: every matching document scores the idf, whatever tf and dl.
        const Bm25Term term(0.7, 0.0, 0.75, 10.0);
        EXPECT_NEAR(term.score(1, 5), 0.7, kTolerance);
        EXPECT_NEAR(term.score(9, 500), 0.7, kTolerance);
    }
    {
        // b=1, dl=0: 3 * 1 * 2.2 / (1 + 1.2 * 0) = 6.6
        const Bm25Term term(3.0, 1.2, 1.0, 10.0);
        EXPECT_NEAR(term.score(1, 0), 6.6, kTolerance);
    }
}

TEST(Bm25, ZeroAverageLengthIgnoresLength) {
    // An empty field everywhere (avgdl 0) must not divide by zero: the length term drops out.
    // idf=1, k1=1.2, b=0.75, tf=1: 2.2 / (1 + 1.2 * 0.25) = 2.2 / 1.3 = 1.692307692
    const Bm25Term term(1.0, 1.2, 0.75, 0.0);
    EXPECT_NEAR(term.score(1, 0), 2.2 / 1.3, kTolerance);
    EXPECT_NEAR(term.score(1, 7), 2.2 / 1.3, kTolerance);
    EXPECT_TRUE(std::isfinite(term.score(1, 7)));
}

TEST(Bm25, QueryWeightScalesTheWholeScore) {
    const Bm25Term one(2.0, 1.2, 0.75, 100.0);
    const Bm25Term two(2.0, 1.2, 0.75, 100.0, 2.0);
    const Bm25Term half(2.0, 1.2, 0.75, 100.0, 0.5);
    EXPECT_NEAR(two.score(3, 50), 7.04, kTolerance);   // 2 * 3.52
    EXPECT_NEAR(half.score(3, 50), 1.76, kTolerance);  // 3.52 / 2
    EXPECT_EQ(two.idf(), 2.0);                         // the idf reported is not scaled
    EXPECT_NEAR(one.score(3, 50), 3.52, kTolerance);
}

TEST(Bm25, DefaultTermScoresZero) {
    const Bm25Term term;
    EXPECT_EQ(term.score(5, 10), 0.0);
    EXPECT_EQ(term.idf(), 0.0);
}

TEST(Bm25, UpperBoundBoundsSmallerFreqAndLargerLength) {
    const std::uint64_t seed = 8;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int round = 0; round < 300; ++round) {
        const double k1 = round % 10 == 0 ? 0.0 : 3.0 * unit(random);
        const double b = round % 7 == 0 ? (round % 2 ? 0.0 : 1.0) : unit(random);
        const double average = round % 13 == 0 ? 0.0 : 1.0 + 500.0 * unit(random);
        const Bm25Term term(0.1 + 10 * unit(random), k1, b, average);
        const auto max_freq = static_cast<std::uint32_t>(1 + random() % 50);
        const auto min_length = static_cast<std::uint32_t>(random() % 1000);
        const double bound = term.upper_bound(max_freq, min_length);
        EXPECT_EQ(bound, term.score(max_freq, min_length));  // tight: reached by the extreme document
        for (int probe = 0; probe < 20; ++probe) {
            const auto freq = static_cast<std::uint32_t>(1 + random() % max_freq);
            const auto length = min_length + static_cast<std::uint32_t>(random() % 5000);
            // Equal up to rounding when k1 = 0 (every score is the idf): allow one part in 1e12.
            ASSERT_LE(term.score(freq, length), bound * (1 + 1e-12))
                << "k1=" << k1 << " b=" << b << " avgdl=" << average << " freq " << freq << "<=" << max_freq
                << " length " << length << ">=" << min_length;
        }
    }
}

TEST(Bm25, ScoreRisesWithFreqAndFallsWithLength) {
    const Bm25Term term(1.0, 1.2, 0.75, 30.0);
    for (std::uint32_t freq = 1; freq < 50; ++freq) EXPECT_LT(term.score(freq, 30), term.score(freq + 1, 30));
    for (std::uint32_t length = 0; length < 200; ++length) EXPECT_GT(term.score(2, length), term.score(2, length + 1));
    // Saturation: no term frequency scores more than idf * (k1 + 1).
    EXPECT_LT(term.score(1000000, 30), 2.2);
}

}  // namespace
}  // namespace quarry::scoring
