// BM25 as docs/scoring.md states it, with Lucene's idf:
//   idf(t)      = ln(1 + (N - df + 0.5) / (df + 0.5))
//   score(t, d) = qw(t) * idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
//   qw(t)       = (k3 + 1) * qtf / (k3 + qtf), qtf = occurrences of t in the query
// computed in double precision from exact document lengths.
#pragma once

#include <cmath>
#include <cstdint>

namespace quarry::scoring {

/// The parameters a search uses unless told otherwise (SearchOptions in quarry/search.hpp says
/// the same; a test keeps the two equal). The writer tunes the stored block bounds to them.
inline constexpr double kDefaultK1 = 1.2;
inline constexpr double kDefaultB = 0.75;

inline double bm25_idf(double documents, double doc_freq) {
    return std::log(1.0 + (documents - doc_freq + 0.5) / (doc_freq + 0.5));
}

/// Robertson's query-term factor (k3 + 1) * qtf / (k3 + qtf): 1 for a word that occurs once in
/// the query, growing with repeats but saturating, so that a long query's repeated words count
/// more without letting repetition dominate.
inline double bm25_query_weight(double query_freq, double k3) { return (k3 + 1.0) * query_freq / (k3 + query_freq); }

/// The score of one term (or phrase) in one field, with everything but tf and dl folded in.
class Bm25Term {
public:
    Bm25Term() = default;
    /// `query_weight` scales the term's whole contribution (1 for a plain query word).
    Bm25Term(double idf, double k1, double b, double average_length, double query_weight = 1.0)
        : idf_(idf), query_weight_(query_weight), weight_(query_weight * idf * (k1 + 1.0)), constant_(k1 * (1.0 - b)),
          per_length_(average_length > 0 ? k1 * b / average_length : 0.0) {}

    double score(std::uint32_t freq, std::uint32_t length) const {
        const double tf = freq;
        return weight_ * tf / (tf + constant_ + per_length_ * length);
    }
    /// An upper bound of score() over documents whose freq <= max_freq and length >= min_length:
    /// the score grows with freq and shrinks with length, for every k1 >= 0 and 0 <= b <= 1.
    double upper_bound(std::uint32_t max_freq, std::uint32_t min_length) const {
        return score(max_freq, min_length);
    }
    double idf() const { return idf_; }
    double query_weight() const { return query_weight_; }

private:
    double idf_ = 0, query_weight_ = 1, weight_ = 0, constant_ = 0, per_length_ = 0;
};

}  // namespace quarry::scoring
