// The engine against a brute-force BM25 that scores every document from its text: same ids,
// same scores (to 1e-6), on randomized corpora and queries, for every top-k algorithm; and the
// pruning algorithms against the exhaustive one, bit for bit. The seed is printed on failure.
// Phrases that pair keys answer against the same brute force.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "quarry/errors.hpp"
#include "quarry/index.hpp"
#include "quarry/index_writer.hpp"
#include "src/pair_builder.hpp"
#include "support/reference_bm25.hpp"
#include "support/temp_dir.hpp"

namespace quarry::testing {
namespace {

// Pronounceable words over a small alphabet, so that stemming and stop words both come into
// play; drawn with a Zipf-like skew so that lists are long and short.
class Vocabulary {
public:
    explicit Vocabulary(std::mt19937_64& random) {
        static const char* syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ing", "ed", "er", "s"};
        words_ = {"the", "of", "and", "a", "to"};  // stop words: positions must still count them
        while (words_.size() < 3000) {  // a long tail: words too rare for pair keys (FORMAT.md)
            std::string word;
            const int parts = 1 + static_cast<int>(random() % 3);
            for (int p = 0; p < parts; ++p) word += syllables[random() % 12];
            if (random() % 10 == 0) word[0] = static_cast<char>(std::toupper(word[0]));
            words_.push_back(word);
        }
    }
    const std::string& draw(std::mt19937_64& random) const {
        // P(rank r) ~ 1/r: the inverse of a log-uniform draw.
        std::uniform_real_distribution<double> unit(0.0, std::log(static_cast<double>(words_.size())));
        const auto rank = static_cast<std::size_t>(std::exp(unit(random))) - 1;
        return words_[std::min(rank, words_.size() - 1)];
    }

private:
    std::vector<std::string> words_;
};

std::string sentence(const Vocabulary& vocabulary, std::mt19937_64& random, std::size_t words) {
    std::string text;
    for (std::size_t i = 0; i < words; ++i) {
        if (i) text += random() % 12 == 0 ? ", " : " ";
        text += vocabulary.draw(random);
        if (random() % 20 == 0) text += "'s";
    }
    return text;
}

struct Case {
    std::uint64_t seed;
    bool stem;
    bool stop_words;
};

class Bm25Reference : public ::testing::TestWithParam<Case> {};

TEST_P(Bm25Reference, TopKMatchesBruteForce) {
    const Case param = GetParam();
    SCOPED_TRACE("seed " + std::to_string(param.seed));
    std::mt19937_64 random(param.seed);
    Vocabulary vocabulary(random);

    std::vector<Document> docs;
    // Up to a few thousand documents, so that common words have lists of many blocks.
    const std::size_t doc_count = 50 + random() % 400 + (random() % 3 == 0 ? 2000 : 0);
    for (std::size_t d = 0; d < doc_count; ++d) {
        Document doc;
        doc.id = std::string("d").append(std::to_string(d));
        doc.title = sentence(vocabulary, random, random() % 6);
        doc.text = sentence(vocabulary, random, random() % 8 == 0 ? 200 + random() % 300 : random() % 60);
        if (random() % 10 == 0) {  // skewed term frequencies: one word many times over
            const std::string word = vocabulary.draw(random);
            for (std::size_t repeat = 1 + random() % 40; repeat > 0; --repeat) doc.text.append(" ").append(word);
        }
        docs.push_back(std::move(doc));
    }
    AnalyzerOptions analyzer{param.stem, param.stop_words};
    TempDir dir;
    {
        // One segment, three, or three merged into one: each segment indexes the pairs of the
        // words common in it (FORMAT.md, "Pair keys"), and a merge builds them anew.
        const auto layout = random() % 3;
        IndexWriter writer = IndexWriter::create(dir.path() / "index", IndexOptions{analyzer}, false);
        for (std::size_t d = 0; d < docs.size(); ++d) {
            writer.add(docs[d]);
            if (layout != 0 && (d + 1) % (docs.size() / 3 + 1) == 0) writer.commit();
        }
        writer.commit();
        if (layout == 2) writer.optimize();
    }
    Index index = Index::open(dir.path() / "index");
    ReferenceBm25 reference(docs, analyzer);

    int queries_with_hits = 0;
    std::uint64_t pruned_documents = 0;  // matches the pruning algorithms did not have to score
    for (int q = 0; q < 60; ++q) {
        std::vector<ReferenceClause> clauses;
        // A quarter of the queries are pure conjunctions of words (`+a +b`), and some are a
        // phrase alone: each has an algorithm of its own.
        const bool conjunction = random() % 4 == 0;
        const bool phrase_alone = !conjunction && random() % 5 == 0;
        const std::size_t clause_count = phrase_alone ? 1 : 1 + random() % 4;
        for (std::size_t c = 0; c < clause_count; ++c) {
            ReferenceClause clause;
            const auto roll = random() % 10;
            clause.occur = roll < 6 ? ReferenceClause::Occur::Should
                         : roll < 8 ? ReferenceClause::Occur::Must
                                    : ReferenceClause::Occur::MustNot;
            if (conjunction) clause.occur = ReferenceClause::Occur::Must;
            if (phrase_alone) clause.occur = ReferenceClause::Occur::Should;
            if (phrase_alone || (!conjunction && random() % 4 == 0)) {
                // A phrase lifted from a document, so that phrases do match.
                const Document& source = docs[random() % docs.size()];
                std::vector<std::string> words;
                std::string word;
                for (char ch : source.text + " ") {
                    if (ch == ' ' || ch == ',') {
                        if (!word.empty()) words.push_back(word);
                        word.clear();
                    } else {
                        word += ch;
                    }
                }
                if (words.size() >= 2) {
                    const std::size_t start = random() % (words.size() - 1);
                    const std::size_t length = std::min<std::size_t>(2 + random() % 2, words.size() - start);
                    clause.words.assign(words.begin() + static_cast<std::ptrdiff_t>(start),
                                        words.begin() + static_cast<std::ptrdiff_t>(start + length));
                }
            }
            if (clause.words.empty()) clause.words.push_back(vocabulary.draw(random));
            clauses.push_back(clause);
        }
        const std::string query = ReferenceBm25::to_query(clauses);
        SCOPED_TRACE("query " + query);
        const Bm25Params params{0.5 + static_cast<double>(random() % 15) / 10.0, static_cast<double>(random() % 11) / 10.0,
                                static_cast<double>(random() % 20) / 4.0};
        const auto expected = reference.search(clauses, params);

        SearchOptions options;
        options.k = std::vector<std::size_t>{1, 2, 5, 10, 100, 1000}[random() % 6];
        options.bm25 = params;
        options.snippets = false;
        options.stored_fields = false;
        SCOPED_TRACE("k " + std::to_string(options.k));
        {
            // Counting without scoring finds every match.
            SearchOptions count = options;
            count.count_only = true;
            try {
                EXPECT_EQ(index.search(query, count).matches, expected.size());
            } catch (const QuerySyntaxError&) {
                EXPECT_TRUE(expected.empty());
            }
        }
        std::vector<Hit> exhaustive_hits;
        for (TopKAlgorithm algorithm : {TopKAlgorithm::Exhaustive, TopKAlgorithm::MaxScore, TopKAlgorithm::BlockMaxWand}) {
            SCOPED_TRACE("algorithm " + std::to_string(static_cast<int>(algorithm)));
            options.algorithm = algorithm;
            SearchResults results;
            try {
                results = index.search(query, options);
            } catch (const QuerySyntaxError& error) {
                // Only a query left with nothing positive to search for may be rejected.
                EXPECT_TRUE(expected.empty()) << error.what();
                break;
            }
            if (results.matches_exact) {
                EXPECT_EQ(results.matches, expected.size());
            } else {
                pruned_documents += expected.size() - results.matches;
            }
            if (algorithm == TopKAlgorithm::Exhaustive) {
                EXPECT_TRUE(results.matches_exact);
                queries_with_hits += !expected.empty();
                exhaustive_hits = results.hits;
            } else {
                // A pruned algorithm gives the exhaustive algorithm's hits, to the last bit.
                ASSERT_EQ(results.hits.size(), exhaustive_hits.size());
                for (std::size_t rank = 0; rank < results.hits.size(); ++rank) {
                    EXPECT_EQ(results.hits[rank].doc, exhaustive_hits[rank].doc) << "rank " << rank;
                    EXPECT_EQ(results.hits[rank].score, exhaustive_hits[rank].score) << "rank " << rank;
                }
            }
            ASSERT_EQ(results.hits.size(), std::min(options.k, expected.size()));
            for (std::size_t rank = 0; rank < results.hits.size(); ++rank) {
                const Hit& hit = results.hits[rank];
                ASSERT_NEAR(hit.score, expected[rank].score, 1e-6) << "rank " << rank;
                // Ids must agree, except among documents whose scores tie (within rounding).
                if (hit.id != docs[expected[rank].doc].id) {
                    const auto& tied = expected[rank];
                    bool found_tie = false;
                    for (const auto& candidate : expected)
                        found_tie |= std::abs(candidate.score - tied.score) < 1e-9 && docs[candidate.doc].id == hit.id;
                    EXPECT_TRUE(found_tie) << "rank " << rank << ": engine " << hit.id << ", reference " << docs[tied.doc].id;
                }
            }
        }
    }
    EXPECT_GE(queries_with_hits, 30) << "too few queries matched anything to test ranking";
    if (doc_count > 2000) {
        EXPECT_GT(pruned_documents, 0u) << "the pruning algorithms never pruned";
    }
}

TEST(PruningAlgorithms, UnionsOfLongListsMatchExhaustiveBitForBit) {
    // Lists of thousands of documents over many blocks and windows, where the threshold of a
    // top-k soon passes the rarer words' bounds: MaxScore then walks one essential list and
    // probes the others, BMW skips blocks. Both must give the exhaustive hits to the last bit.
    const std::uint64_t seed = 6;
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 random(seed);
    const std::vector<std::string> words = {"granite", "marble", "slate", "basalt", "quartz", "flint"};
    const double shares[] = {0.5, 0.3, 0.15, 0.05, 0.01, 0.002};
    std::vector<std::string> filler;
    for (int i = 0; i < 300; ++i) filler.push_back(std::string("w").append(std::to_string(i)).append("x"));
    TempDir dir;
    {
        IndexWriter writer = IndexWriter::create(dir.path() / "index", IndexOptions{AnalyzerOptions{false, false}}, false);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        for (int d = 0; d < 20000; ++d) {
            Document doc;
            doc.id = std::string("d").append(std::to_string(d));
            const std::size_t length = 5 + random() % (random() % 10 == 0 ? 600 : 120);
            for (std::size_t i = 0; i < length; ++i) doc.text.append(" ").append(filler[random() % filler.size()]);
            for (std::size_t w = 0; w < words.size(); ++w) {
                if (unit(random) >= shares[w]) continue;
                std::size_t tf = 1;
                while (tf < 30 && random() % 3 == 0) ++tf;  // mostly 1, now and then many
                for (std::size_t i = 0; i < tf; ++i) doc.text.append(" ").append(words[w]);
            }
            writer.add(std::move(doc));
        }
        writer.commit();
    }
    const Index index = Index::open(dir.path() / "index");
    int queries = 0;
    for (std::size_t a = 0; a < words.size(); ++a) {
        for (std::size_t b = a + 1; b < words.size(); ++b) {
            for (int extra = 0; extra < 2; ++extra) {
                std::string query = words[a] + " " + words[b];
                if (extra) query += " " + words[random() % words.size()];
                SearchOptions options;
                options.k = std::vector<std::size_t>{1, 3, 10, 100}[random() % 4];
                options.bm25 = Bm25Params{0.6 + static_cast<double>(random() % 10) / 10.0, static_cast<double>(random() % 11) / 10.0, 1.0};
                options.snippets = false;
                options.stored_fields = false;
                SCOPED_TRACE("query " + query + ", k " + std::to_string(options.k));
                options.algorithm = TopKAlgorithm::Exhaustive;
                const SearchResults exhaustive = index.search(query, options);
                for (TopKAlgorithm algorithm : {TopKAlgorithm::MaxScore, TopKAlgorithm::BlockMaxWand}) {
                    SCOPED_TRACE("algorithm " + std::to_string(static_cast<int>(algorithm)));
                    options.algorithm = algorithm;
                    const SearchResults pruned = index.search(query, options);
                    ASSERT_EQ(pruned.hits.size(), exhaustive.hits.size());
                    for (std::size_t rank = 0; rank < pruned.hits.size(); ++rank) {
                        EXPECT_EQ(pruned.hits[rank].doc, exhaustive.hits[rank].doc) << "rank " << rank;
                        EXPECT_EQ(pruned.hits[rank].score, exhaustive.hits[rank].score) << "rank " << rank;
                    }
                }
                ++queries;
            }
        }
    }
    EXPECT_EQ(queries, 30);
}

TEST(PhrasePairs, PhrasesOfARareWordAndAFarCommonerOneMatchBruteForce) {
    // A segment pairs two words that are both common, or whose conjunction is expected to be
    // large (FORMAT.md, "Pair keys"): only past 32,768 documents can a word below the share
    // pair with one far commoner. Here "often" is in every document, "amber" in 580 (below
    // the share, 625, but 580 x 40,000 is past the rule's product) and "cobalt" in 482 (short
    // of it), so "often amber" is answered from its pair and "often cobalt" from positions.
    const std::uint32_t doc_count = 40000;
    std::mt19937_64 random(17);
    std::vector<std::string> filler;
    for (int i = 0; i < 3000; ++i) filler.push_back(std::string("w").append(std::to_string(i)).append("x"));
    std::vector<Document> docs;
    for (std::uint32_t d = 0; d < doc_count; ++d) {
        std::vector<std::string> words;
        for (std::size_t i = 3 + random() % 8; i > 0; --i) words.push_back(filler[random() % filler.size()]);
        for (std::size_t i = 1 + random() % 3; i > 0; --i) words[random() % words.size()] = "often";
        if (d % 69 == 0) words[random() % words.size()] = "amber";
        if (d % 83 == 1) words[random() % words.size()] = "cobalt";
        if (std::find(words.begin(), words.end(), "often") == words.end()) words.push_back("often");
        Document doc;
        doc.id = std::string("d").append(std::to_string(d));
        for (const std::string& word : words) doc.text.append(doc.text.empty() ? "" : " ").append(word);
        docs.push_back(std::move(doc));
    }
    const AnalyzerOptions analyzer{false, false};
    TempDir dir;
    {
        IndexWriter writer = IndexWriter::create(dir.path() / "index", IndexOptions{analyzer}, false);
        for (const Document& doc : docs) writer.add(doc);
        writer.commit();
        writer.optimize();  // one segment of every document
    }
    const Index index = Index::open(dir.path() / "index");
    ASSERT_EQ(index.info().segments, 1u);

    // The pair keys the rule asks for, counted from the texts: the index must hold exactly these.
    const termdict::PairRule rule = indexer::pair_rule(doc_count);
    std::map<std::string, std::set<std::uint32_t>> holders;
    std::set<std::pair<std::string, std::string>> adjacent;
    for (std::uint32_t d = 0; d < doc_count; ++d) {
        std::istringstream text(docs[d].text);
        std::string previous;
        for (std::string word; text >> word; previous = word) {
            holders[word].insert(d);
            if (!previous.empty()) adjacent.insert({previous, word});
        }
    }
    auto doc_freq = [&](const std::string& word) { return static_cast<std::uint32_t>(holders[word].size()); };
    ASSERT_LT(doc_freq("amber"), rule.min_doc_freq);
    ASSERT_TRUE(rule.covers(doc_freq("often"), doc_freq("amber")));
    ASSERT_FALSE(rule.covers(doc_freq("often"), doc_freq("cobalt")));
    std::uint64_t expected_pairs = 0;
    for (const auto& [first, second] : adjacent) expected_pairs += rule.covers(doc_freq(first), doc_freq(second));
    std::uint64_t pairs = 0;
    for (const auto& [field, terms] : index.info().terms_per_field) pairs += field == "pairs" ? terms : 0;
    EXPECT_EQ(pairs, expected_pairs);

    ReferenceBm25 reference(docs, analyzer);
    for (const std::vector<std::string>& phrase : std::vector<std::vector<std::string>>{
             {"often", "amber"}, {"amber", "often"}, {"often", "cobalt"}, {"cobalt", "often"}, {"often", "amber", "often"},
             {"often", "often"}, {"amber", "cobalt"}}) {
        std::vector<ReferenceClause> clauses(1);
        clauses[0].words = phrase;
        const std::string query = ReferenceBm25::to_query(clauses);
        SCOPED_TRACE("query " + query);
        const auto expected = reference.search(clauses, Bm25Params{});
        SearchOptions options;
        options.k = 1000;
        options.snippets = false;
        options.stored_fields = false;
        options.count_only = true;
        EXPECT_EQ(index.search(query, options).matches, expected.size());
        options.count_only = false;
        const SearchResults results = index.search(query, options);
        ASSERT_EQ(results.hits.size(), std::min<std::size_t>(1000, expected.size()));
        for (std::size_t rank = 0; rank < results.hits.size(); ++rank) {
            ASSERT_NEAR(results.hits[rank].score, expected[rank].score, 1e-6) << "rank " << rank;
            EXPECT_EQ(results.hits[rank].id, docs[expected[rank].doc].id) << "rank " << rank;
        }
    }
}

std::vector<Case> cases() {
    std::vector<Case> all;
    std::random_device entropy;
    // Fixed seeds keep failures reproducible; one fresh seed per run widens coverage over time.
    for (std::uint64_t seed : std::vector<std::uint64_t>{1, 2, 3, 5, 7, 11, 42, 99, 2024, entropy()})
        all.push_back({seed, seed % 2 == 0, seed % 3 != 0});
    return all;
}

INSTANTIATE_TEST_SUITE_P(Randomized, Bm25Reference, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param) { return std::string("case").append(std::to_string(param.index)); });

}  // namespace
}  // namespace quarry::testing
