// One immutable segment opened for reading: its five component files memory-mapped, their
// envelopes validated, nothing else read until a query needs it.
#pragma once

#include <filesystem>
#include <memory>

#include "format/file_format.hpp"
#include "index/deletions.hpp"
#include "index/manifest.hpp"
#include "store/doc_lengths.hpp"
#include "store/doc_store.hpp"
#include "termdict/termdict.hpp"

namespace quarry::index {

// File extensions of a segment's components (FORMAT.md, "Index directory").
inline constexpr const char* kTermDictExtension = "tdict";
inline constexpr const char* kPostingsExtension = "doc";
inline constexpr const char* kPositionsExtension = "pos";
inline constexpr const char* kLengthsExtension = "len";
inline constexpr const char* kStoreExtension = "store";
inline constexpr const char* kAllExtensions[] = {kTermDictExtension, kPostingsExtension, kPositionsExtension,
                                                 kLengthsExtension, kStoreExtension};

class SegmentReader {
public:
    SegmentReader(const std::filesystem::path& dir, const SegmentMeta& meta);

    const std::string& name() const { return name_; }
    std::uint32_t doc_count() const { return lengths_.doc_count(); }
    /// Documents not deleted.
    std::uint32_t live_doc_count() const { return doc_count() - deleted_count_; }
    /// The deletion bitmap (index::is_deleted), or null when nothing is deleted.
    const std::uint8_t* deleted_bits() const { return deleted_.empty() ? nullptr : deleted_.data(); }
    const std::vector<std::uint8_t>& deletions() const { return deleted_; }
    const termdict::TermDictReader& terms() const { return terms_; }
    const format::MappedFile& postings() const { return *postings_; }
    const format::MappedFile& positions() const { return *positions_; }
    const store::LengthsReader& lengths() const { return lengths_; }
    const store::StoreReader& store() const { return store_; }
    /// Bytes on disk per component, for inspect.
    std::vector<std::pair<std::string, std::uint64_t>> component_sizes() const;
    /// Verifies every checksum and structural invariant (quarry check).
    void check() const;

private:
    std::string name_;
    termdict::TermDictReader terms_;
    std::shared_ptr<format::MappedFile> postings_;
    std::shared_ptr<format::MappedFile> positions_;
    store::LengthsReader lengths_;
    store::StoreReader store_;
    std::vector<std::uint8_t> deleted_;
    std::uint32_t deleted_count_ = 0;
};

}  // namespace quarry::index
