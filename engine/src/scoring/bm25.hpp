// BM25 as docs/scoring.md states it, with Lucene's idf:
//   idf(t)      = ln(1 + (N - df + 0.5) / (df + 0.5))
//   score(t, d) = idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
// computed in double precision from exact document lengths.
#pragma once

#include <cmath>
#include <cstdint>

namespace quarry::scoring {

inline double bm25_idf(double documents, double doc_freq) {
    return std::log(1.0 + (documents - doc_freq + 0.5) / (doc_freq + 0.5));
}

/// The score of one term (or phrase) in one field, with everything but tf and dl folded in.
class Bm25Term {
public:
    Bm25Term() = default;
    Bm25Term(double idf, double k1, double b, double average_length)
        : idf_(idf), weight_(idf * (k1 + 1.0)), constant_(k1 * (1.0 - b)),
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

private:
    double idf_ = 0, weight_ = 0, constant_ = 0, per_length_ = 0;
};

}  // namespace quarry::scoring
