// PairBuilder against a plain scan of each document's words: every two words at adjacent
// positions that the pair rule covers make a pair, with how often, across chunk boundaries,
// stop-word gaps and repeats.
#include "src/pair_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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
      for (const bool selective : {false, true}) {
        // Every pair, or those of two words each in a quarter of the documents, or of two whose
        // conjunction is expected to hold a tenth of them.
        const termdict::PairRule rule = selective ? termdict::PairRule{doc_count / 4, std::uint64_t{doc_count} * (doc_count / 10)}
                                                  : termdict::PairRule{0, termdict::kNoPairs};
        SCOPED_TRACE("documents " + std::to_string(doc_count) + (selective ? ", selective rule" : ", every pair"));
        std::mt19937_64 random(doc_count);
        const std::vector<std::string> words = {"a", "ab", "b", "ba", "c", "car", "care", "d", "e", "f"};
        // Each document's words by position; -1 marks a gap (a stop word the analyser dropped).
        std::map<std::string, TermLists> lists;
        std::map<std::pair<std::string, std::string>, Postings> adjacent;
        for (std::uint32_t doc = 0; doc < doc_count; ++doc) {
            std::vector<int> at(random() % 12);
            // Skewed: the word is the smaller of two uniform draws, so "a" is the commonest.
            for (int& word : at) word = random() % 6 == 0 ? -1 : static_cast<int>(std::min(random() % words.size(), random() % words.size()));
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
                    ++adjacent[{words[static_cast<std::size_t>(at[position])], words[static_cast<std::size_t>(at[position + 1])]}][doc];
            }
        }
        std::map<std::string, Postings> expected;
        // Of the pairs of words that the builder is given: left out by the rule, and kept for
        // their product alone.
        std::size_t left_out = 0, kept_by_product = 0;
        for (const auto& [words_pair, postings] : adjacent) {
            const auto first = static_cast<std::uint32_t>(lists[words_pair.first].docs.size());
            const auto second = static_cast<std::uint32_t>(lists[words_pair.second].docs.size());
            const bool given = std::min(first, second) >= rule.least_doc_freq(doc_count);
            if (rule.covers(first, second)) {
                expected[index::make_pair_key(words_pair.first, words_pair.second)] = postings;
                kept_by_product += std::min(first, second) < rule.min_doc_freq;
            } else {
                left_out += given;
            }
        }
        if (selective && doc_count == 40000) {
            EXPECT_GT(left_out, 0u) << "the rule must leave out pairs of words the builder has";
            EXPECT_GT(kept_by_product, 0u) << "the rule's product must keep pairs";
        }
        indexer::PairBuilder builder(doc_count, rule);
        for (const auto& [term, postings] : lists) {  // std::map: in byte order, as keys are
            if (!builder.may_pair(postings.docs.size())) continue;  // as SegmentWriter leaves them out
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
}

TEST(PairBuilder, RefusesTermsOutOfOrder) {
    indexer::PairBuilder builder(1, indexer::pair_rule(1));
    const std::vector<std::uint32_t> docs{0}, freqs{1}, positions{0};
    builder.add_term("b", docs, freqs, positions);
    EXPECT_THROW(builder.add_term("a", docs, freqs, positions), std::logic_error);
    EXPECT_THROW(builder.add_term(std::string_view("c\0d", 3), docs, freqs, positions), std::logic_error);
}

TEST(PairBuilder, RuleTakesAShareOfTheDocumentsAndAnExpectedConjunction) {
    EXPECT_EQ(indexer::pair_rule(0).min_doc_freq, 2u);
    EXPECT_EQ(indexer::pair_rule(10).min_doc_freq, 2u);
    EXPECT_EQ(indexer::pair_rule(6400).min_doc_freq, 100u);
    EXPECT_EQ(indexer::pair_rule(6401).min_doc_freq, 101u);
    // Two words pair when 512 documents would hold both if they were independent.
    const termdict::PairRule rule = indexer::pair_rule(100000);
    EXPECT_EQ(rule.min_product, 51200000u);
    EXPECT_TRUE(rule.covers(1563, 1563));      // both common
    EXPECT_FALSE(rule.covers(1562, 30000));    // 1562 x 30000 / 100000 = 469 documents
    EXPECT_TRUE(rule.covers(1000, 51200));     // 512 documents
    EXPECT_FALSE(rule.covers(511, 100000));    // no word in every document saves a rarer one
    EXPECT_EQ(rule.least_doc_freq(100000), 512u);
    EXPECT_EQ(indexer::pair_rule(1000).least_doc_freq(1000), 16u);  // the share: 512 x 1000 / 1000 is more
    EXPECT_EQ(indexer::pair_rule(0).min_product, 512u);              // none of no documents
}

}  // namespace
}  // namespace quarry::testing
