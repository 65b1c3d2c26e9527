// PairBuilder against a plain scan of each document's words: every two words at adjacent
// positions make a pair, with how often, across chunk boundaries, stop-word gaps and repeats.
#include "src/pair_builder.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "index/fields.hpp"

namespace quarry::testing {
namespace {

using Postings = std::map<std::uint32_t, std::uint32_t>;  // doc -> freq

struct TermLists {
    std::vector<std::uint32_t> docs, freqs, positions;
};

TEST(PairBuilder, MatchesAScanOfEveryDocument) {
    for (const std::uint32_t doc_count : {1u, 37u, 40000u}) {  // 40000: past one chunk of documents
        SCOPED_TRACE("documents " + std::to_string(doc_count));
        std::mt19937_64 random(doc_count);
        const std::vector<std::string> words = {"a", "ab", "b", "ba", "c", "car", "care", "d", "e", "f"};
        // Each document's words by position; -1 marks a gap (a stop word the analyser dropped).
        std::map<std::string, TermLists> lists;
        std::map<std::string, Postings> expected;
        for (std::uint32_t doc = 0; doc < doc_count; ++doc) {
            std::vector<int> at(random() % 12);
            for (int& word : at) word = random() % 6 == 0 ? -1 : static_cast<int>(random() % words.size());
            for (std::uint32_t position = 0; position < at.size(); ++position) {
                if (at[position] < 0) continue;
                TermLists& term = lists[words[static_cast<std::size_t>(at[position])]];
                if (term.docs.empty() || term.docs.back() != doc) {
                    term.docs.push_back(doc);
                    term.freqs.push_back(0);
                }
                ++term.freqs.back();
                term.positions.push_back(position);
                if (position + 1 < at.size() && at[position + 1] >= 0)
                    ++expected[index::make_pair_key(words[static_cast<std::size_t>(at[position])],
                                                    words[static_cast<std::size_t>(at[position + 1])])][doc];
            }
        }
        indexer::PairBuilder builder(doc_count);
        for (const auto& [term, postings] : lists) {  // std::map: in byte order, as keys are
            if (doc_count == 37) builder.add_term_copy(term, postings.docs, postings.freqs, postings.positions);
            else builder.add_term(term, postings.docs, postings.freqs, postings.positions);
        }
        std::map<std::string, Postings> built;
        std::string previous;
        builder.build([&](std::string_view key, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs) {
            EXPECT_LT(previous, key) << "pair keys out of order";
            previous.assign(key);
            ASSERT_EQ(docs.size(), freqs.size());
            Postings& postings = built[std::string(key)];
            for (std::size_t i = 0; i < docs.size(); ++i) {
                EXPECT_TRUE(i == 0 || docs[i - 1] < docs[i]);
                postings[docs[i]] = freqs[i];
            }
        });
        EXPECT_EQ(built, expected);
    }
}

TEST(PairBuilder, RefusesTermsOutOfOrder) {
    indexer::PairBuilder builder(1);
    const std::vector<std::uint32_t> docs{0}, freqs{1}, positions{0};
    builder.add_term("b", docs, freqs, positions);
    EXPECT_THROW(builder.add_term("a", docs, freqs, positions), std::logic_error);
    EXPECT_THROW(builder.add_term(std::string_view("c\0d", 3), docs, freqs, positions), std::logic_error);
}

TEST(PairBuilder, ThresholdIsAShareOfTheDocuments) {
    EXPECT_EQ(indexer::pair_min_doc_freq(0), 2u);
    EXPECT_EQ(indexer::pair_min_doc_freq(10), 2u);
    EXPECT_EQ(indexer::pair_min_doc_freq(6400), 100u);
    EXPECT_EQ(indexer::pair_min_doc_freq(6401), 101u);
}

}  // namespace
}  // namespace quarry::testing
