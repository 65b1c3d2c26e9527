// Corpus input: turns JSON Lines, TSV and folders of text files (optionally zstd- or
// gzip-compressed) into a stream of Documents.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "quarry/document.hpp"

namespace quarry::corpus {

enum class Format { Auto, Jsonl, Tsv, TextDir };

/// Maps a --format name ("auto", "jsonl", "tsv", "dir") to its Format; throws quarry::Error
/// listing the valid names for anything else.
Format parse_format(std::string_view name);

struct ReadOptions {
    Format format = Format::Auto;
    /// Count and report bad records instead of stopping at the first one.
    bool skip_bad = false;
};

/// Where a document came from. `line` is 1-based, 0 when the document is a whole file.
struct SourceLocation {
    std::string file;
    std::uint64_t line = 0;
};

struct ReadReport {
    std::uint64_t documents = 0;
    std::uint64_t skipped = 0;
    /// Uncompressed bytes read, for throughput display.
    std::uint64_t bytes = 0;
    /// Messages of the first skipped records (at most kKeptSkipMessages).
    std::vector<std::string> skipped_messages;

    static constexpr std::size_t kKeptSkipMessages = 20;
};

using DocumentSink = std::function<void(Document&&, const SourceLocation&)>;

/// Streams every document of every input (files or folders) to `sink`, in input order.
/// Throws InputError for the first bad record (unless options.skip_bad) and for a corrupt
/// compressed stream, IoError when an input cannot be opened or read, and Error when the
/// format of an input cannot be told or does not suit it. Exceptions from `sink` pass through.
ReadReport read_corpus(const std::vector<std::filesystem::path>& inputs, const ReadOptions& options,
                       const DocumentSink& sink);

/// A text file's document: the first non-blank line (trimmed) is the title, the rest the text.
/// REQUIRES: `content` is valid UTF-8.
Document text_file_document(std::string id, std::string_view content);

}  // namespace quarry::corpus
