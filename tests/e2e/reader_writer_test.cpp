// Readers and a writer in different processes: a `quarry search` prompt that opened the index
// keeps answering from its snapshot while other processes append, replace, delete and merge
// (which removes the files it opened); every search started afterwards sees the newest commit,
// and one started during a stream of commits sees a whole commit, never part of one.
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace quarry::testing {
namespace {

const std::string kQuarry = QUARRY_BINARY;

// A `quarry search INDEX --plain -k 5` prompt in its own process, fed one query at a time.
class SearchPrompt {
public:
    explicit SearchPrompt(const std::string& index) {
        int to_child[2], from_child[2];
        if (pipe(to_child) != 0 || pipe(from_child) != 0) throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
        posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
        posix_spawn_file_actions_addclose(&actions, to_child[1]);
        posix_spawn_file_actions_addclose(&actions, from_child[0]);
        std::vector<std::string> arguments = {kQuarry, "search", index, "--plain", "-k", "5"};
        std::vector<char*> argv;
        for (auto& argument : arguments) argv.push_back(argument.data());
        argv.push_back(nullptr);
        if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("cannot start quarry");
        posix_spawn_file_actions_destroy(&actions);
        close(to_child[0]);
        close(from_child[1]);
        input_ = fdopen(to_child[1], "w");
        output_ = fdopen(from_child[0], "r");
    }
    ~SearchPrompt() {
        std::fclose(input_);  // end of input: the prompt exits
        std::fclose(output_);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    SearchPrompt(const SearchPrompt&) = delete;
    SearchPrompt& operator=(const SearchPrompt&) = delete;

    /// The hits the prompt prints for `query`, up to its summary line, without the time taken.
    std::string ask(const std::string& query) {
        std::fprintf(input_, "%s\n", query.c_str());
        std::fflush(input_);
        std::string answer;
        char buffer[4096];
        while (std::fgets(buffer, sizeof buffer, output_)) {
            const std::string line = buffer;
            if (line.rfind("(", 0) == 0 && line.find(" ms)") != std::string::npos) {
                answer += line.substr(0, line.rfind(','));  // "(N hits, M documents scored"
                return answer;
            }
            answer += line;
        }
        ADD_FAILURE() << "the search prompt ended while answering '" << query << "'";
        return answer;
    }

private:
    pid_t pid_ = -1;
    std::FILE* input_ = nullptr;
    std::FILE* output_ = nullptr;
};

std::string document(const std::string& id, const std::string& text) {
    return std::string(R"({"id": ")").append(id).append(R"(", "title": "", "text": ")").append(text).append("\"}\n");
}

std::string numbered(const char* prefix, int number) { return std::string(prefix).append(std::to_string(number)); }

// How many documents a new `quarry search --count` finds for `query`.
long count_now(const std::string& index, const std::string& query) {
    const auto result = run_command(kQuarry + " search --count " + shell_quote(index) + " " + shell_quote(query));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return std::stol(result.out);
}

TEST(ReaderWriter, OpenSearchKeepsItsSnapshotAcrossAppendDeleteAndMerge) {
    TempDir dir;
    const std::string index = (dir / "idx").string();
    std::string first;
    for (int i = 0; i < 30; ++i)
        first += document(numbered("a", i), i == 5 ? "alpha gamma stone" : numbered("alpha stone number ", i));
    const auto built = run_command(kQuarry + " index --threads 1 " + shell_quote(index) + " " + dir.write("first.jsonl", first).string());
    ASSERT_EQ(built.exit_code, 0) << built.err;

    SearchPrompt prompt(index);
    const std::string alpha = prompt.ask("alpha");
    const std::string gamma = prompt.ask("gamma");
    ASSERT_NE(alpha.find("(5 hits, 30 documents scored"), std::string::npos) << alpha;
    ASSERT_NE(gamma.find("a5"), std::string::npos) << gamma;
    const auto segment_files_before = [&] {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(index)) names.push_back(entry.path().filename().string());
        return names;
    }();

    // Another process appends ten documents and replaces a5 with text that has neither word.
    std::string second = document("a5", "delta stone");
    for (int i = 0; i < 10; ++i) second += document(numbered("b", i), "alpha beta");
    const auto appended = run_command(kQuarry + " index --append " + shell_quote(index) + " " + dir.write("second.jsonl", second).string());
    ASSERT_EQ(appended.exit_code, 0) << appended.err;
    EXPECT_EQ(prompt.ask("alpha"), alpha);
    EXPECT_EQ(prompt.ask("gamma"), gamma);
    EXPECT_EQ(count_now(index, "gamma"), 0);
    EXPECT_EQ(count_now(index, "alpha"), 39);

    const auto deleted = run_command(kQuarry + " delete " + shell_quote(index) + " a0 a1");
    ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
    EXPECT_EQ(prompt.ask("alpha"), alpha);
    EXPECT_EQ(count_now(index, "alpha"), 37);

    // The merge writes one new segment and removes every file the prompt opened.
    const auto optimized = run_command(kQuarry + " optimize " + shell_quote(index));
    ASSERT_EQ(optimized.exit_code, 0) << optimized.err;
    for (const auto& name : segment_files_before) {
        if (name.rfind("seg_", 0) == 0) {
            EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(index) / name)) << name;
        }
    }
    EXPECT_EQ(prompt.ask("alpha"), alpha);  // its hits, scores and snippets, from the removed files
    EXPECT_EQ(prompt.ask("gamma"), gamma);
    EXPECT_EQ(count_now(index, "alpha"), 37);
    EXPECT_EQ(count_now(index, "beta"), 10);

    SearchPrompt later(index);
    EXPECT_NE(later.ask("alpha").find("37 documents scored"), std::string::npos);
    EXPECT_NE(later.ask("gamma").find("(0 hits"), std::string::npos);
}

TEST(ReaderWriter, NewSearchesDuringCommitsSeeWholeCommits) {
    TempDir dir;
    const std::string index = (dir / "idx").string();
    const auto built = run_command(kQuarry + " index " + shell_quote(index) + " " + dir.write("seed.jsonl", document("seed", "stone")).string());
    ASSERT_EQ(built.exit_code, 0) << built.err;
    SearchPrompt prompt(index);
    const std::string stone = prompt.ask("stone");

    // The writer commits 25 batches of 4 documents that each hold the word; the merge policy
    // runs as segments pile up. Every search started meanwhile must count a multiple of 4.
    constexpr int kBatches = 25, kBatchSize = 4;
    for (int batch = 0; batch < kBatches; ++batch) {
        std::string lines;
        for (int i = 0; i < kBatchSize; ++i) lines += document(numbered("w", batch * kBatchSize + i), "stone epsilon");
        dir.write(numbered("batch", batch).append(".jsonl"), lines);
    }
    std::thread writer([&] {
        for (int batch = 0; batch < kBatches; ++batch) {
            const auto result = run_command(kQuarry + " index --append " + shell_quote(index) + " " +
                                            (dir / numbered("batch", batch).append(".jsonl")).string());
            EXPECT_EQ(result.exit_code, 0) << result.err;
        }
    });
    long last = 0;
    int observations = 0;
    while (last < kBatches * kBatchSize) {
        const long seen = count_now(index, "epsilon");
        EXPECT_EQ(seen % kBatchSize, 0) << "a search saw part of a commit";
        EXPECT_GE(seen, last) << "a later search saw an older commit";
        last = std::max(last, seen);
        ++observations;
        if (observations > 10'000) break;
    }
    writer.join();
    EXPECT_EQ(count_now(index, "epsilon"), kBatches * kBatchSize);
    EXPECT_EQ(prompt.ask("stone"), stone);  // the prompt never left its snapshot
    EXPECT_EQ(prompt.ask("epsilon").find("(0 hits"), 0u);
    const auto checked = run_command(kQuarry + " check " + shell_quote(index));
    EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
}

}  // namespace
}  // namespace quarry::testing
