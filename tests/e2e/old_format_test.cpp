// Indexes written by older format versions stay readable. tests/data/old-formats holds, for
// the corpus beside them, an index of each version this build still reads and whose layout
// differs from today's, each written by `quarry index` then `quarry optimize`:
//   v6/  at commit 0ced4cf: varint positions, list offsets in every dictionary entry;
//   v7/  at commit 16b8033: varint frequencies in tail postings blocks;
//   v8/  at commit af3b561: skip entries without length steps.
// Today's binary must verify each and answer every query exactly as it answers them on the
// same corpus indexed in today's format: the same documents, ranks and scores, and the same
// counts.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace quarry::testing {
namespace {

namespace fs = std::filesystem;
const std::string kQuarry = QUARRY_BINARY;
const fs::path kFixtures = fs::path(QUARRY_TEST_DATA_DIR) / "old-formats";

// The format version in a file's header (FORMAT.md §5: u32 LE at byte 8).
std::uint32_t version_of(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    unsigned char header[12] = {};
    in.read(reinterpret_cast<char*>(header), sizeof header);
    return header[8] | header[9] << 8 | header[10] << 16 | static_cast<std::uint32_t>(header[11]) << 24;
}

class OldFormat : public ::testing::TestWithParam<std::uint32_t> {
protected:
    void SetUp() override {
        // A copy: opening an index creates its LOCK file, and the source tree stays untouched.
        fs::copy(kFixtures / std::string("v").append(std::to_string(GetParam())), old_index_);
        for (const auto& entry : fs::directory_iterator(old_index_)) {
            ASSERT_EQ(version_of(entry.path()), GetParam()) << entry.path() << ": the fixture must keep its version";
        }
        const std::string corpus = shell_quote((kFixtures / "corpus.jsonl").string());
        ASSERT_EQ(run_command(kQuarry + " index " + shell_quote(new_index_.string()) + " " + corpus).exit_code, 0);
        ASSERT_EQ(run_command(kQuarry + " optimize " + shell_quote(new_index_.string())).exit_code, 0);
        ASSERT_GT(version_of(new_index_ / "MANIFEST"), GetParam());
    }

    CommandResult search(const fs::path& index, const std::string& arguments) const {
        return run_command(kQuarry + " search " + shell_quote(index.string()) + " " + arguments);
    }

    TempDir dir_;
    fs::path old_index_ = dir_ / "old", new_index_ = dir_ / "current";
};

TEST_P(OldFormat, PassesCheck) {
    const CommandResult checked = run_command(kQuarry + " check " + shell_quote(old_index_.string()));
    EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
}

TEST_P(OldFormat, RanksAsTheCurrentFormatDoes) {
    // Terms, phrases of two and more words, with stop-word gaps, over lists of several blocks
    // whose documents hold many positions: every result to the last, with its score.
    const std::string queries = shell_quote((kFixtures / "queries.txt").string());
    const CommandResult old_run = search(old_index_, "--queries " + queries + " --trec -k 1000");
    const CommandResult new_run = search(new_index_, "--queries " + queries + " --trec -k 1000");
    ASSERT_EQ(old_run.exit_code, 0) << old_run.err;
    ASSERT_EQ(new_run.exit_code, 0) << new_run.err;
    EXPECT_GT(old_run.out.size(), 10000u);  // about 1,200 results: not a comparison of nothing
    EXPECT_EQ(old_run.out, new_run.out);
}

TEST_P(OldFormat, CountsAsTheCurrentFormatDoes) {
    std::ifstream in(kFixtures / "queries.txt");
    std::size_t compared = 0;
    for (std::string query; std::getline(in, query); ++compared) {
        SCOPED_TRACE(query);
        const CommandResult old_count = search(old_index_, shell_quote(query) + " --count");
        const CommandResult new_count = search(new_index_, shell_quote(query) + " --count");
        ASSERT_EQ(old_count.exit_code, 0) << old_count.err;
        EXPECT_EQ(old_count.out, new_count.out);
    }
    EXPECT_GE(compared, 9u);
}

INSTANTIATE_TEST_SUITE_P(Versions, OldFormat, ::testing::Values(6u, 7u, 8u),
                         [](const ::testing::TestParamInfo<std::uint32_t>& version) { return std::string("V").append(std::to_string(version.param)); });

}  // namespace
}  // namespace quarry::testing
