// Crash safety: the quarry command is killed with SIGKILL at random moments while it indexes,
// commits, deletes and merges. After every kill the index must open, pass check, and hold
// exactly the documents of the last commit that completed: the one before the command, or the
// one it was making.
#include <csignal>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include "quarry/index.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace quarry::testing {
namespace {

using Ids = std::set<std::string>;

Ids live_ids(const std::filesystem::path& index) {
    const Index opened = Index::open(index);
    opened.check();
    const auto ids = opened.document_ids();
    return Ids(ids.begin(), ids.end());
}

// Runs `arguments` (quarry's, after the program name), killing it after `delay`. Returns true if
// the process had finished by itself.
bool run_and_kill(const std::vector<std::string>& arguments, std::chrono::microseconds delay) {
    std::vector<std::string> argv_strings = {QUARRY_BINARY};
    argv_strings.insert(argv_strings.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& argument : argv_strings) argv.push_back(argument.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) throw std::runtime_error("cannot start quarry");
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    bool finished = false;
    const auto deadline = std::chrono::steady_clock::now() + delay;
    while (!(finished = waitpid(pid, &status, WNOHANG) == pid) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    if (!finished) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    return finished;
}

std::string batch_file(const TempDir& dir, int batch, int first_id, int count, std::mt19937_64& random) {
    static const char* words[] = {"quarry", "stone", "granite", "marble", "chisel", "block", "slate", "lime", "sand", "clay"};
    std::string lines;
    for (int i = 0; i < count; ++i) {
        std::string text;
        for (int w = 0; w < 60; ++w) text.append(words[random() % 10]).append(" ");
        lines.append("{\"id\":\"d").append(std::to_string(first_id + i)).append("\",\"title\":\"batch ")
            .append(std::to_string(batch)).append("\",\"text\":\"").append(text).append("\"}\n");
    }
    const auto path = dir / std::string("batch").append(std::to_string(batch)).append(".jsonl");
    write_file(path, lines);
    return path.string();
}

TEST(CrashSafety, SigkillAtRandomMomentsLeavesTheLastCommit) {
    const std::uint64_t seed = std::random_device{}();
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    TempDir dir;
    const std::string index = (dir / "index").string();
    Ids committed;
    // A first commit, made without interruption.
    ASSERT_TRUE(run_and_kill({"index", index, batch_file(dir, 0, 0, 500, random)}, std::chrono::seconds(20)));
    committed = live_ids(index);
    ASSERT_EQ(committed.size(), 500u);

    int interrupted = 0;
    for (int trial = 1; trial <= 50; ++trial) {
        SCOPED_TRACE(std::string("trial ").append(std::to_string(trial)));
        Ids after = committed;
        std::vector<std::string> arguments;
        const auto operation = random() % 4;
        if (operation <= 1) {  // append: some new ids, some replacing ids already there
            const int first = static_cast<int>(random() % 1500);
            const int count = 1000 + static_cast<int>(random() % 2000);
            arguments = {"index", index, "--append", "--memory", "1", batch_file(dir, trial, first, count, random)};
            for (int i = 0; i < count; ++i) after.insert(std::string("d").append(std::to_string(first + i)));
        } else if (operation == 2 && !committed.empty()) {  // delete a few
            arguments = {"delete", index};
            for (int i = 0; i < 5; ++i) {
                auto it = committed.begin();
                std::advance(it, static_cast<long>(random() % committed.size()));
                if (after.erase(*it)) arguments.push_back(*it);
            }
        } else {
            arguments = {"optimize", index};
        }
        // Most runs take 20 to 150 ms here: kill anywhere in them, and now and then not at all.
        const auto delay = std::chrono::microseconds(random() % 120000);
        if (!run_and_kill(arguments, delay)) ++interrupted;
        const Ids now = live_ids(index);
        EXPECT_TRUE(now == committed || now == after)
            << arguments[0] << " killed after " << delay.count() << " us left " << now.size() << " documents; expected "
            << committed.size() << " (before) or " << after.size() << " (after)";
        committed = now;
    }
    EXPECT_GT(interrupted, 10) << "too few runs were actually interrupted to test anything";
}

}  // namespace
}  // namespace quarry::testing
