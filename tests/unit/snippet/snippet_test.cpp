// Snippets: the window holding the most query weight wins, matched words are highlighted by
// byte range, white space is collapsed and cuts are marked with ellipses.
#include "snippet/snippet.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace quarry::snippet {
namespace {

using Weights = std::unordered_map<std::string, double>;

const std::string kEllipsis = "\xE2\x80\xA6";  // …

std::vector<std::string> highlighted(const Snippet& snippet) {
    std::vector<std::string> out;
    for (const Highlight& h : snippet.highlights) {
        EXPECT_LE(h.begin, h.end);
        EXPECT_LE(h.end, snippet.text.size());
        out.push_back(snippet.text.substr(h.begin, h.end - h.begin));
    }
    return out;
}

bool valid_utf8(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        i += length;
    }
    return true;
}

std::string numbered_words(int from, int to) {  // "w10 w11 ... w{to-1}"
    std::string text;
    for (int i = from; i < to; ++i) {
        if (!text.empty()) text += ' ';
        text += std::string("w").append(std::to_string(i));
    }
    return text;
}

TEST(Snippet, WholeShortTextWithHighlights) {
    analysis::Analyzer analyzer;
    const Snippet s = make_snippet("Xiaomi opened a smart Factory.", analyzer, {{"factori", 2.0}, {"xiaomi", 1.0}}, 30);
    EXPECT_EQ(s.text, "Xiaomi opened a smart Factory.");
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"Xiaomi", "Factory"}));
    ASSERT_EQ(s.highlights.size(), 2u);
    EXPECT_EQ(s.highlights[0].begin, 0u);
    EXPECT_EQ(s.highlights[0].end, 6u);
    EXPECT_EQ(s.highlights[1].begin, 22u);
    EXPECT_EQ(s.highlights[1].end, 29u);
}

TEST(Snippet, BestWindowIsChosenWithEllipses) {
    analysis::Analyzer analyzer;
    // 100 filler words with the match at word 60; a 10-word window around it.
    const std::string text = numbered_words(0, 60).append(" target ").append(numbered_words(61, 100));
    const Snippet s = make_snippet(text, analyzer, {{"target", 1.0}}, 10);
    // The earliest window holding the match starts 9 words before it.
    EXPECT_EQ(s.text, std::string(kEllipsis).append(" w51 w52 w53 w54 w55 w56 w57 w58 w59 target ").append(kEllipsis));
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"target"}));
}

TEST(Snippet, MatchAtTheStartHasNoLeadingEllipsis) {
    analysis::Analyzer analyzer;
    const std::string text = std::string("target ").append(numbered_words(1, 50));
    const Snippet s = make_snippet(text, analyzer, {{"target", 1.0}}, 3);
    EXPECT_EQ(s.text, std::string("target w1 w2 ").append(kEllipsis));
    ASSERT_EQ(s.highlights.size(), 1u);
    EXPECT_EQ(s.highlights[0].begin, 0u);
    EXPECT_EQ(s.highlights[0].end, 6u);
}

TEST(Snippet, MatchAtTheEndHasNoTrailingEllipsis) {
    analysis::Analyzer analyzer;
    const std::string text = numbered_words(0, 50) + " target.";
    const Snippet s = make_snippet(text, analyzer, {{"target", 1.0}}, 3);
    EXPECT_EQ(s.text, kEllipsis + " w48 w49 target.");  // closing punctuation kept
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"target"}));
}

TEST(Snippet, DistinctTermsBeatRepeats) {
    analysis::Analyzer analyzer;
    // Words 0-3 repeat "alpha" (score 1 + 3 * 0.01); words 20-21 hold alpha and beta once each
    // (score 2). The earliest 4-word window holding both starts at word 18.
    const std::string text = std::string("alpha alpha alpha alpha ").append(numbered_words(4, 20)).append(" alpha beta ").append(numbered_words(22, 40));
    const Snippet s = make_snippet(text, analyzer, {{"alpha", 1.0}, {"beta", 1.0}}, 4);
    EXPECT_EQ(s.text, std::string(kEllipsis).append(" w18 w19 alpha beta ").append(kEllipsis));
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"alpha", "beta"}));
    // With a single distinct term, the repeats decide: four alphas beat one.
    const Snippet repeats = make_snippet(text, analyzer, {{"alpha", 1.0}}, 4);
    EXPECT_EQ(repeats.text, std::string("alpha alpha alpha alpha ").append(kEllipsis));
    EXPECT_EQ(repeats.highlights.size(), 4u);
}

TEST(Snippet, HeavierTermWins) {
    analysis::Analyzer analyzer;
    const std::string text = std::string("common ").append(numbered_words(1, 30)).append(" rare ").append(numbered_words(31, 60));
    const Snippet s = make_snippet(text, analyzer, {{"common", 0.5}, {"rare", 3.0}}, 5);
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"rare"}));
    EXPECT_EQ(s.text, std::string(kEllipsis).append(" w26 w27 w28 w29 rare ").append(kEllipsis));
}

TEST(Snippet, TiesGoToTheEarliestWindow) {
    analysis::Analyzer analyzer;
    const std::string text = numbered_words(0, 10).append(" match ").append(numbered_words(11, 30)).append(" match ").append(numbered_words(31, 40));
    const Snippet s = make_snippet(text, analyzer, {{"match", 1.0}}, 4);
    EXPECT_EQ(s.text, std::string(kEllipsis).append(" w7 w8 w9 match ").append(kEllipsis));
}

TEST(Snippet, WhitespaceIsCollapsedAndPunctuationKept) {
    analysis::Analyzer analyzer;
    const Snippet s = make_snippet("  Smart\n\n  factory,\t\tnew\r\nline —  here  ", analyzer, {{"factori", 1.0}}, 30);
    EXPECT_EQ(s.text, "Smart factory, new line — here");
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"factory"}));
    EXPECT_EQ(s.highlights[0].begin, 6u);
}

TEST(Snippet, HighlightsAreTheOriginalWordsNotTheTerms) {
    analysis::Analyzer analyzer;
    const Snippet s = make_snippet("FACTORIES of Xiaomi’s ＡＢＣ line", analyzer,
                                   {{"factori", 1.0}, {"xiaomi", 1.0}, {"abc", 1.0}}, 30);
    EXPECT_EQ(s.text, "FACTORIES of Xiaomi’s ＡＢＣ line");
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"FACTORIES", "Xiaomi’s", "ＡＢＣ"}));
}

// A snippet that shows the whole text must not silently drop its first or last words because
// they are stop words (which produce no tokens): text is only ever cut where "…" says so.
TEST(Snippet, StopWordsAtTheEdgesAreNotCutSilently) {
    analysis::Analyzer analyzer;
    const Snippet s = make_snippet("The factory of the", analyzer, {{"factori", 1.0}}, 30);
    EXPECT_EQ(s.text, "The factory of the");
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"factory"}));
}

TEST(Snippet, NoMatchGivesTheStartOfTheText) {
    analysis::Analyzer analyzer;
    const std::string text = numbered_words(0, 40);
    const Snippet s = make_snippet(text, analyzer, {{"absent", 1.0}}, 5);
    EXPECT_EQ(s.text, std::string("w0 w1 w2 w3 w4 ").append(kEllipsis));
    EXPECT_TRUE(s.highlights.empty());
    const Snippet none = make_snippet(text, analyzer, {}, 5);
    EXPECT_EQ(none.text, s.text);
    EXPECT_TRUE(none.highlights.empty());
}

TEST(Snippet, TextWithoutWords) {
    analysis::Analyzer analyzer;
    EXPECT_EQ(make_snippet("", analyzer, {{"a", 1.0}}, 5).text, "");
    const Snippet s = make_snippet("  ...  !!\n\n--  ", analyzer, {{"a", 1.0}}, 5);
    EXPECT_EQ(s.text.rfind("... !! --", 0), 0u) << s.text;
    EXPECT_TRUE(s.highlights.empty());
    // Only stop words: no tokens, the text is shown as it is (collapsed).
    EXPECT_EQ(make_snippet("the  of and", analyzer, {{"a", 1.0}}, 5).text, "the of and");
}

TEST(Snippet, LongTextWithoutWordsIsCutOnACharacterBoundary) {
    analysis::Analyzer analyzer;
    // 1 + 2*200 bytes of punctuation: a cut at byte 300 falls inside a two-byte "«".
    std::string text = ".";
    for (int i = 0; i < 200; ++i) text += "«";
    const Snippet s = make_snippet(text, analyzer, {{"a", 1.0}}, 5);
    EXPECT_TRUE(valid_utf8(s.text)) << "the snippet is not valid UTF-8 (" << s.text.size() << " bytes)";
    EXPECT_LE(s.text.size(), 300u + kEllipsis.size() + 1);
    EXPECT_GE(s.text.size(), 290u);
}

TEST(Snippet, Utf8Text) {
    analysis::Analyzer analyzer;
    const std::string text = "小米智能工厂 — 年产能 一千万台。 Straße ＡＢＣ";
    const Snippet s = make_snippet(text, analyzer, {{"智能", 1.0}, {"工厂", 1.0}}, 3);
    EXPECT_TRUE(valid_utf8(s.text));
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"智能", "工厂"}));
    EXPECT_EQ(s.text.rfind("小米智能工厂", 0), 0u) << s.text;  // the window starts at the first word
    EXPECT_EQ(s.text.substr(s.text.size() - kEllipsis.size()), kEllipsis);
}

TEST(Snippet, WindowLargerThanTheText) {
    analysis::Analyzer analyzer;
    const Snippet s = make_snippet("one two three", analyzer, {{"two", 1.0}}, 1000);
    EXPECT_EQ(s.text, "one two three");
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"two"}));
    // A zero-word window still shows one word.
    const Snippet one = make_snippet("one two three", analyzer, {{"two", 1.0}}, 0);
    EXPECT_EQ(one.text, kEllipsis + " two " + kEllipsis);
}

// Against a brute-force search over every window on random texts.
TEST(Snippet, BestWindowMatchesBruteForce) {
    const std::uint64_t seed = 77;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    analysis::Analyzer analyzer(AnalyzerOptions{.stem = false, .stop_words = false});
    const std::vector<std::string> vocabulary = {"aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh"};
    for (int round = 0; round < 200; ++round) {
        SCOPED_TRACE(std::string("round ").append(std::to_string(round)));
        const std::size_t words = 1 + random() % 60;
        std::vector<std::string> chosen;
        std::string text;
        for (std::size_t i = 0; i < words; ++i) {
            chosen.push_back(vocabulary[random() % vocabulary.size()]);
            text += chosen.back() + (random() % 5 == 0 ? ",  " : " ");
        }
        Weights weights;
        for (int t = 0; t < 3; ++t) weights[vocabulary[random() % vocabulary.size()]] = static_cast<double>(1 + random() % 4);
        const std::size_t window = 1 + random() % 12;
        const std::size_t w = std::min(window, words);
        // Reference: distinct weight plus 1% per repeat, earliest best.
        std::size_t best = 0;
        double best_score = -1;
        for (std::size_t start = 0; start + w <= words; ++start) {
            std::set<std::string> seen;
            double score = 0;
            for (std::size_t i = start; i < start + w; ++i) {
                auto it = weights.find(chosen[i]);
                if (it == weights.end()) continue;
                score += seen.insert(chosen[i]).second ? it->second : 0.01 * it->second;
            }
            if (score > best_score) {
                best_score = score;
                best = start;
            }
        }
        const Snippet s = make_snippet(text, analyzer, weights, window);
        std::string expected = best > 0 ? kEllipsis + " " : "";
        std::vector<std::string> expected_highlights;
        for (std::size_t i = best; i < best + w; ++i) {
            if (weights.count(chosen[i])) expected_highlights.push_back(chosen[i]);
        }
        ASSERT_EQ(highlighted(s), expected_highlights) << text;
        ASSERT_EQ(s.text.rfind(expected + chosen[best], 0), 0u) << s.text;
        ASSERT_EQ(s.text.size() >= kEllipsis.size() && s.text.substr(s.text.size() - kEllipsis.size()) == kEllipsis,
                  best + w < words)
            << s.text;
    }
}

}  // namespace
}  // namespace quarry::snippet
