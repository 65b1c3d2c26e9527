// The analysis chain: word boundaries, NFKC_Casefold, possessives, stop words, stemming,
// CJK segmentation, positions and byte offsets.
#include "analysis/analyzer.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::analysis {
namespace {

AnalyzerOptions plain() { return AnalyzerOptions{.stem = false, .stop_words = false}; }

std::vector<Token> tokens_of(Analyzer& analyzer, std::string_view text, std::uint32_t first = 0) {
    std::vector<Token> out;
    analyzer.analyze(text, out, first);
    return out;
}

std::vector<std::string> terms(Analyzer& analyzer, std::string_view text) {
    std::vector<std::string> out;
    for (const Token& token : tokens_of(analyzer, text)) out.push_back(token.term);
    return out;
}

std::vector<std::uint32_t> positions(Analyzer& analyzer, std::string_view text) {
    std::vector<std::uint32_t> out;
    for (const Token& token : tokens_of(analyzer, text)) out.push_back(token.position);
    return out;
}

using Words = std::vector<std::string>;

TEST(Analyzer, SplitsOnSpacesAndPunctuation) {
    Analyzer analyzer(plain());
    EXPECT_EQ(terms(analyzer, "Hello, world! How are you?"), (Words{"hello", "world", "how", "are", "you"}));
    EXPECT_EQ(terms(analyzer, "  \t\n  "), Words{});
    EXPECT_EQ(terms(analyzer, ""), Words{});
    EXPECT_EQ(terms(analyzer, "...!?;:()[]"), Words{});
    EXPECT_EQ(terms(analyzer, "e-mail co-op"), (Words{"e", "mail", "co", "op"}));
    EXPECT_EQ(terms(analyzer, "foo/bar_baz"), (Words{"foo", "bar_baz"}));
    EXPECT_EQ(terms(analyzer, "don't"), (Words{"don't"}));
    EXPECT_EQ(terms(analyzer, "x2 A1b"), (Words{"x2", "a1b"}));
    // Emoji and symbols are not words.
    EXPECT_EQ(terms(analyzer, "I ❤ 😀 tea"), (Words{"i", "tea"}));
}

TEST(Analyzer, NumbersStayWhole) {
    Analyzer analyzer;  // stemming on: numbers are not stemmed
    EXPECT_EQ(terms(analyzer, "2021"), (Words{"2021"}));
    EXPECT_EQ(terms(analyzer, "33.7"), (Words{"33.7"}));
    EXPECT_EQ(terms(analyzer, "3,000 and 007"), (Words{"3,000", "007"}));
    EXPECT_EQ(terms(analyzer, "In 2021, revenue rose 33.7%."), (Words{"2021", "revenu", "rose", "33.7"}));
}

TEST(Analyzer, NfkcNormalisation) {
    Analyzer analyzer(plain());
    EXPECT_EQ(terms(analyzer, "\xEF\xAC\x81le"), (Words{"file"}));      // "ﬁle", with the U+FB01 ligature
    EXPECT_EQ(terms(analyzer, "ＡＢＣ"), (Words{"abc"}));                // full-width letters
    EXPECT_EQ(terms(analyzer, "１２３"), (Words{"123"}));                // full-width digits
    EXPECT_EQ(terms(analyzer, "ｶﾀｶﾅ"), (Words{"カタカナ"}));              // half-width katakana
    // Composed and decomposed forms of "é" give the same term.
    EXPECT_EQ(terms(analyzer, "caf\xC3\xA9"), terms(analyzer, "cafe\xCC\x81"));
    EXPECT_EQ(terms(analyzer, "caf\xC3\xA9"), (Words{"caf\xC3\xA9"}));
}

TEST(Analyzer, CaseFolding) {
    Analyzer analyzer(plain());
    EXPECT_EQ(terms(analyzer, "Straße"), (Words{"strasse"}));
    EXPECT_EQ(terms(analyzer, "STRASSE"), (Words{"strasse"}));
    EXPECT_EQ(terms(analyzer, "ÉCOLE École école"), (Words{"école", "école", "école"}));
    EXPECT_EQ(terms(analyzer, "ΣΊΣΥΦΟΣ"), terms(analyzer, "σίσυφος"));  // final sigma folds like sigma
    EXPECT_EQ(terms(analyzer, "MiXeD CaSe"), (Words{"mixed", "case"}));
}

TEST(Analyzer, PossessivesAreRemoved) {
    Analyzer analyzer(plain());
    EXPECT_EQ(terms(analyzer, "Xiaomi’s"), (Words{"xiaomi"}));  // U+2019
    EXPECT_EQ(terms(analyzer, "Xiaomi's"), (Words{"xiaomi"}));
    EXPECT_EQ(terms(analyzer, "Xiaomi‘s"), (Words{"xiaomi"}));  // U+2018
    EXPECT_EQ(terms(analyzer, "XIAOMI'S"), (Words{"xiaomi"}));
    EXPECT_EQ(terms(analyzer, "the cat's hat"), (Words{"the", "cat", "hat"}));
    // Only a trailing 's: other apostrophes stay, and "s" alone is kept.
    EXPECT_EQ(terms(analyzer, "it's"), (Words{"it"}));
    EXPECT_EQ(terms(analyzer, "o'clock"), (Words{"o'clock"}));
    EXPECT_EQ(terms(analyzer, "s"), (Words{"s"}));
    // Possessive removal happens before stemming and stop words.
    Analyzer full;
    EXPECT_EQ(terms(full, "Xiaomi’s factories"), (Words{"xiaomi", "factori"}));
    EXPECT_EQ(terms(full, "it's"), Words{});  // "it" is a stop word
}

TEST(Analyzer, StopWordsOnAndOff) {
    Analyzer with(AnalyzerOptions{.stem = false, .stop_words = true});
    Analyzer without(plain());
    const std::string text = "The history of the world is not a book";
    EXPECT_EQ(terms(with, text), (Words{"history", "world", "book"}));
    EXPECT_EQ(terms(without, text), (Words{"the", "history", "of", "the", "world", "is", "not", "a", "book"}));
    // Stop words keep their positions: "history" is word 1, "world" word 4, "book" word 8.
    EXPECT_EQ(positions(with, text), (std::vector<std::uint32_t>{1, 4, 8}));
    EXPECT_EQ(positions(without, text), (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8}));
    // Stop words are matched after case folding.
    EXPECT_EQ(terms(with, "THE And OF"), Words{});
    // The list is short on purpose: "about" and "would" are not on it.
    EXPECT_EQ(terms(with, "about would"), (Words{"about", "would"}));
}

TEST(Analyzer, StopWordList) {
    for (const char* word : {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
                             "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
                             "these", "they", "this", "to", "was", "will", "with"})
        EXPECT_TRUE(is_stop_word(word)) << word;
    for (const char* word : {"", "The", "about", "xiaomi", "thee", "ther", "i", "s", "th", "within", "zzz"})
        EXPECT_FALSE(is_stop_word(word)) << word;
}

TEST(Analyzer, StemmingOnAndOff) {
    Analyzer stemmed(AnalyzerOptions{.stem = true, .stop_words = false});
    Analyzer unstemmed(plain());
    EXPECT_EQ(terms(stemmed, "factories"), (Words{"factori"}));
    EXPECT_EQ(terms(stemmed, "factory"), (Words{"factori"}));
    EXPECT_EQ(terms(stemmed, "Running runs"), (Words{"run", "run"}));
    EXPECT_EQ(terms(stemmed, "connection connected connecting"), (Words{"connect", "connect", "connect"}));
    EXPECT_EQ(terms(unstemmed, "factories Running"), (Words{"factories", "running"}));
    // Stemming never applies to numbers.
    EXPECT_EQ(terms(stemmed, "1990s"), (Words{"1990s"}));
    EXPECT_EQ(terms(stemmed, "2021"), (Words{"2021"}));
}

TEST(Analyzer, ChineseIsSegmentedWithoutDroppingCharacters) {
    Analyzer analyzer;
    const std::string text = "小米智能工厂";
    const auto tokens = tokens_of(analyzer, text);
    ASSERT_GE(tokens.size(), 2u) << "Chinese text must be split into words";
    std::string joined;
    std::uint32_t expected_begin = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        EXPECT_EQ(tokens[i].position, i);
        EXPECT_EQ(tokens[i].begin, expected_begin) << "a character was dropped before token " << i;
        EXPECT_EQ(tokens[i].term, text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
        expected_begin = tokens[i].end;
        joined += tokens[i].term;
    }
    EXPECT_EQ(joined, text);
    EXPECT_EQ(tokens.back().end, text.size());
    // The dictionary segmentation finds the words 小米 / 智能 / 工厂.
    EXPECT_EQ(terms(analyzer, text), (Words{"小米", "智能", "工厂"}));
}

TEST(Analyzer, JapaneseIsTokenised) {
    Analyzer analyzer;
    const std::string text = "東京で寿司を食べました";
    const auto tokens = tokens_of(analyzer, text);
    ASSERT_GE(tokens.size(), 3u);
    std::string joined;
    for (const Token& token : tokens) joined += text.substr(token.begin, token.end - token.begin);
    EXPECT_EQ(joined, text);  // every character is inside some token
    EXPECT_EQ(tokens.front().term, "東京");
    bool sushi = false;
    for (const Token& token : tokens) sushi = sushi || token.term == "寿司";
    EXPECT_TRUE(sushi);
}

TEST(Analyzer, MixedScripts) {
    Analyzer analyzer(plain());
    EXPECT_EQ(terms(analyzer, "Xiaomi小米 SU7"), (Words{"xiaomi", "小米", "su7"}));
    EXPECT_EQ(terms(analyzer, "Москва ПРИВЕТ"), (Words{"москва", "привет"}));
}

TEST(Analyzer, ByteOffsetsPointAtTheOriginalWords) {
    Analyzer analyzer;
    const std::string text = "  ＡＢＣ, Xiaomi’s ﬁle —  the Factories\t2021.";
    const auto tokens = tokens_of(analyzer, text);
    const std::vector<std::string> originals = {"ＡＢＣ", "Xiaomi’s", "ﬁle", "Factories", "2021"};
    const std::vector<std::string> expected_terms = {"abc", "xiaomi", "file", "factori", "2021"};
    const std::vector<std::uint32_t> expected_positions = {0, 1, 2, 4, 5};  // "the" takes position 3
    ASSERT_EQ(tokens.size(), originals.size());
    std::size_t search_from = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::size_t at = text.find(originals[i], search_from);
        ASSERT_NE(at, std::string::npos);
        EXPECT_EQ(tokens[i].begin, at) << originals[i];
        EXPECT_EQ(tokens[i].end, at + originals[i].size()) << originals[i];
        EXPECT_EQ(tokens[i].term, expected_terms[i]);
        EXPECT_EQ(tokens[i].position, expected_positions[i]);
        search_from = at + originals[i].size();
    }
}

TEST(Analyzer, FirstPositionAndReturnedPosition) {
    Analyzer analyzer;
    std::vector<Token> out;
    // Returns the position after the last word, stop words included.
    EXPECT_EQ(analyzer.analyze("one two the", out, 0), 3u);
    EXPECT_EQ(analyzer.analyze("three four", out, 103), 105u);
    ASSERT_EQ(out.size(), 4u);  // appended, not replaced
    EXPECT_EQ(out[0].position, 0u);
    EXPECT_EQ(out[1].position, 1u);
    EXPECT_EQ(out[2].term, "three");
    EXPECT_EQ(out[2].position, 103u);
    EXPECT_EQ(out[3].position, 104u);
    EXPECT_EQ(out[2].begin, 0u);  // offsets are relative to the text analysed
    EXPECT_EQ(analyzer.analyze("", out, 7), 7u);
    EXPECT_EQ(analyzer.analyze("!!!", out, 7), 7u);
    EXPECT_EQ(out.size(), 4u);
}

TEST(Analyzer, Fold) {
    Analyzer analyzer;
    EXPECT_EQ(analyzer.fold("Straße"), "strasse");
    EXPECT_EQ(analyzer.fold("ＡＢＣ"), "abc");
    EXPECT_EQ(analyzer.fold("\xEF\xAC\x81le"), "file");
    EXPECT_EQ(analyzer.fold("FACTORIES"), "factories");  // no stemming
    EXPECT_EQ(analyzer.fold("The"), "the");              // no stop words
    EXPECT_EQ(analyzer.fold("Xiaomi's"), "xiaomi's");    // not split, nothing removed
    EXPECT_EQ(analyzer.fold(""), "");
    EXPECT_EQ(analyzer.fold("小米"), "小米");
}

TEST(Analyzer, ReusableAndMovable) {
    Analyzer first;
    EXPECT_EQ(terms(first, "Factories"), (Words{"factori"}));
    Analyzer moved(std::move(first));
    EXPECT_EQ(terms(moved, "Factories"), (Words{"factori"}));
    EXPECT_TRUE(moved.options().stem);
    EXPECT_TRUE(moved.options().stop_words);
    // Many analyses with one analyzer give the same answer every time.
    for (int i = 0; i < 50; ++i) ASSERT_EQ(terms(moved, "Xiaomi’s 小米智能工厂"), (Words{"xiaomi", "小米", "智能", "工厂"}));
}

// The analyzer remembers what recent words became (stemmed, or dropped as stop words) and
// forgets when it has seen 65,536 of them: neither a remembered word nor the forgetting may
// change a token. A word's first analysis cannot come from memory (nothing with its folded
// form has been seen), so every later analysis of it must give the same terms.
TEST(Analyzer, RememberedTermsEqualFirstAnalysis) {
    std::mt19937 random(20261122);
    const std::vector<std::string> stems = {"run", "factory", "the", "connect", "Xiaomi", "nation", "is", "happy", "THE", "Über"};
    const std::vector<std::string> suffixes = {"", "s", "ing", "ed", "ies", "ation", "ally", "'s", "’s"};
    std::map<std::string, std::vector<std::string>> first_analysis;
    Analyzer analyzer;
    std::size_t repeats = 0;
    for (int round = 0; round < 200'000; ++round) {
        std::string word = stems[random() % stems.size()] + suffixes[random() % suffixes.size()];
        // Mostly rare words, so that the memory fills up and is emptied more than once.
        if (random() % 4 != 0) {
            word.push_back(static_cast<char>('a' + random() % 26));
            word.append(std::to_string(random() % 100'000));
        }
        const std::vector<std::string> analysed = terms(analyzer, word);
        auto [first, added] = first_analysis.try_emplace(word, analysed);
        if (!added) {
            ++repeats;
            ASSERT_EQ(analysed, first->second) << word << " in round " << round;
        }
    }
    EXPECT_GT(first_analysis.size(), 2u * 65'536);  // the memory was emptied at least twice
    EXPECT_GT(repeats, 10'000u);
}

}  // namespace
}  // namespace quarry::analysis
