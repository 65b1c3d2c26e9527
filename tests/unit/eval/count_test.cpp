// Counting without scoring (`--count`): the bit-set union and the conjunction count give the
// number of live documents that exhaustive evaluation finds, on randomized indexes of several
// segments with deleted documents (bits that fall anywhere in a word of the deletion bitmap),
// and every other query shape still counts through the scorers.
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "quarry/index.hpp"
#include "quarry/index_writer.hpp"
#include "support/temp_dir.hpp"

namespace quarry::testing {
namespace {

TEST(Count, UnionsAndConjunctionsCountTheLiveMatches) {
    for (std::uint64_t seed : {3u, 17u, 2026u}) {
        SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
        std::mt19937_64 random(seed);
        // From one document in 2 to one in 16, and one in 400: conjunctions with the rare word
        // seek, the others AND windows of bits (eval::count_conjunction).
        const std::vector<std::string> words = {"granite", "marble", "slate", "chalk", "basalt", "quartz", "shale", "flint", "obsidian"};
        TempDir dir;
        const auto path = dir.path() / "index";
        std::set<std::string> ids;
        // Three commits, so three segments; the first holds more than one 65,536-document
        // window of the union count for one word in three seeds.
        const std::size_t sizes[] = {seed == 2026 ? 70'000u : 3'000u, 700u, 1'500u};
        std::size_t next_id = 0;
        for (std::size_t size : sizes) {
            IndexWriter writer = IndexWriter::open(path, IndexOptions{AnalyzerOptions{false, false}});
            for (std::size_t d = 0; d < size; ++d) {
                Document doc;
                doc.id = std::string("d").append(std::to_string(next_id++));
                for (std::size_t w = 0; w < words.size(); ++w)
                    if (random() % (w + 1 == words.size() ? 400 : 2 * w + 2) == 0) doc.text.append(" ").append(words[w]);
                ids.insert(doc.id);
                writer.add(std::move(doc));
            }
            writer.commit();
        }
        {
            // Deleted documents at random, and a run of 200 in a row (whole words of bits).
            IndexWriter writer = IndexWriter::open(path, {});
            for (std::size_t d = 0; d < next_id; ++d)
                if (random() % 9 == 0 || (d >= 1000 && d < 1200)) writer.remove(std::string("d").append(std::to_string(d)));
            writer.commit();
        }
        const Index index = Index::open(path);
        for (int q = 0; q < 40; ++q) {
            std::string query;
            const bool conjunction = q % 2 == 1;
            const std::size_t terms = 1 + random() % 3;
            for (std::size_t t = 0; t < terms; ++t) {
                if (t) query += " ";
                if (conjunction) query += "+";
                query += words[random() % words.size()];
            }
            if (q % 10 == 0) query += " -chalk";  // not a plain union: counted by the scorers
            SCOPED_TRACE(query);
            SearchOptions all;
            all.k = next_id;
            all.algorithm = TopKAlgorithm::Exhaustive;
            all.snippets = false;
            const auto exhaustive = index.search(query, all);
            SearchOptions count;
            count.count_only = true;
            const auto counted = index.search(query, count);
            EXPECT_EQ(counted.matches, exhaustive.hits.size());
            EXPECT_TRUE(counted.hits.empty());
        }
    }
}

}  // namespace
}  // namespace quarry::testing
