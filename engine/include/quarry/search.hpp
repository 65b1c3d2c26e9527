// Options and results of a search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace quarry {

/// BM25 parameters; docs/scoring.md explains the defaults.
struct Bm25Params {
    double k1 = 1.2;
    double b = 0.75;
    double k3 = 1.0;  ///< saturation of repeated query words
};

/// RM3 pseudo-relevance feedback (Lavrenko and Croft's relevance model, interpolated with the
/// query as in Anserini): the top `docs` documents of a first search supply up to `terms`
/// expansion terms; the final query weighs the original terms by `original_weight` and the
/// relevance model by 1 - original_weight.
struct Rm3Options {
    bool enabled = false;
    std::size_t docs = 10;
    std::size_t terms = 10;
    double original_weight = 0.5;
};

/// How the top k are found. Every algorithm returns the same hits (ids and scores); they differ
/// in how many documents they score. Auto picks the fastest for the query's shape.
enum class TopKAlgorithm {
    Auto,
    Exhaustive,    ///< score every matching document (the reference)
    MaxScore,      ///< Turtle and Flood's MaxScore, on ranked unions of terms
    BlockMaxWand,  ///< Ding and Suel's Block-Max WAND, on ranked unions of terms
    // Conjunctions of terms use block-max AND under every algorithm but Exhaustive.
};

struct SearchOptions {
    std::size_t k = 10;           ///< number of hits to return
    /// Treat the query as plain text (a bag of words, ranked OR) instead of query syntax:
    /// for natural-language queries such as those of test collections.
    bool plain_text = false;
    Bm25Params bm25;
    /// Per-field BM25: each word of the default field also scores in the title field, weighted
    /// by this (0: off, plain BM25 over title and text together).
    double title_weight = 0;
    Rm3Options rm3;  ///< plain-text queries only
    TopKAlgorithm algorithm = TopKAlgorithm::Auto;
    /// Only count the matching documents (SearchResults::matches), scoring none; no hits.
    bool count_only = false;
    bool explain = false;         ///< fill Hit::explanation
    bool snippets = true;         ///< fill Hit::snippet and Hit::highlights
    bool stored_fields = true;    ///< fill title/extra from the store (off: ids only, much faster)
    std::size_t snippet_words = 30;
};

/// One term's (or phrase's) share of a hit's score, for --explain.
struct ScoreContribution {
    std::string clause;      ///< e.g. `all:xiaomi` or `title:"smart factory"`
    std::uint32_t freq = 0;  ///< term (or phrase) frequency in the field
    std::uint32_t length = 0;
    double average_length = 0;
    double idf = 0;
    double query_weight = 1;  ///< repeats (k3), field weight and RM3 weight, multiplied
    double score = 0;
};

/// A byte range of Hit::snippet to highlight.
struct Highlight {
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct Hit {
    // Provided, not defaulted: a defaulted constructor makes `Hit()` (vector::resize) zero
    // all 184 bytes before constructing the members, which was most of the cost of
    // building a top-1000 list.
    Hit() {}  // NOLINT(modernize-use-equals-default)

    std::uint64_t doc = 0;      ///< index-wide document number (ties are broken by it, ascending)
    double score = 0;
    std::string id;
    std::string title;
    std::vector<std::pair<std::string, std::string>> extra;
    std::string snippet;
    std::vector<Highlight> highlights;
    std::vector<ScoreContribution> explanation;
};

struct SearchResults {
    std::vector<Hit> hits;
    /// Documents that matched: all of them with the exhaustive algorithm or count_only; with
    /// a pruning algorithm only those it had to score (matches_exact is then false).
    std::uint64_t matches = 0;
    bool matches_exact = true;
    std::string parsed_query;       ///< the query as understood, fully parenthesised
};

}  // namespace quarry
