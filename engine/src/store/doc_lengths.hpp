// Per-document field lengths (FORMAT.md, "Field lengths"): exact token counts, one u32 per
// document per scored field, so BM25 uses the true length rather than a lossy one-byte norm.
//
//   u32 doc_count, u32 field_count, u64 total_length[field_count],
//   u32 length[field_count][doc_count]
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "format/file_format.hpp"
#include "index/fields.hpp"

namespace quarry::store {

using FieldLengths = std::array<std::vector<std::uint32_t>, index::kScoredFieldCount>;

void write_lengths(format::FileWriter& out, const FieldLengths& lengths);

class LengthsReader {
public:
    explicit LengthsReader(std::shared_ptr<format::MappedFile> file);
    std::uint32_t doc_count() const { return doc_count_; }
    const format::MappedFile& file() const { return *file_; }
    std::uint64_t total_length(index::Field field) const { return totals_[index::scored_index(field)]; }
    /// The field's lengths for every document; verified on first use.
    const std::uint32_t* lengths(index::Field field) const;

private:
    std::shared_ptr<format::MappedFile> file_;
    std::uint32_t doc_count_ = 0;
    std::array<std::uint64_t, index::kScoredFieldCount> totals_{};
    mutable std::array<std::atomic<const std::uint32_t*>, index::kScoredFieldCount> arrays_{};
};

}  // namespace quarry::store
