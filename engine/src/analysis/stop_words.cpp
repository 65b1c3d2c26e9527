#include <algorithm>
#include <array>
#include <string_view>

#include "analysis/analyzer.hpp"

namespace quarry::analysis {
namespace {

// Lucene's English stop set (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET), the list behind the
// published BM25 baselines quarry is compared with: short on purpose, because removing more
// words (not, no, about...) costs recall and phrase matching more than it saves in index size.
constexpr std::array<std::string_view, 33> kStopWords = {
    "a",    "an",   "and",   "are",  "as",   "at",   "be",    "but",  "by",   "for",  "if",
    "in",   "into", "is",    "it",   "no",   "not",  "of",    "on",   "or",   "such", "that",
    "the",  "their", "then", "there", "these", "they", "this", "to",   "was",  "will", "with"};

}  // namespace

bool is_stop_word(std::string_view word) {
    // Every stop word has at most five letters: most words are rejected without a search.
    if (word.size() > 5) return false;
    return std::binary_search(kStopWords.begin(), kStopWords.end(), word);
}

}  // namespace quarry::analysis
