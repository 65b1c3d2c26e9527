// Building an index: documents in, committed segments out.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "quarry/analyzer_options.hpp"
#include "quarry/document.hpp"

namespace quarry {

struct IndexOptions {
    AnalyzerOptions analyzer;
};

/// The single writer of an index directory (a lock file keeps out a second one). Documents
/// added become visible to readers only at commit(), which is atomic and durable: either the
/// whole commit is there after a crash, or the previous one is, untouched.
class IndexWriter {
public:
    /// Starts a new index in `dir` (created if missing). If `dir` already holds an index, throws
    /// unless `replace_existing`; the old index then stays readable until commit() replaces it.
    static IndexWriter create(const std::filesystem::path& dir, const IndexOptions& options, bool replace_existing);
    ~IndexWriter();
    IndexWriter(IndexWriter&&) noexcept;
    IndexWriter& operator=(IndexWriter&&) noexcept;

    /// True if a document with this id was added since create().
    bool contains(std::string_view id) const;
    /// Adds a document. Throws quarry::Error on a duplicate id or an id that is empty.
    void add(Document doc);
    std::uint64_t pending_documents() const;
    /// Writes the pending documents as a segment, fsyncs it, switches the manifest to it, and
    /// removes the files the new manifest no longer names.
    void commit();

private:
    struct Impl;
    explicit IndexWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace quarry
