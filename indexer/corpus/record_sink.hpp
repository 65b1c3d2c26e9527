// Where parsed records go, and what happens to bad ones: shared by every format reader.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "corpus/corpus_reader.hpp"
#include "quarry/errors.hpp"

namespace quarry::corpus {

/// Where a record starts: its file, 1-based line and offset in the uncompressed file.
struct RecordPosition {
    const std::string& file;
    std::uint64_t line = 0;
    std::uint64_t offset = 0;
};

/// "FILE:LINE: problem", located at the record's start.
InputError record_error(const RecordPosition& position, std::string_view problem);

/// Throws an InputError locating the first invalid UTF-8 byte of `bytes`, which start at
/// `position` (and may span several lines).
void require_valid_utf8(std::string_view bytes, const RecordPosition& position);

/// Hands good records to the caller's sink and applies the bad-record policy.
class RecordSink {
public:
    RecordSink(const DocumentSink& sink, bool skip_bad, ReadReport& report)
        : sink_(sink), skip_bad_(skip_bad), report_(report) {}

    void accept(Document&& document, const SourceLocation& location);
    /// Throws `error` unless bad records are skipped, in which case it is counted and its
    /// message kept.
    void reject(const InputError& error);

private:
    const DocumentSink& sink_;
    bool skip_bad_;
    ReadReport& report_;
};

}  // namespace quarry::corpus
