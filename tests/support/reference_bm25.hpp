// A brute-force BM25 engine for tests: it scores every document straight from its text, with no
// index, no postings and no pruning, so the real engine's results can be checked against it.
#pragma once

#include <string>
#include <vector>

#include "quarry/analyzer_options.hpp"
#include "quarry/document.hpp"
#include "quarry/search.hpp"

namespace quarry::testing {

/// One clause of a flat query over the default field: a word or (several words) a phrase.
struct ReferenceClause {
    enum class Occur { Should, Must, MustNot } occur = Occur::Should;
    std::vector<std::string> words;
};

struct ReferenceHit {
    std::size_t doc;  ///< index in the document vector (the order documents were added)
    double score;
};

class ReferenceBm25 {
public:
    ReferenceBm25(const std::vector<Document>& docs, AnalyzerOptions analyzer);
    /// Every matching document, best first (ties by lower doc).
    std::vector<ReferenceHit> search(const std::vector<ReferenceClause>& clauses, const Bm25Params& params) const;
    /// The clauses written in quarry's query syntax.
    static std::string to_query(const std::vector<ReferenceClause>& clauses);

private:
    struct DocTerms {
        std::vector<std::pair<std::string, std::uint32_t>> tokens;  // (term, position)
        std::uint32_t length = 0;
    };
    std::vector<DocTerms> docs_;
    AnalyzerOptions analyzer_;
    double average_length_ = 0;
};

}  // namespace quarry::testing
