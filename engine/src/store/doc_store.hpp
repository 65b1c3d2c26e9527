// The document store of a segment (FORMAT.md, "Document store"): the original documents,
// in doc-id order, packed into blocks of about 16 KiB that are zstd-compressed one by one (with
// zstd's own content checksum), so showing a hit decompresses one small block, not the file;
// and a table of the ids alone, uncompressed, for listing results without decompressing.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "format/coding.hpp"
#include "format/file_format.hpp"
#include "quarry/document.hpp"

namespace quarry::store {

inline constexpr std::size_t kTargetBlockBytes = 16 * 1024;

class StoreWriter {
public:
    explicit StoreWriter(std::unique_ptr<format::FileWriter> out, int compression_level = 3);
    ~StoreWriter();
    void add(const Document& doc);
    /// Appends a block another store wrote, as it is: its zstd frame and the ids of its records
    /// in order. A merge copies the blocks that lost no document instead of recompressing them.
    void add_block(const std::uint8_t* frame, std::size_t frame_size, const std::vector<std::string_view>& ids);
    /// Writes the last block, the block index and the trailer, then finishes the file.
    void finish();
    std::uint32_t doc_count() const { return doc_count_; }

private:
    void flush_block();
    void add_id(std::string_view id);
    // Appends a block's frame and its block-index entry (first doc: block_first_doc_).
    void write_frame(const void* frame, std::size_t size);

    std::unique_ptr<format::FileWriter> out_;
    int level_;
    void* context_;  // ZSTD_CCtx, kept for the writer's life to avoid re-allocation per block
    format::Bytes block_;
    format::Bytes compressed_;
    format::Bytes index_;
    format::Bytes ids_;         // every id, back to back, written after the blocks
    format::Bytes id_offsets_;  // u64 start of each id in ids_
    std::uint32_t doc_count_ = 0;
    std::uint32_t block_first_doc_ = 0;
    std::uint32_t block_count_ = 0;
};

class StoreReader {
public:
    explicit StoreReader(std::shared_ptr<format::MappedFile> file);
    ~StoreReader();
    /// The document with this segment-local id. Thread-safe.
    Document get(std::uint32_t doc) const;
    /// Only its id, without decompressing anything: ids are kept apart, uncompressed, so that
    /// result lists (TREC runs, benchmarks) cost no decompression.
    std::string_view id(std::uint32_t doc) const;
    std::uint32_t doc_count() const { return doc_count_; }
    const format::MappedFile& file() const { return *file_; }
    /// Releases the pages of the blocks before the one holding `doc` (MappedFile::release_before).
    void release_before(std::uint32_t doc) const;
    /// Block `i` as stored: its first document, one past its last, and its zstd frame.
    struct Block {
        std::uint32_t first_doc;
        std::uint32_t end_doc;
        const std::uint8_t* frame;
        std::size_t frame_size;
    };
    std::uint32_t block_count() const { return block_count_; }
    Block block(std::uint32_t i) const;
    /// Decompresses every block and checks its records (quarry check).
    void verify() const;

private:
    std::string decompress_block(std::uint32_t block) const;
    std::uint32_t block_first_doc(std::uint32_t block) const;
    // The body bytes of block `block`'s frame, bounds-checked.
    std::pair<std::uint64_t, std::uint64_t> frame_span(std::uint32_t block) const;

    std::shared_ptr<format::MappedFile> file_;
    std::uint32_t doc_count_ = 0;
    std::uint32_t block_count_ = 0;
    std::uint64_t index_offset_ = 0;
    std::uint64_t ids_offset_ = 0;
    std::uint64_t id_offsets_offset_ = 0;
    // One-block cache: consecutive hits and snippets often fall in the same block.
    mutable std::mutex cache_mutex_;
    mutable std::uint32_t cached_block_ = UINT32_MAX;
    mutable std::string cached_bytes_;
};

}  // namespace quarry::store
