// The manifest names the live segments of an index and records its schema (FORMAT.md,
// "Manifest"). It is the single point of truth of a commit: a commit writes new segment files,
// then replaces MANIFEST by rename, so a reader sees either the old commit or the new one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "quarry/analyzer_options.hpp"

namespace quarry::index {

inline constexpr const char* kManifestName = "MANIFEST";

struct SegmentMeta {
    std::string name;             ///< file stem of the segment's components, e.g. "seg_000001"
    std::uint32_t doc_count = 0;  ///< documents written, deleted ones included
    std::uint32_t deleted_count = 0;
    std::uint64_t deletions_generation = 0;  ///< its deletions file, 0 when nothing is deleted
};

struct Manifest {
    std::uint64_t generation = 0;       ///< increases by one per commit
    AnalyzerOptions analyzer;
    std::string stemmer_language = "english";
    std::vector<SegmentMeta> segments;
    std::uint64_t next_segment_number = 1;
};

std::string encode_manifest(const Manifest& manifest);
Manifest decode_manifest(const std::string& bytes, const std::string& file);

/// Reads DIR/MANIFEST, validating its envelope. Throws if absent or damaged.
Manifest read_manifest(const std::filesystem::path& dir);
/// Atomically and durably replaces DIR/MANIFEST: write MANIFEST.tmp, fsync, rename, fsync DIR.
void write_manifest(const std::filesystem::path& dir, const Manifest& manifest);

/// The path of one component of a segment: DIR/NAME.EXTENSION.
std::filesystem::path segment_file(const std::filesystem::path& dir, const std::string& segment,
                                   const char* extension);

}  // namespace quarry::index
