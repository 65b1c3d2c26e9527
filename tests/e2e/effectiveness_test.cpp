// The effectiveness gate: SciFact's nDCG@10 and MAP under the default settings must stay at
// their recorded values (to 1e-4), so that a change that reorders results cannot pass unseen.
// A change that improves ranking on purpose updates the figures here and in the README.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"

namespace quarry::testing {
namespace {

std::filesystem::path scifact_dir() {
    if (const char* shared = std::getenv("QUARRY_SHARED_DIR")) return std::filesystem::path(shared) / "corpora/scifact";
    return std::filesystem::path(QUARRY_SHARED_DIR) / "corpora/scifact";
}

TEST(Effectiveness, SciFactDefaultsKeepTheirRecordedFigures) {
    const auto dir = scifact_dir();
    if (!std::filesystem::exists(dir / "docs.jsonl"))
        GTEST_SKIP() << dir << " is absent (set QUARRY_SHARED_DIR to the shared data folder): effectiveness not checked";
    const auto result = run_command(std::string(QUARRY_BINARY) + " eval --json --collection " + shell_quote(dir.string()));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto report = nlohmann::json::parse(result.out);
    EXPECT_EQ(report["queries"].get<int>(), 300);
    EXPECT_NEAR(report["mean"]["ndcg_cut_10"].get<double>(), 0.6893, 1e-4);
    EXPECT_NEAR(report["mean"]["map"].get<double>(), 0.6476, 1e-4);
    EXPECT_NEAR(report["mean"]["recall_100"].get<double>(), 0.9216, 1e-4);
}

}  // namespace
}  // namespace quarry::testing
