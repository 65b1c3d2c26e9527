// One reader per corpus format; each delivers its records to a RecordSink.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "corpus/line_reader.hpp"
#include "corpus/record_sink.hpp"

namespace quarry::corpus {

/// JSON Lines: one object per line with "id", "text" and optional "title"; other string fields
/// become Document::extra.
void read_jsonl(LineReader& lines, const std::string& file, RecordSink& records);

/// Tab-separated `id, title, text` or `id, text` per line.
void read_tsv(LineReader& lines, const std::string& file, RecordSink& records);

/// Every regular, non-hidden file under `folder` is one document. Returns the uncompressed
/// bytes read.
std::uint64_t read_text_dir(const std::filesystem::path& folder, RecordSink& records);

}  // namespace quarry::corpus
