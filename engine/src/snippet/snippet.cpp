#include "snippet/snippet.hpp"

#include <cctype>
#include <unordered_set>

namespace quarry::snippet {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Appends `text` with every run of white space turned into one space.
void append_collapsed(std::string& out, std::string_view text) {
    for (char c : text) {
        if (is_space(c)) {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
}

}  // namespace

Snippet make_snippet(std::string_view text, analysis::Analyzer& analyzer,
                     const std::unordered_map<std::string, double>& weights, std::size_t window_words) {
    std::vector<analysis::Token> tokens;
    analyzer.analyze(text, tokens);
    Snippet snippet;
    if (tokens.empty()) {
        // No words at all: the start of the text, cut on a character boundary.
        std::size_t cut = std::min<std::size_t>(text.size(), 300);
        while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        append_collapsed(snippet.text, text.substr(0, cut));
        if (cut < text.size()) snippet.text += " …";
        return snippet;
    }
    window_words = std::max<std::size_t>(1, std::min(window_words, tokens.size()));

    std::vector<double> weight_of(tokens.size(), 0.0);
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (auto it = weights.find(tokens[i].term); it != weights.end()) weight_of[i] = it->second;

    // Score each window by the weight of the distinct terms it holds, plus a little per repeat.
    std::size_t best_start = 0;
    double best_score = -1;
    for (std::size_t start = 0; start + window_words <= tokens.size(); ++start) {
        if (start > 0 && weight_of[start - 1] == 0 && best_score >= 0 && weight_of[start + window_words - 1] == 0) continue;
        std::unordered_set<std::string_view> seen;
        double score = 0;
        for (std::size_t i = start; i < start + window_words; ++i) {
            if (weight_of[i] == 0) continue;
            score += seen.insert(tokens[i].term).second ? weight_of[i] : 0.01 * weight_of[i];
        }
        if (score > best_score) {
            best_score = score;
            best_start = start;
        }
    }

    const std::size_t last = best_start + window_words - 1;
    if (best_start > 0) snippet.text = "… ";
    // A window that holds the first (last) word also holds what comes before (after) it:
    // stop words and punctuation make no tokens but must not vanish from the edges.
    std::size_t copied_to = best_start == 0 ? 0 : tokens[best_start].begin;
    for (std::size_t i = best_start; i <= last; ++i) {
        append_collapsed(snippet.text, text.substr(copied_to, tokens[i].begin - copied_to));
        const std::size_t begin = snippet.text.size();
        snippet.text.append(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
        if (weight_of[i] > 0) snippet.highlights.push_back({begin, snippet.text.size()});
        copied_to = tokens[i].end;
    }
    if (last + 1 == tokens.size()) {
        append_collapsed(snippet.text, text.substr(copied_to));
        while (!snippet.text.empty() && snippet.text.back() == ' ') snippet.text.pop_back();
        return snippet;
    }
    // Keep closing punctuation right after the last word (a full stop, a quote).
    while (copied_to < text.size() && std::ispunct(static_cast<unsigned char>(text[copied_to])))
        snippet.text.push_back(text[copied_to++]);
    snippet.text += " …";
    return snippet;
}

}  // namespace quarry::snippet
