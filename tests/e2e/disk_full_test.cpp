// Running out of disk space: on a small tmpfs of the test's own, an indexing run that does not
// fit must fail with a clear error and leave the last commit exactly as it was.
#include <cstdlib>

#include <gtest/gtest.h>

#include "quarry/index.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace quarry::testing {
namespace {

class SmallFileSystem {
public:
    explicit SmallFileSystem(const std::filesystem::path& mount_point) : path_(mount_point) {
        std::filesystem::create_directories(path_);
        mounted_ = std::system(std::string("mount -t tmpfs -o size=1m tmpfs ").append(shell_quote(path_.string())).append(" 2>/dev/null").c_str()) == 0;
    }
    ~SmallFileSystem() {
        if (mounted_) std::system(std::string("umount ").append(shell_quote(path_.string())).c_str());
    }
    bool mounted() const { return mounted_; }

private:
    std::filesystem::path path_;
    bool mounted_ = false;
};

TEST(DiskFull, FailedRunLeavesTheLastCommitIntact) {
    TempDir dir;
    SmallFileSystem small(dir / "small");
    if (!small.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root: disk-full behaviour not checked";
    const std::string quarry = QUARRY_BINARY;
    const std::string index = (dir / "small" / "index").string();
    const auto first = run_command(quarry + " index " + shell_quote(index) + " " + shell_quote(QUARRY_SAMPLE_DIR));
    ASSERT_EQ(first.exit_code, 0) << first.err;

    // About 3 MB of text that does not compress away: more than the file system holds.
    std::string corpus;
    std::uint64_t state = 12345;
    for (int d = 0; d < 3000; ++d) {
        corpus.append("{\"id\":\"x").append(std::to_string(d)).append("\",\"text\":\"");
        for (int w = 0; w < 120; ++w) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            corpus.append("w").append(std::to_string(state >> 44)).append(" ");
        }
        corpus.append("\"}\n");
    }
    write_file(dir / "big.jsonl", corpus);
    const auto full = run_command(quarry + " index --append " + shell_quote(index) + " " + shell_quote((dir / "big.jsonl").string()));
    EXPECT_NE(full.exit_code, 0);
    EXPECT_NE(full.err.find("No space left on device"), std::string::npos) << full.err;
    EXPECT_NE(full.err.find(index), std::string::npos) << "the error names the file: " << full.err;

    const Index opened = Index::open(index);
    EXPECT_NO_THROW(opened.check());
    EXPECT_EQ(opened.document_count(), 5u);
}

}  // namespace
}  // namespace quarry::testing
