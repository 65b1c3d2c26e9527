// Picks the passage of a document that best shows why it matched, and marks the matched words.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/analyzer.hpp"
#include "quarry/search.hpp"

namespace quarry::snippet {

struct Snippet {
    std::string text;                    ///< whitespace collapsed, "…" where cut
    std::vector<Highlight> highlights;   ///< byte ranges of `text` holding matched words
};

/// `weights` maps each query term (analysed form) to its weight (its idf): the window of
/// `window_words` words that holds the most weight of distinct terms wins; ties go to the
/// earliest. Without any match, the start of the text.
Snippet make_snippet(std::string_view text, analysis::Analyzer& analyzer,
                     const std::unordered_map<std::string, double>& weights, std::size_t window_words);

}  // namespace quarry::snippet
