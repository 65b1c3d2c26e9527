#include "analysis/analyzer.hpp"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/ubrk.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include "quarry/errors.hpp"

namespace quarry::analysis {
namespace {

void check(UErrorCode status, const char* what) {
    if (U_FAILURE(status)) throw Error(std::string("ICU failed to ") + what + ": " + u_errorName(status));
}

bool is_ascii(std::string_view text) {
    for (unsigned char c : text)
        if (c >= 0x80) return false;
    return true;
}

// An English possessive after NFKC_Casefold: 's, ’s (U+2019) or, as typed by some writers,
// ‘s (U+2018). UAX #29 keeps all three inside the word.
void strip_possessive(std::string& term) {
    auto ends_with = [&](std::string_view suffix) {
        return term.size() > suffix.size() &&
               std::string_view(term).substr(term.size() - suffix.size()) == suffix;
    };
    if (ends_with("'s")) term.resize(term.size() - 2);
    else if (ends_with("\xE2\x80\x99s") || ends_with("\xE2\x80\x98s")) term.resize(term.size() - 4);
}

}  // namespace

struct Analyzer::State {
    std::unique_ptr<icu::BreakIterator> words;
    const icu::Normalizer2* nfkc_casefold = nullptr;
    sb_stemmer* stemmer = nullptr;
    icu::UnicodeString scratch;

    ~State() {
        if (stemmer) sb_stemmer_delete(stemmer);
    }

    void fold_into(std::string_view word, std::string& out) {
        if (is_ascii(word)) {
            // NFKC_Casefold of ASCII is ASCII lowercasing; skipping ICU here is the common case.
            out.assign(word);
            for (char& c : out)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            return;
        }
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString folded =
            nfkc_casefold->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size()))), status);
        check(status, "normalise a word");
        out.clear();
        folded.toUTF8String(out);
    }
};

Analyzer::Analyzer(AnalyzerOptions options) : options_(options), state_(std::make_unique<State>()) {
    UErrorCode status = U_ZERO_ERROR;
    state_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    check(status, "create a word break iterator");
    state_->nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    check(status, "load NFKC_Casefold");
    if (options_.stem) {
        state_->stemmer = sb_stemmer_new("english", "UTF_8");
        if (!state_->stemmer) throw Error("libstemmer has no English stemmer");
    }
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

std::string Analyzer::fold(std::string_view word) {
    std::string out;
    state_->fold_into(word, out);
    return out;
}

std::uint32_t Analyzer::analyze(std::string_view text, std::vector<Token>& out,
                                std::uint32_t first_position) {
    UErrorCode status = U_ZERO_ERROR;
    UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    check(status, "open text");
    icu::BreakIterator& words = *state_->words;
    words.setText(utext, status);
    check(status, "set break iterator text");

    std::uint32_t position = first_position;
    std::string term;
    std::int32_t begin = words.first();
    for (std::int32_t end = words.next(); end != icu::BreakIterator::DONE; begin = end, end = words.next()) {
        std::int32_t kind = words.getRuleStatus();
        if (kind < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
        std::string_view word = text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
        state_->fold_into(word, term);
        strip_possessive(term);
        std::uint32_t word_position = position++;
        if (term.empty()) continue;
        if (options_.stop_words && is_stop_word(term)) continue;
        if (state_->stemmer && kind >= UBRK_WORD_LETTER && kind < UBRK_WORD_LETTER_LIMIT) {
            const sb_symbol* stemmed = sb_stemmer_stem(
                state_->stemmer, reinterpret_cast<const sb_symbol*>(term.data()), static_cast<int>(term.size()));
            if (stemmed) term.assign(reinterpret_cast<const char*>(stemmed), static_cast<std::size_t>(sb_stemmer_length(state_->stemmer)));
        }
        out.push_back(Token{term, word_position, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
    }
    // Detach the iterator from the text before the UText goes away.
    words.setText(icu::UnicodeString());
    utext_close(utext);
    return position;
}

}  // namespace quarry::analysis
