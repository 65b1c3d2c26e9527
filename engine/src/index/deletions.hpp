// Deleted documents of a segment (FORMAT.md, "Deletions"): a bitmap, one bit per document,
// written whole as a new generation whenever a commit deletes more, so that the segment's
// other files never change.
//
//   u32 doc_count, u32 deleted_count, u8 bits[ceil(doc_count / 8)]   (bit d % 8 of byte d / 8)
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "format/file_format.hpp"

namespace quarry::index {

/// The file of generation `generation` of `segment`'s deletions.
std::filesystem::path deletions_file(const std::filesystem::path& dir, const std::string& segment, std::uint64_t generation);

void write_deletions(const std::filesystem::path& path, const std::vector<std::uint8_t>& bits, std::uint32_t doc_count);

/// Reads and checks a deletions file (its size is an eighth of the segment's document count).
/// Returns the bitmap; throws CorruptIndexError if it does not fit `doc_count`.
std::vector<std::uint8_t> read_deletions(const std::filesystem::path& path, std::uint32_t doc_count,
                                         std::uint32_t deleted_count);

inline bool is_deleted(const std::uint8_t* bits, std::uint32_t doc) {
    return bits && ((bits[doc >> 3] >> (doc & 7)) & 1);
}

}  // namespace quarry::index
