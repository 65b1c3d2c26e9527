// The ASCII fast path of the analyzer against the ICU reference, on randomized text: the same
// terms, positions and byte offsets, every time. The seed is printed on failure.
#include <random>

#include <gtest/gtest.h>

#include "analysis/analyzer.hpp"

namespace quarry::testing {
namespace {

using analysis::Analyzer;
using analysis::Token;

std::string describe(const std::vector<Token>& tokens) {
    std::string out;
    for (const auto& token : tokens)
        out.append(token.term).append("@").append(std::to_string(token.position)).append("[").append(std::to_string(token.begin))
            .append(",").append(std::to_string(token.end)).append(") ");
    return out;
}

void expect_same_tokens(const std::string& text, AnalyzerOptions options) {
    Analyzer fast(options), reference(options);
    reference.set_ascii_fast_path(false);
    std::vector<Token> fast_tokens, reference_tokens;
    const auto fast_end = fast.analyze(text, fast_tokens, 7);
    const auto reference_end = reference.analyze(text, reference_tokens, 7);
    ASSERT_EQ(describe(fast_tokens), describe(reference_tokens)) << "text: [" << text << "]";
    ASSERT_EQ(fast_end, reference_end) << "text: [" << text << "]";
}

TEST(AsciiFastPath, RandomTextGivesIcuTokens) {
    const std::uint64_t seed = std::random_device{}();
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    // Every printable ASCII character and the usual white space, with letters and digits
    // weighted up so that words form and punctuation falls between and inside them.
    std::string alphabet;
    for (char c = 32; c < 127; ++c) alphabet.push_back(c);
    alphabet += "\t\n\r\v\f";
    const std::string wordy = "aeiouxyzAEZ0123456789.'',:;";
    for (int trial = 0; trial < 20000; ++trial) {
        std::string text;
        const std::size_t length = random() % 40;
        for (std::size_t i = 0; i < length; ++i)
            text.push_back(random() % 3 ? wordy[random() % wordy.size()] : alphabet[random() % alphabet.size()]);
        expect_same_tokens(text, {trial % 2 == 0, trial % 3 != 0});
        if (HasFatalFailure()) return;
    }
}

TEST(AsciiFastPath, EnglishProseGivesIcuTokens) {
    for (const char* text :
         {"Xiaomi's Smart Factory officially started construction in Changping today; output: 10,000.5 units.",
          "It's 3.14, 1,000,000 and 2021-11-28 at 10:30 -- e.mail a.b.c U.S.A. don't rock'n'roll 'quoted' x'y'",
          "The annual production capacity will not be less than 10 million smart phones (RMB60 billion)."})
        for (bool stem : {true, false})
            for (bool stop : {true, false}) expect_same_tokens(text, {stem, stop});
}

TEST(AsciiFastPath, UnderscoresAndNonAsciiGoThroughIcu) {
    expect_same_tokens("snake_case __init__ a_1 1_a _", {});
    expect_same_tokens("caf\xC3\xA9 na\xC3\xAFve Xiaomi\xE2\x80\x99s", {});
}

}  // namespace
}  // namespace quarry::testing
