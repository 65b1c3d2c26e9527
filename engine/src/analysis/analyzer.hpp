// The text analysis chain shared by indexing and querying:
//   ICU word boundaries (UAX #29, dictionary-based for Chinese, Japanese, Thai...)
//   -> NFKC + Unicode case folding (NFKC_Casefold)
//   -> English possessive removal ('s and ’s)
//   -> stop words (optional) -> Snowball English stemming (optional, letters only).
// An Analyzer holds ICU and Snowball state that is not thread-safe: use one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "quarry/analyzer_options.hpp"

namespace quarry::analysis {

struct Token {
    std::string term;         ///< the indexed form
    std::uint32_t position;   ///< word ordinal in the field; stop words take a position too
    std::uint32_t begin;      ///< byte offset of the word in the analysed text
    std::uint32_t end;        ///< byte offset one past the word
};

class Analyzer {
public:
    explicit Analyzer(AnalyzerOptions options = {});
    ~Analyzer();
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;

    /// Appends the tokens of `text` to `out`, positions starting at `first_position`.
    /// Returns the position after the last word (to continue numbering in another part).
    /// REQUIRES: `text` is valid UTF-8 and shorter than 4 GiB.
    std::uint32_t analyze(std::string_view text, std::vector<Token>& out,
                          std::uint32_t first_position = 0);

    /// Normalises one word as the chain does, without splitting it (for prefix queries):
    /// case folding and NFKC only, no stemming or stop words.
    std::string fold(std::string_view word);

    const AnalyzerOptions& options() const { return options_; }

    /// Plain ASCII text (the common case) is split by a fast path that gives exactly ICU's
    /// words; off, every text goes through ICU (the tests compare the two).
    void set_ascii_fast_path(bool enabled) { ascii_fast_path_ = enabled; }

private:
    struct State;
    bool analyze_ascii(std::string_view text, std::vector<Token>& out, std::uint32_t& position);
    void add_word(std::string_view text, std::size_t begin, std::size_t end, bool letters, std::vector<Token>& out,
                  std::uint32_t& position);

    bool ascii_fast_path_ = true;
    AnalyzerOptions options_;
    std::unique_ptr<State> state_;
};

/// True if `word` (already folded) is in the English stop-word list.
bool is_stop_word(std::string_view word);

}  // namespace quarry::analysis
