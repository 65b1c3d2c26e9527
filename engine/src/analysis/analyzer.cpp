#include "analysis/analyzer.hpp"

#include <array>

#include <absl/container/flat_hash_map.h>
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
    std::string term;  // reused for every word
    // Stop-word tests and Snowball cost more than everything else in the chain together, and
    // word frequencies are Zipfian: remembering what recent words became skips both for nearly
    // every token. An empty result marks a stop word. Emptied when full, so memory stays
    // bounded whatever the vocabulary.
    absl::flat_hash_map<std::string, std::string> finished_terms;
    static constexpr std::size_t kMaxFinishedTerms = 1 << 16;
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

void Analyzer::add_word(std::string_view text, std::size_t begin, std::size_t end, bool letters, std::vector<Token>& out,
                        std::uint32_t& position) {
    std::string& term = state_->term;
    state_->fold_into(text.substr(begin, end - begin), term);
    strip_possessive(term);
    const std::uint32_t word_position = position++;
    if (term.empty()) return;
    // Only words of letters are stemmed, so the cache (keyed by the folded word) holds those.
    const bool stemmed = state_->stemmer && letters;
    if (stemmed) {
        if (auto finished = state_->finished_terms.find(term); finished != state_->finished_terms.end()) {
            if (!finished->second.empty())
                out.push_back(Token{finished->second, word_position, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
            return;
        }
    }
    std::string finished;
    if (!options_.stop_words || !is_stop_word(term)) {
        if (stemmed) {
            const sb_symbol* stem = sb_stemmer_stem(state_->stemmer, reinterpret_cast<const sb_symbol*>(term.data()),
                                                    static_cast<int>(term.size()));
            if (!stem) throw Error("Snowball stemmer ran out of memory");
            finished.assign(reinterpret_cast<const char*>(stem), static_cast<std::size_t>(sb_stemmer_length(state_->stemmer)));
        } else {
            finished = term;
        }
    }
    if (stemmed) {
        if (state_->finished_terms.size() == State::kMaxFinishedTerms) state_->finished_terms.clear();
        state_->finished_terms.emplace(term, finished);
    }
    if (!finished.empty())
        out.push_back(Token{std::move(finished), word_position, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
}

namespace {

// ICU's root word rules, restricted to ASCII. ICU drops ':' from MidLetter (so "a:b" is two
// words) and adds '@' to ALetter.
enum class Ascii : std::uint8_t { Other, Letter, Digit, MidNumLet, MidNum, Underscore };

constexpr std::array<Ascii, 128> kAsciiClass = [] {
    std::array<Ascii, 128> classes{};
    for (int c = 'a'; c <= 'z'; ++c) classes[static_cast<std::size_t>(c)] = Ascii::Letter;
    for (int c = 'A'; c <= 'Z'; ++c) classes[static_cast<std::size_t>(c)] = Ascii::Letter;
    for (int c = '0'; c <= '9'; ++c) classes[static_cast<std::size_t>(c)] = Ascii::Digit;
    classes['@'] = Ascii::Letter;  // ICU's root rules add '@' to ALetter
    classes['.'] = Ascii::MidNumLet;
    classes['\''] = Ascii::MidNumLet;  // Single_Quote: in WB6, 7, 11 and 12 as MidNumLet
    classes[','] = Ascii::MidNum;
    classes[';'] = Ascii::MidNum;
    classes['_'] = Ascii::Underscore;
    return classes;
}();

}  // namespace

bool Analyzer::analyze_ascii(std::string_view text, std::vector<Token>& out, std::uint32_t& position) {
    // UAX #29 as ICU's root rules have it, restricted to ASCII without '_' (ExtendNumLet, whose
    // rule statuses the fast path does not model): runs of letters and digits (WB5, 8, 9, 10),
    // joined across one '.' or apostrophe between letters (WB6, 7) and one ',' ';' '.' or
    // apostrophe between digits (WB11, 12). ICU reports a word with any letter as a letter
    // word. The randomized test in tests/unit/analysis checks every token against ICU's.
    for (unsigned char c : text)
        if (c >= 0x80 || c == '_') return false;
    const auto class_at = [&](std::size_t i) { return i < text.size() ? kAsciiClass[static_cast<unsigned char>(text[i])] : Ascii::Other; };
    std::size_t i = 0;
    while (i < text.size()) {
        Ascii kind = class_at(i);
        if (kind != Ascii::Letter && kind != Ascii::Digit) {
            ++i;
            continue;
        }
        const std::size_t begin = i;
        bool letters = false;
        while (true) {
            letters |= kind == Ascii::Letter;
            const Ascii next = class_at(i + 1);
            if (next == Ascii::Letter || next == Ascii::Digit) {
                ++i;
                kind = next;
                continue;
            }
            const Ascii after = class_at(i + 2);
            const bool joins_letters = kind == Ascii::Letter && next == Ascii::MidNumLet && after == Ascii::Letter;
            const bool joins_digits = kind == Ascii::Digit && (next == Ascii::MidNum || next == Ascii::MidNumLet) && after == Ascii::Digit;
            if (joins_letters || joins_digits) {
                i += 2;
                kind = after;
                continue;
            }
            break;
        }
        ++i;
        add_word(text, begin, i, letters, out, position);
    }
    return true;
}

std::uint32_t Analyzer::analyze(std::string_view text, std::vector<Token>& out, std::uint32_t first_position) {
    std::uint32_t position = first_position;
    if (ascii_fast_path_ && analyze_ascii(text, out, position)) return position;

    UErrorCode status = U_ZERO_ERROR;
    UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    check(status, "open text");
    icu::BreakIterator& words = *state_->words;
    words.setText(utext, status);
    check(status, "set break iterator text");
    std::int32_t begin = words.first();
    for (std::int32_t end = words.next(); end != icu::BreakIterator::DONE; begin = end, end = words.next()) {
        const std::int32_t kind = words.getRuleStatus();
        if (kind < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
        add_word(text, static_cast<std::size_t>(begin), static_cast<std::size_t>(end),
                 kind >= UBRK_WORD_LETTER && kind < UBRK_WORD_LETTER_LIMIT, out, position);
    }
    // Detach the iterator from the text before the UText goes away.
    words.setText(icu::UnicodeString());
    utext_close(utext);
    return position;
}

}  // namespace quarry::analysis
