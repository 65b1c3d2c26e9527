// The intersections of postings/intersect.hpp (probing a table, merging, seeking, and the
// choice between them) against std::set_intersection of the plain arrays, on random lists and
// random candidates taken batch after batch on one cursor, as the conjunctions take them.
#include "postings/intersect.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "support/random_postings.hpp"
#include "support/temp_dir.hpp"

namespace quarry::postings {
namespace {

using quarry::testing::PlainList;

constexpr std::uint32_t kMaxDoc = 2'000'000;

using Keep = std::function<std::uint32_t(PostingsCursor&, std::uint32_t*, std::uint8_t*, std::uint32_t, std::uint32_t*, std::uint32_t*)>;

// Increasing candidates: some of the list's documents and some others, with gaps that are
// sometimes dense (a batch spans less than kProbeSpan) and sometimes wide.
std::vector<std::uint32_t> random_candidates(std::mt19937_64& random, const PlainList& list) {
    std::vector<std::uint32_t> candidates;
    const std::uint32_t spread = random() % 2 == 0 ? 4 : 600;
    std::uint32_t doc = static_cast<std::uint32_t>(random() % 50);
    const std::uint32_t end = list.docs.back() + 200;
    for (std::size_t i = 0; doc < end; ++i) {
        candidates.push_back(doc);
        doc += 1 + static_cast<std::uint32_t>(random() % spread);
        if (random() % 3 == 0) {  // jump to a document the list holds, now and then
            const auto next = std::upper_bound(list.docs.begin(), list.docs.end(), doc);
            if (next != list.docs.end()) doc = *next;
        }
    }
    return candidates;
}

class Intersect : public ::testing::Test {
protected:
    void SetUp() override {
        std::mt19937_64 random(23);
        lengths_.resize(kMaxDoc);
        for (auto& length : lengths_) length = 1 + static_cast<std::uint32_t>(random() % 300);
    }

    // Runs `keep` over the candidates in batches of up to a block, on one cursor, and checks
    // every batch's survivors, their slots and (when asked for) frequencies against the plain arrays, and that
    // a second cursor that follows behind (as a phrase's positions cursors do) reads each
    // survivor's positions by its place.
    void check(const Keep& keep, std::mt19937_64& random, const PlainList& list, const std::vector<std::uint32_t>& candidates,
               const std::function<bool(const std::uint32_t*, std::uint32_t)>& applies) {
        PostingsCursor cursor(*files_.docs, nullptr, list.info);
        PostingsCursor follower(*files_.docs, files_.positions.get(), list.info);
        std::map<std::uint32_t, std::uint32_t> index_of;
        for (std::size_t i = 0; i < list.docs.size(); ++i) index_of[list.docs[i]] = static_cast<std::uint32_t>(i);
        for (std::size_t at = 0; at < candidates.size();) {
            const auto n = static_cast<std::uint32_t>(std::min<std::size_t>(1 + random() % codec::kBlockSize, candidates.size() - at));
            std::uint32_t docs[codec::kBlockSize];
            std::uint8_t slots[codec::kBlockSize];
            std::uint32_t freqs[codec::kBlockSize] = {};
            std::uint32_t places[codec::kBlockSize] = {};
            std::copy_n(candidates.begin() + static_cast<std::ptrdiff_t>(at), n, docs);
            for (std::uint32_t i = 0; i < n; ++i) slots[i] = static_cast<std::uint8_t>(codec::kBlockSize - 1 - i);
            const bool runs = applies(docs, n);
            std::vector<std::uint32_t> expected;
            std::set_intersection(docs, docs + n, list.docs.begin(), list.docs.end(), std::back_inserter(expected));
            const std::vector<std::uint32_t> batch(docs, docs + n);
            at += n;
            if (!runs) continue;
            // Half the batches ask for membership only (counting), which dense blocks answer
            // from their bit sets alone.
            const bool membership_only = random() % 2 == 0;
            const std::uint32_t kept = keep(cursor, docs, slots, n, membership_only ? nullptr : freqs, membership_only ? nullptr : places);
            ASSERT_EQ(std::vector<std::uint32_t>(docs, docs + kept), expected) << "batch ending at candidate " << at;
            for (std::uint32_t k = 0; k < kept; ++k) {
                const auto index = static_cast<std::uint32_t>(std::lower_bound(batch.begin(), batch.end(), docs[k]) - batch.begin());
                ASSERT_EQ(slots[k], codec::kBlockSize - 1 - index) << "slot of document " << docs[k];
                if (membership_only) continue;
                const std::uint32_t in_list = index_of.at(docs[k]);
                ASSERT_EQ(freqs[slots[k]], list.freqs[in_list]) << "frequency of document " << docs[k];
                ASSERT_EQ(follower.positions_at(places[slots[k]]), list.positions[in_list]) << "positions at the place of document " << docs[k];
                ASSERT_EQ(follower.freq(), list.freqs[in_list]) << "frequency at the place of document " << docs[k];
            }
        }
    }

    void check_all(const Keep& keep, const std::function<bool(const std::uint32_t*, std::uint32_t)>& applies) {
        for (std::uint64_t seed = 1; seed <= 6; ++seed) {
            SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
            std::mt19937_64 random(seed);
            std::vector<PlainList> lists;
            for (std::uint32_t df : {1u, 2u, 127u, 128u, 129u, 1000u, 3000u, 5000u})
                lists.push_back(quarry::testing::random_list(random, df, kMaxDoc));
            files_ = quarry::testing::write_lists(dir_.path(), lists, lengths_);
            for (const PlainList& list : lists) {
                SCOPED_TRACE(std::string("df ").append(std::to_string(list.docs.size())));
                check(keep, random, list, random_candidates(random, list), applies);
            }
        }
    }

    static bool always(const std::uint32_t*, std::uint32_t) { return true; }

    quarry::testing::TempDir dir_;
    std::vector<std::uint32_t> lengths_;
    quarry::testing::PostingsFiles files_;
};

TEST_F(Intersect, MergingKeepsTheCommonDocuments) { check_all(keep_common, always); }

TEST_F(Intersect, SeekingKeepsTheCommonDocuments) { check_all(keep_common_by_seeking, always); }

TEST_F(Intersect, ProbingKeepsTheCommonDocuments) {
    check_all(keep_common_by_probing, [](const std::uint32_t* docs, std::uint32_t n) { return docs[n - 1] - docs[0] < kProbeSpan; });
}

TEST_F(Intersect, EachChoiceOfKeepHeldKeepsTheCommonDocuments) {
    for (const std::uint64_t candidate_doc_freq : {1ull, 1000ull, 1000000ull}) {
        SCOPED_TRACE(std::string("candidates from a list of ").append(std::to_string(candidate_doc_freq)));
        check_all([&](PostingsCursor& list, std::uint32_t* docs, std::uint8_t* slots, std::uint32_t n,
                      std::uint32_t* freqs, std::uint32_t* places) { return keep_held(list, candidate_doc_freq, docs, slots, n, freqs, places); },
                  always);
    }
}

}  // namespace
}  // namespace quarry::postings
