// The planner, through a tiny index: the errors it raises (with columns and the words at
// fault), words that analyse to several terms becoming phrases, and repeated words merged.
#include "query/planner.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "quarry/errors.hpp"
#include "quarry/index.hpp"
#include "quarry/index_writer.hpp"
#include "support/temp_dir.hpp"

namespace quarry::testing {
namespace {

namespace fs = std::filesystem;

class Planner : public ::testing::Test {
protected:
    void SetUp() override {
        IndexWriter writer = IndexWriter::create(dir_ / "index", {}, false);
        writer.add({"d1", "Xiaomi factory", "Xiaomi opened a smart factory. Send an e mail today.", {}});
        writer.add({"d2", "Mail", "The mail from e corp arrived; e is not mail.", {}});
        writer.add({"d3", "", "小米智能工厂 opened", {}});
        writer.add({"d4", "", "工厂 小米 and 智能", {}});
        writer.add({"d5", "smart of factory", "a smart the factory, smart factory", {}});
        writer.add({"d6", "", "unrelated words only", {}});
        writer.commit();
        index_ = std::make_unique<Index>(Index::open(dir_ / "index"));
    }

    SearchResults search(std::string_view query, bool explain = false) const {
        SearchOptions options;
        options.k = 100;
        options.explain = explain;
        options.snippets = false;
        return index_->search(query, options);
    }

    std::set<std::string> ids(std::string_view query) const {
        std::set<std::string> out;
        for (const Hit& hit : search(query).hits) out.insert(hit.id);
        return out;
    }

    // Expects `query` to fail planning with `column` and a message containing `part`.
    void expect_error(std::string_view query, std::size_t column, const std::string& part) const {
        SCOPED_TRACE(std::string("query: ").append(query));
        try {
            search(query);
            ADD_FAILURE() << "no error";
        } catch (const QuerySyntaxError& error) {
            EXPECT_EQ(error.column(), column) << error.what();
            EXPECT_NE(std::string(error.what()).find(part), std::string::npos)
                << "message: " << error.what() << "\nexpected to contain: " << part;
        }
    }

    TempDir dir_;
    std::unique_ptr<Index> index_;
};

TEST_F(Planner, UnknownFieldNamesTheFieldAndColumn) {
    expect_error("body:factory", 1,
                 "unknown field 'body' at column 1; the fields are 'title' and 'all' (title and text, the default)");
    expect_error("xiaomi body:factory", 8, "unknown field 'body' at column 8");
    expect_error("xiaomi (smart OR Body:x)", 18, "unknown field 'Body' at column 18");
    // Known fields plan fine.
    EXPECT_EQ(ids("title:xiaomi"), (std::set<std::string>{"d1"}));
    EXPECT_EQ(ids("all:xiaomi"), (std::set<std::string>{"d1"}));
}

TEST_F(Planner, OnlyStopWordsNamesTheWords) {
    expect_error("the", 0,
                 "the query has nothing to search for: 'the' is a stop word, which the index leaves out; add a more "
                 "specific word");
    expect_error("The of", 0, "'The', 'of' are stop words");
    expect_error("title:the", 0, "'the' is a stop word");
    // A stop word next to a real word is simply left out.
    EXPECT_EQ(ids("the xiaomi"), ids("xiaomi"));
}

TEST_F(Planner, OnlyExcludedWordsIsAnError) {
    expect_error("-xiaomi", 1, "the group at column 1 only excludes words, so it can match nothing");
    expect_error("-xiaomi -factory", 1, "only excludes words");
    expect_error("smart (-xiaomi)", 7, "the group at column 7 only excludes words");
    // A stop word does not count as something to search for.
    expect_error("the -xiaomi", 1, "only excludes words");
    EXPECT_EQ(ids("factory -xiaomi"), (std::set<std::string>{"d5"}));
}

TEST_F(Planner, PrefixExpansionLimit) {
    // 1100 distinct numbers starting with 7, split over two segments (600 + 500 + 100 shared).
    TempDir dir;
    {
        IndexWriter writer = IndexWriter::create(dir / "index", {}, false);
        std::string first, second;
        for (int n = 70000; n < 70600; ++n) first.append(std::to_string(n)).append(" ");
        for (int n = 70500; n < 71100; ++n) second.append(std::to_string(n)).append(" ");
        writer.add({"a", "", first, {}});
        writer.commit();
        writer.add({"b", "", second, {}});
        writer.commit();
    }
    const Index index = Index::open(dir / "index");
    ASSERT_EQ(index.info().segments, 2u);
    try {
        index.search("numbers 7*");
        ADD_FAILURE() << "no error";
    } catch (const QuerySyntaxError& error) {
        EXPECT_EQ(error.column(), 9u);
        EXPECT_NE(std::string(error.what()).find("'7*' at column 9 matches more than 1024 terms; type more letters before the '*'"),
                  std::string::npos)
            << error.what();
    }
    // 70000-70999 is 1000 terms across both segments: within the limit.
    const SearchResults ok = index.search("70*");
    EXPECT_EQ(ok.matches, 2u);
    // 705xx is in both segments: 100 terms, both documents.
    EXPECT_EQ(index.search("705*").matches, 2u);
    EXPECT_EQ(index.search("710*").matches, 1u);
    // A prefix matching nothing matches nothing (it does not vanish from the query).
    EXPECT_EQ(index.search("zzz*").matches, 0u);
    EXPECT_EQ(index.search("+70000 +zzz*").matches, 0u);
}

TEST_F(Planner, MultiTokenWordBecomesAPhrase) {
    // "e-mail" is two terms; as one query word it must match them adjacent and in order.
    EXPECT_EQ(ids("e-mail"), (std::set<std::string>{"d1"}));
    const SearchResults explained = search("e-mail", true);
    ASSERT_EQ(explained.hits.size(), 1u);
    ASSERT_EQ(explained.hits[0].explanation.size(), 1u);
    EXPECT_EQ(explained.hits[0].explanation[0].clause, "all:\"e mail\"");
    // The same for Chinese written without spaces: adjacent in d3, scattered in d4.
    EXPECT_EQ(ids("小米智能工厂"), (std::set<std::string>{"d3"}));
    // Each word alone matches both.
    EXPECT_EQ(ids("小米"), (std::set<std::string>{"d3", "d4"}));
}

TEST_F(Planner, PhrasesKeepTheGapsOfStopWords) {
    // "smart the factory": a stop word between the two, in d5's text ("smart the factory") and
    // title ("smart of factory"), but "smart factory" (no gap) must not match the gapped phrase.
    EXPECT_EQ(ids("\"smart the factory\""), (std::set<std::string>{"d5"}));
    const SearchResults gapped = search("\"smart the factory\"", true);
    ASSERT_EQ(gapped.hits.size(), 1u);
    ASSERT_EQ(gapped.hits[0].explanation.size(), 1u);
    EXPECT_EQ(gapped.hits[0].explanation[0].freq, 2u);  // "smart of factory" (title) + "smart the factory"
    EXPECT_EQ(ids("\"smart factory\""), (std::set<std::string>{"d1", "d5"}));
    EXPECT_EQ(ids("title:\"smart factory\""), std::set<std::string>{});
}

TEST_F(Planner, RepeatedWordsMakeOneClause) {
    const SearchResults once = search("xiaomi", true);
    const SearchResults twice = search("xiaomi xiaomi", true);
    ASSERT_EQ(once.hits.size(), 1u);
    ASSERT_EQ(twice.hits.size(), 1u);
    // One clause, whose query weight is Robertson's (k3 + 1) * qtf / (k3 + qtf) with k3 = 1,
    // qtf = 2: 2 * 2 / 3 = 4/3.
    ASSERT_EQ(twice.hits[0].explanation.size(), 1u);
    EXPECT_EQ(twice.hits[0].explanation[0].clause, "all:xiaomi");
    EXPECT_NEAR(twice.hits[0].explanation[0].query_weight, 4.0 / 3.0, 1e-12);
    EXPECT_NEAR(once.hits[0].explanation[0].query_weight, 1.0, 1e-12);
    EXPECT_NEAR(twice.hits[0].score, once.hits[0].score * 4.0 / 3.0, 1e-9);
    // Words that analyse alike are the same term: "Xiaomi’s" and "XIAOMI" repeat "xiaomi".
    const SearchResults variants = search("xiaomi Xiaomi’s XIAOMI", true);
    ASSERT_EQ(variants.hits.size(), 1u);
    ASSERT_EQ(variants.hits[0].explanation.size(), 1u);
    EXPECT_NEAR(variants.hits[0].explanation[0].query_weight, 2.0 * 3.0 / 4.0, 1e-12);  // qtf = 3: 2*3/4
    // Different words and different fields stay separate clauses.
    EXPECT_EQ(search("xiaomi factory xiaomi", true).hits.front().explanation.size(), 2u);
    EXPECT_EQ(search("title:xiaomi xiaomi", true).hits.front().explanation.size(), 2u);
    // The number of matches does not change.
    EXPECT_EQ(twice.matches, once.matches);
}

TEST_F(Planner, PlainTextQueries) {
    SearchOptions options;
    options.plain_text = true;
    options.snippets = false;
    options.explain = true;
    // Query syntax means nothing in plain text: "-" and ":" are just punctuation.
    const SearchResults results = index_->search("body:factory -xiaomi", options);
    std::set<std::string> found;
    for (const Hit& hit : results.hits) found.insert(hit.id);
    EXPECT_EQ(found, (std::set<std::string>{"d1", "d5"}));
    try {
        index_->search("the of and", options);
        ADD_FAILURE() << "no error";
    } catch (const QuerySyntaxError& error) {
        EXPECT_NE(std::string(error.what()).find("all its words are stop words"), std::string::npos) << error.what();
    }
    try {
        index_->search("  \t ", options);
        ADD_FAILURE() << "no error";
    } catch (const QuerySyntaxError& error) {
        EXPECT_NE(std::string(error.what()).find("empty query"), std::string::npos) << error.what();
    }
}

}  // namespace
}  // namespace quarry::testing
