// End-to-end tests of the quarry command on the bundled sample corpus.
#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace quarry::testing {
namespace {

const std::string kQuarry = QUARRY_BINARY;

class Cli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        index_ = (dir_->path() / "news").string();
        const auto built = run_command(kQuarry + " index " + shell_quote(index_) + " " + shell_quote(QUARRY_SAMPLE_DIR));
        ASSERT_EQ(built.exit_code, 0) << built.err;
    }
    static void TearDownTestSuite() { delete dir_; }

    static CommandResult search(const std::string& arguments) {
        return run_command(kQuarry + " search " + shell_quote(index_) + " " + arguments);
    }
    // Ids of the hits in a --trec run, in rank order.
    static std::vector<std::string> ranked_ids(const std::string& query) { return ranked_ids_with("", query); }
    static std::vector<std::string> ranked_ids_with(const std::string& options, const std::string& query) {
        const auto result = search(std::string("--trec ").append(options).append(" ").append(shell_quote(query)));
        EXPECT_EQ(result.exit_code, 0) << result.err;
        std::vector<std::string> ids;
        std::istringstream lines(result.out);
        std::string qid, q0, id;
        int rank;
        double score;
        std::string tag;
        while (lines >> qid >> q0 >> id >> rank >> score >> tag) ids.push_back(id);
        return ids;
    }

    static TempDir* dir_;
    static std::string index_;
};

TempDir* Cli::dir_ = nullptr;
std::string Cli::index_;

TEST_F(Cli, RanksTheSampleCorpus) {
    const auto ids = ranked_ids("xiaomi smart factory");
    ASSERT_GE(ids.size(), 3u);
    // The article whose title and text are about Xiaomi's smart factory.
    EXPECT_EQ(ids[0], "003_06c4595629590f7e");
    const auto text = search("'xiaomi smart factory'");
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_NE(text.out.find("  1. "), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("[Xiaomi"), std::string::npos) << "snippet highlights the match:\n" << text.out;
}

TEST_F(Cli, PhraseQueryNeedsTheWordsInOrder) {
    const auto phrase = ranked_ids("\"mixed traffic\"");
    const auto reversed = ranked_ids("\"traffic mixed\"");
    EXPECT_FALSE(phrase.empty());
    EXPECT_TRUE(reversed.empty());
}

TEST_F(Cli, FieldQueryLooksOnlyAtTitles) {
    const auto in_title = ranked_ids("title:beijing");
    const auto anywhere = ranked_ids("beijing");
    EXPECT_LT(in_title.size(), anywhere.size());
    for (const auto& id : in_title) EXPECT_NE(std::find(anywhere.begin(), anywhere.end(), id), anywhere.end());
}

TEST_F(Cli, ExcludedWordRemovesDocuments) {
    const auto all = ranked_ids("factory");
    const auto without = ranked_ids("factory -xiaomi");
    EXPECT_LT(without.size(), all.size());
    const auto xiaomi = ranked_ids("xiaomi");
    for (const auto& id : without) EXPECT_EQ(std::find(xiaomi.begin(), xiaomi.end(), id), xiaomi.end());
}

TEST_F(Cli, CountAndAlgorithmsAgree) {
    const auto count = search("--count factory");
    ASSERT_EQ(count.exit_code, 0) << count.err;
    const auto all = ranked_ids("factory");
    EXPECT_EQ(count.out, std::to_string(all.size()) + "\n");
    for (const char* algorithm : {"exhaustive", "maxscore", "bmw"}) {
        const auto run = search(std::string("--trec --algorithm ").append(algorithm).append(" 'smart factory phone'"));
        EXPECT_EQ(run.out, search("--trec 'smart factory phone'").out) << algorithm;
    }
}

TEST_F(Cli, TitleWeightChangesScoresNotMatches) {
    auto ids = ranked_ids("xiaomi factory");
    auto weighted = ranked_ids_with("--title-weight 2", "xiaomi factory");
    EXPECT_NE(search("--trec --title-weight 2 'xiaomi factory'").out, search("--trec 'xiaomi factory'").out);
    std::sort(ids.begin(), ids.end());
    std::sort(weighted.begin(), weighted.end());
    EXPECT_EQ(ids, weighted);
}

TEST_F(Cli, Rm3ExpandsPlainTextQueries) {
    const auto expanded = ranked_ids_with("--plain --rm3", "autonomous driving");
    const auto plain = ranked_ids_with("--plain", "autonomous driving");
    EXPECT_GE(expanded.size(), plain.size());  // expansion terms can only add matches
    const auto refused = search("--rm3 'autonomous driving'");
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("--plain"), std::string::npos) << refused.err;
}

TEST_F(Cli, EmptyQueryIsAClearError) {
    const auto result = search("''");
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("empty query"), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty());
}

TEST_F(Cli, UnbalancedQuoteIsAClearError) {
    const auto result = search(shell_quote("smart \"factory"));
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("column 7"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("quote"), std::string::npos) << result.err;
}

TEST_F(Cli, JsonOutputIsOneObjectPerHit) {
    const auto result = search("--json -k 3 factory");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    std::istringstream lines(result.out);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        ++count;
        EXPECT_EQ(line.front(), '{');
        EXPECT_NE(line.find("\"rank\":" + std::to_string(count)), std::string::npos) << line;
        EXPECT_NE(line.find("\"id\":"), std::string::npos);
        EXPECT_NE(line.find("\"score\":"), std::string::npos);
    }
    EXPECT_EQ(count, 3);
}

TEST_F(Cli, InteractiveModeReadsQueriesUntilEndOfInput) {
    const auto result = run_command(kQuarry + " search " + shell_quote(index_), "factory\n\nsmart \"oops\nvehicle\n");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::size_t timing_lines = 0;
    for (std::size_t at = result.out.find(" ms)\n"); at != std::string::npos; at = result.out.find(" ms)\n", at + 1))
        ++timing_lines;
    EXPECT_EQ(timing_lines, 2u) << "one timing line per good query:\n" << result.out;
    EXPECT_NE(result.err.find("quote"), std::string::npos);
}

TEST_F(Cli, RefusesToOverwriteWithoutForce) {
    const auto again = run_command(kQuarry + " index " + shell_quote(index_) + " " + shell_quote(QUARRY_SAMPLE_DIR));
    EXPECT_NE(again.exit_code, 0);
    EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
}

TEST_F(Cli, BuiltInSampleIsTheDefaultCorpus) {
    TempDir dir;
    const auto built = run_command(kQuarry + " index " + shell_quote((dir / "sample").string()));
    ASSERT_EQ(built.exit_code, 0) << built.err;
    const auto result = run_command(kQuarry + " inspect --json " + shell_quote((dir / "sample").string()));
    EXPECT_NE(result.out.find("\"documents\": 5"), std::string::npos) << result.out;
}

TEST_F(Cli, InspectAndCheck) {
    const auto inspect = run_command(kQuarry + " inspect " + shell_quote(index_) + " --term Factories");
    EXPECT_EQ(inspect.exit_code, 0) << inspect.err;
    EXPECT_NE(inspect.out.find("all:factori"), std::string::npos) << inspect.out;
    const auto check = run_command(kQuarry + " check " + shell_quote(index_));
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_NE(check.out.find("OK"), std::string::npos);
}

TEST_F(Cli, BadCorpusLineIsReportedAndNothingIsWritten) {
    TempDir dir;
    write_file(dir / "bad.jsonl", "{\"id\":\"a\",\"text\":\"fine\"}\n{\"id\":\"b\",\"text\":\"broken\"\n");
    const auto result = run_command(kQuarry + " index " + shell_quote((dir / "index").string()) + " " +
                                    shell_quote((dir / "bad.jsonl").string()));
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("bad.jsonl:2"), std::string::npos) << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "index"));
    const auto skipped = run_command(kQuarry + " index --skip-bad " + shell_quote((dir / "index").string()) + " " +
                                     shell_quote((dir / "bad.jsonl").string()));
    EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
    EXPECT_NE(skipped.err.find("skipped 1"), std::string::npos) << skipped.err;
}

TEST_F(Cli, BenchReportsEachClassAndItsSlowestQueries) {
    TempDir dir;
    write_file(dir / "queries.jsonl",
               "{\"query\": \"+smart +factory\", \"tags\": [\"intersection\"]}\n"
               "{\"query\": \"autonomous vehicle\", \"tags\": [\"union\"]}\n"
               "{\"query\": \"\\\"smart factory\\\"\", \"tags\": [\"phrase\"]}\n");
    const auto result = run_command(kQuarry + " bench " + shell_quote(index_) + " --queries " +
                                    shell_quote((dir / "queries.jsonl").string()) + " --repeat 2 --slowest 1");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    for (const char* line : {"union top-10", "intersection top-10", "phrase top-10", "union top-1000", "intersection count",
                             "slowest of intersection top-10", "+smart +factory", "\"smart factory\"", "autonomous vehicle"})
        EXPECT_NE(result.out.find(line), std::string::npos) << line << " missing from:\n" << result.out;
    const auto json = run_command(kQuarry + " bench --json " + shell_quote(index_) + " --queries " +
                                  shell_quote((dir / "queries.jsonl").string()) + " --repeat 1 --slowest 1");
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_NE(json.out.find("\"slowest\""), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"median_ms\""), std::string::npos) << json.out;
    const auto one_class = run_command(kQuarry + " bench " + shell_quote(index_) + " --queries " +
                                       shell_quote((dir / "queries.jsonl").string()) + " --repeat 1 --class 'intersection count'");
    ASSERT_EQ(one_class.exit_code, 0) << one_class.err;
    EXPECT_NE(one_class.out.find("intersection count"), std::string::npos) << one_class.out;
    EXPECT_EQ(one_class.out.find("top-10"), std::string::npos) << one_class.out;
    const auto unknown = run_command(kQuarry + " bench " + shell_quote(index_) + " --queries " +
                                     shell_quote((dir / "queries.jsonl").string()) + " --class 'phrase count'");
    EXPECT_NE(unknown.exit_code, 0);
    EXPECT_NE(unknown.err.find("no such class"), std::string::npos) << unknown.err;
    EXPECT_NE(unknown.err.find("'phrase top-10'"), std::string::npos) << unknown.err;
}

TEST_F(Cli, HelpDocumentsEveryCommand) {
    const auto help = run_command(kQuarry + " --help");
    EXPECT_EQ(help.exit_code, 0);
    for (const char* command : {"index", "search", "inspect", "check"}) EXPECT_NE(help.out.find(command), std::string::npos);
    const auto search_help = run_command(kQuarry + " search --help");
    EXPECT_NE(search_help.out.find("--explain"), std::string::npos);
}

}  // namespace
}  // namespace quarry::testing
