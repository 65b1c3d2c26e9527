// TopKQueue against sorting every candidate: same entries in the same order (higher score
// first, ties by lower doc), push() reporting entry correctly, threshold() the k-th best score.
#include "eval/topk_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace quarry::eval {
namespace {

std::vector<ScoredDoc> top_by_sorting(std::vector<ScoredDoc> all, std::size_t k) {
    std::sort(all.begin(), all.end(), ranks_before);
    if (all.size() > k) all.resize(k);
    return all;
}

std::string describe(const std::vector<ScoredDoc>& docs) {
    std::string out;
    for (const ScoredDoc& d : docs) out.append(std::to_string(d.doc)).append(":").append(std::to_string(d.score)).append(" ");
    return out;
}

TEST(TopKQueue, RanksBefore) {
    EXPECT_TRUE(ranks_before({2.0, 9}, {1.0, 1}));
    EXPECT_FALSE(ranks_before({1.0, 1}, {2.0, 9}));
    EXPECT_TRUE(ranks_before({1.0, 3}, {1.0, 4}));   // tie: lower doc first
    EXPECT_FALSE(ranks_before({1.0, 4}, {1.0, 3}));
    EXPECT_FALSE(ranks_before({1.0, 4}, {1.0, 4}));  // irreflexive
}

TEST(TopKQueue, KnownSmallCase) {
    TopKQueue queue(3);
    EXPECT_FALSE(queue.full());
    EXPECT_LT(queue.threshold(), 0.0);  // below any BM25 score while not full
    EXPECT_TRUE(queue.push(1.0, 10));
    EXPECT_TRUE(queue.push(3.0, 11));
    EXPECT_LT(queue.threshold(), 0.0);
    EXPECT_TRUE(queue.push(2.0, 12));
    EXPECT_TRUE(queue.full());
    EXPECT_EQ(queue.threshold(), 1.0);
    EXPECT_FALSE(queue.push(0.5, 13));  // worse than all three
    EXPECT_FALSE(queue.push(1.0, 14));  // ties the worst but has a higher doc
    EXPECT_TRUE(queue.push(1.0, 5));    // ties the worst with a lower doc: replaces it
    EXPECT_EQ(queue.threshold(), 1.0);
    EXPECT_TRUE(queue.push(2.5, 15));
    EXPECT_EQ(queue.threshold(), 2.0);
    const auto top = queue.take_sorted();
    ASSERT_EQ(top.size(), 3u);
    EXPECT_EQ(top[0].doc, 11u);
    EXPECT_EQ(top[0].score, 3.0);
    EXPECT_EQ(top[1].doc, 15u);
    EXPECT_EQ(top[2].doc, 12u);
}

TEST(TopKQueue, KZeroKeepsNothing) {
    TopKQueue queue(0);
    EXPECT_FALSE(queue.push(100.0, 1));
    EXPECT_FALSE(queue.push(0.0, 0));
    EXPECT_TRUE(queue.take_sorted().empty());
}

// threshold() of a k=0 queue must not read an empty heap (it segfaults in some builds, so it
// runs in a child process).
TEST(TopKQueueDeathTest, ThresholdOfKZeroDoesNotCrash) {
    EXPECT_EXIT(
        {
            TopKQueue queue(0);
            queue.push(1.0, 1);
            volatile double threshold = queue.threshold();
            (void)threshold;
            std::exit(0);
        },
        ::testing::ExitedWithCode(0), "");
}

TEST(TopKQueue, KOne) {
    TopKQueue queue(1);
    EXPECT_TRUE(queue.push(1.0, 7));
    EXPECT_FALSE(queue.push(1.0, 8));
    EXPECT_TRUE(queue.push(1.0, 6));
    EXPECT_FALSE(queue.push(0.9, 1));
    EXPECT_TRUE(queue.push(1.5, 100));
    const auto top = queue.take_sorted();
    ASSERT_EQ(top.size(), 1u);
    EXPECT_EQ(top[0].doc, 100u);
    EXPECT_EQ(top[0].score, 1.5);
}

TEST(TopKQueue, RandomCandidatesAgainstSorting) {
    const std::uint64_t seed = 4242;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    for (std::size_t k : {0u, 1u, 2u, 3u, 10u, 64u, 65u, 100u, 149u, 150u, 151u, 299u, 300u, 301u, 5000u}) {
        for (int round = 0; round < 4; ++round) {
            SCOPED_TRACE(std::string("k ").append(std::to_string(k)).append(" round ").append(std::to_string(round)));
            const std::size_t n = round == 0 ? 0 : 1 + random() % 700;  // past 2k for k up to 350
            // Few distinct scores so that ties are common; unique docs, some beyond 32 bits.
            std::vector<std::uint64_t> docs(n);
            for (std::size_t i = 0; i < n; ++i) docs[i] = i * 3 + (round == 3 ? (std::uint64_t{1} << 33) : 0);
            std::shuffle(docs.begin(), docs.end(), random);
            TopKQueue queue(k);
            std::vector<ScoredDoc> seen;
            for (std::size_t i = 0; i < n; ++i) {
                const double score = round == 2 ? 1.0 : static_cast<double>(random() % 8) * 0.5;
                const ScoredDoc entry{score, docs[i]};
                seen.push_back(entry);
                const auto expected = top_by_sorting(seen, k);
                const bool entered = std::any_of(expected.begin(), expected.end(),
                                                 [&](const ScoredDoc& d) { return d.doc == entry.doc; });
                const bool pushed = queue.push(score, docs[i]);
                if (k <= 64) {
                    // A heap: exact at every step.
                    ASSERT_EQ(pushed, entered) << "candidate " << i;
                    ASSERT_EQ(queue.full(), expected.size() == k);
                    if (k > 0 && expected.size() < k) {
                        ASSERT_LT(queue.threshold(), 0.0);
                    } else if (k > 0) {
                        ASSERT_EQ(queue.threshold(), expected.back().score);
                    }
                } else {
                    // A buffer: never turns away a candidate that belongs, and its threshold
                    // never passes the true k-th score (or pruning would lose documents).
                    if (entered) {
                        ASSERT_TRUE(pushed) << "candidate " << i;
                    }
                    if (expected.size() < k) {
                        ASSERT_LT(queue.threshold(), 0.0);
                    } else {
                        ASSERT_LE(queue.threshold(), expected.back().score);
                    }
                    if (queue.full()) {
                        ASSERT_GE(queue.threshold(), 0.0);
                    }
                }
            }
            const auto actual = queue.take_sorted();
            const auto expected = top_by_sorting(seen, k);
            ASSERT_EQ(describe(actual), describe(expected));
        }
    }
}

// The batch offers (batch, admits_later, commit) against sorting, with candidates in increasing
// doc order as MaxScore's windows offer them; many tied scores, so that a candidate tying the
// bar is common and must be turned away (it ranks after the bar's lower doc).
TEST(TopKQueue, BatchesInDocOrderAgainstSorting) {
    const std::uint64_t seed = 99;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    for (std::size_t k : {65u, 100u, 1000u}) {
        SCOPED_TRACE(std::string("k ").append(std::to_string(k)));
        TopKQueue queue(k);
        ASSERT_TRUE(queue.buffered());
        std::vector<ScoredDoc> seen;
        std::uint64_t doc = 0;
        for (int burst = 0; burst < 400; ++burst) {
            const std::size_t size = random() % (TopKQueue::kBatch + 1);
            ScoredDoc* batch = queue.batch();
            std::size_t added = 0;
            for (std::size_t i = 0; i < size; ++i) {
                const double score = static_cast<double>(random() % 50) * 0.25;
                doc += 1 + random() % 3;
                seen.push_back({score, doc});
                batch[added] = {score, doc};
                added += queue.admits_later(score);
            }
            queue.commit(added);
            ASSERT_LE(queue.threshold(), seen.size() >= k ? top_by_sorting(seen, k).back().score : -1.0);
        }
        ASSERT_EQ(describe(queue.take_sorted()), describe(top_by_sorting(seen, k)));
    }
}

// select_best against std::nth_element: the same count-th entry in place, only better ones before
// it, on orders that defeat naive pivots (sorted, reversed, all ties) and on random scores.
// Entries in one of the orders and score distributions a selection or sort can trip on.
constexpr int kShapes = 7;
std::vector<ScoredDoc> shaped_entries(int shape, std::size_t size, std::mt19937_64& random) {
    std::vector<ScoredDoc> entries(size);
    for (std::size_t i = 0; i < size; ++i) {
        double score = 0;
        switch (shape) {
            case 0: score = static_cast<double>(random() % 1000000) / 7.0; break;  // mostly distinct
            case 1: score = static_cast<double>(random() % 4); break;              // many ties
            case 2: score = 1.0; break;                                           // all tied
            case 3: score = static_cast<double>(i); break;                        // ascending
            case 4: score = static_cast<double>(size - i); break;                 // descending
            case 5: score = static_cast<double>(i % 2 == 0 ? i : size - i); break;  // organ pipe
            default: score = i == 0 ? 1000.0 : 1.0 + static_cast<double>(random() % 1000) * 1e-9;  // crowded below one outlier
        }
        entries[i] = {score, (i * 7919) % size + (shape == 1 ? std::uint64_t{1} << 40 : 0)};
    }
    return entries;
}

std::string shape_trace(int shape, std::size_t size) {
    return std::string("shape ").append(std::to_string(shape)).append(" size ").append(std::to_string(size));
}

TEST(TopKQueue, SelectBestAgainstNthElement) {
    const std::uint64_t seed = 77;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    for (int shape = 0; shape < kShapes; ++shape) {
        for (int round = 0; round < 20; ++round) {
            const std::size_t size = 1 + random() % (round < 10 ? 40 : 5000);
            const std::size_t count = 1 + random() % size;
            SCOPED_TRACE(shape_trace(shape, size).append(" count ").append(std::to_string(count)));
            std::vector<ScoredDoc> entries = shaped_entries(shape, size, random);
            std::vector<ScoredDoc> expected = entries;
            std::nth_element(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(count - 1), expected.end(), ranks_before);
            select_best(entries.data(), entries.size(), count);
            ASSERT_EQ(entries[count - 1].doc, expected[count - 1].doc);
            for (std::size_t i = 0; i + 1 < count; ++i) {
                ASSERT_TRUE(ranks_before(entries[i], entries[count - 1])) << "entry " << i;
            }
            std::vector<ScoredDoc> best(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(count));
            std::vector<ScoredDoc> expected_best(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(count));
            std::sort(best.begin(), best.end(), ranks_before);
            std::sort(expected_best.begin(), expected_best.end(), ranks_before);
            ASSERT_EQ(describe(best), describe(expected_best));
        }
    }
}

TEST(TopKQueue, PartitionBestKeepsTheBestInFront) {
    // At least `count` in front, and exactly the best of all: the same set as the first
    // `kept` of a sort, with the worst of them last. Sizes from below the sample's reach
    // (an exact selection) to several thousand, counts from 1 to all.
    const std::uint64_t seed = 79;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    for (int shape = 0; shape < kShapes; ++shape) {
        for (int round = 0; round < 30; ++round) {
            const std::size_t size = 1 + random() % (round < 5 ? 600 : 5000);
            const std::size_t count = round % 3 == 0 ? size / 2 : 1 + random() % size;
            SCOPED_TRACE(shape_trace(shape, size).append(" count ").append(std::to_string(count)));
            std::vector<ScoredDoc> entries = shaped_entries(shape, size, random);
            std::vector<ScoredDoc> sorted = entries;
            std::sort(sorted.begin(), sorted.end(), ranks_before);
            const std::size_t kept = partition_best(entries.data(), entries.size(), count);
            ASSERT_GE(kept, count);
            ASSERT_LE(kept, size);
            std::vector<ScoredDoc> front(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(kept));
            ASSERT_EQ(describe({front.back()}), describe({sorted[kept - 1]}));
            std::sort(front.begin(), front.end(), ranks_before);
            ASSERT_EQ(describe(front), describe({sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(kept)}));
        }
    }
}

TEST(TopKQueue, SortRankedAgainstSort) {
    // The bucketed sort of long lists, its sorted short lists and its fallback for crowded
    // buckets, all against std::sort.
    const std::uint64_t seed = 78;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    for (int shape = 0; shape < kShapes; ++shape) {
        for (const std::size_t size : {std::size_t{1}, std::size_t{255}, std::size_t{256}, std::size_t{1000},
                                       std::size_t{1 + random() % 5000}}) {
            SCOPED_TRACE(shape_trace(shape, size));
            const std::vector<ScoredDoc> entries = shaped_entries(shape, size, random);
            std::vector<ScoredDoc> expected = entries, sorted;
            std::sort(expected.begin(), expected.end(), ranks_before);
            sort_ranked_into(entries.data(), entries.size(), sorted);
            ASSERT_EQ(describe(sorted), describe(expected));
        }
    }
}

}  // namespace
}  // namespace quarry::eval
