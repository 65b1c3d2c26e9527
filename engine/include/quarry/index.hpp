// Opening an index and searching it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "quarry/analyzer_options.hpp"
#include "quarry/document.hpp"
#include "quarry/search.hpp"

namespace quarry {

/// Figures about an index, for `quarry inspect`.
struct IndexInfo {
    std::uint64_t documents = 0;          ///< live documents
    std::uint64_t deleted_documents = 0;  ///< deleted but still in segments until a merge
    std::uint64_t segments = 0;
    std::uint64_t generation = 0;
    AnalyzerOptions analyzer;
    std::vector<std::pair<std::string, std::uint64_t>> terms_per_field;     ///< distinct terms
    std::vector<std::pair<std::string, std::uint64_t>> postings_per_field;  ///< (term, doc) pairs
    /// Bytes of the fields' lists in the postings file (doc ids, frequencies, block-max data)
    /// and in the positions file, all segments.
    std::vector<std::pair<std::string, std::uint64_t>> postings_bytes_per_field;
    std::vector<std::pair<std::string, std::uint64_t>> positions_bytes_per_field;
    std::vector<std::pair<std::string, double>> average_length_per_field;
    std::vector<std::pair<std::string, std::uint64_t>> bytes_per_component; ///< on disk, all segments
};

/// One term's postings, for `quarry inspect --term`.
struct TermPostings {
    std::string field;
    std::string term;                ///< the analysed form looked up
    std::uint64_t doc_freq = 0;
    std::uint64_t total_freq = 0;    ///< occurrences in all documents
    struct Posting {
        std::uint64_t doc;
        std::string id;
        std::uint32_t freq;
        std::vector<std::uint32_t> positions;
    };
    std::vector<Posting> postings;   ///< the first `limit` of them
};

/// A committed index opened for reading: a consistent snapshot of the commit that was current
/// when it was opened. Files are memory-mapped; opening reads only headers and footers.
/// Searching is thread-safe.
class Index {
public:
    static Index open(const std::filesystem::path& dir);
    ~Index();
    Index(Index&&) noexcept;
    Index& operator=(Index&&) noexcept;

    /// Parses, plans and runs `query`. Throws QuerySyntaxError for a query that cannot be run.
    SearchResults search(std::string_view query, const SearchOptions& options = {}) const;

    /// Live (not deleted) documents.
    std::uint64_t document_count() const;
    /// The ids of the live documents, in index order.
    std::vector<std::string> document_ids() const;
    Document document(std::uint64_t doc) const;
    IndexInfo info() const;
    /// Analyses `word` like a query word and reports its postings in each field.
    std::vector<TermPostings> term(std::string_view word, std::size_t limit) const;
    /// Verifies every checksum and structural invariant; throws CorruptIndexError on the first fault.
    void check() const;
    const AnalyzerOptions& analyzer_options() const;

private:
    struct Impl;
    explicit Index(std::unique_ptr<Impl> impl);
    static Index open_snapshot(const std::filesystem::path& dir);
    std::unique_ptr<Impl> impl_;
};

}  // namespace quarry
