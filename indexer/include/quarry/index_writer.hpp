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
    AnalyzerOptions analyzer;  ///< for a new index; an existing one keeps its own
    /// Bytes the writer may hold (0: no limit), so that memory stays bounded whatever the corpus
    /// size: the ids added since open() (to turn away duplicates) take their share, and an
    /// in-memory segment is written out when it fills the rest. add() throws once the ids would
    /// take more than half.
    std::uint64_t memory_budget = 0;
    /// Threads that analyse and invert documents, each into segments of its own (1: in the
    /// calling thread, documents in the order added; more: the order across segments varies).
    unsigned threads = 1;
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

    /// Opens `dir` to add to it (created, with `options`, when it holds no index yet).
    static IndexWriter open(const std::filesystem::path& dir, const IndexOptions& options);

    /// True if a document with this id was added since create() or open().
    bool contains(std::string_view id) const;
    /// Adds a document; one already in the index with the same id is replaced. Throws
    /// quarry::Error on an id added twice by this writer or an empty id.
    void add(Document doc);
    /// Deletes the document with this id from the committed index; false if there is none.
    bool remove(std::string_view id);
    std::uint64_t pending_documents() const;
    /// Writes the pending documents as segments and the deletions as new deletion files,
    /// fsyncs them, switches the manifest, and removes the files it no longer names.
    void commit();
    /// Commits, then merges every segment into one without the deleted documents.
    void optimize();
    /// Segments in the last commit.
    std::uint64_t segment_count() const;

private:
    struct Impl;
    explicit IndexWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace quarry
