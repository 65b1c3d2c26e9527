// The envelope every quarry file shares (FORMAT.md, "File envelope"):
//
//   header  16 bytes   magic[8] ("QRY" + kind), u32 format version, u32 reserved (0)
//   data    ...        the component's own bytes ("body"); offsets inside it are body-relative
//   table   8*C bytes  XXH3-64 of each 64 KiB chunk of header+data, C = ceil((16+data)/65536)
//   footer  32 bytes   u64 data size (header+data), u32 chunk size, u32 format version,
//                      u64 XXH3-64 of table + first 16 footer bytes, magic "QRYFOOT1"
//
// Chunk checksums let a reader verify lazily, chunk by chunk, the first time it touches bytes,
// so opening stays O(1) whatever the file size while a flipped bit is still always caught
// before its bytes are used.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::format {

// Version 2 added the document store's id table; version 3 moved full postings blocks to the
// four-lane vertical bit layout; version 4 added deletions to segments; version 5 added dense
// (bit set) postings blocks, and reads version 4 as it is; version 6 added pair keys and the
// term dictionary's pair threshold, and reads versions 4 and 5 as segments without pairs;
// version 7 bit-packed positions in runs and stored a dictionary entry's list offsets only at
// the start of its block, and reads the earlier versions' varints and offsets as they are;
// version 8 bit-packed a tail postings block's frequencies and added the pair product to the
// dictionary's trailer, and reads earlier tails' varints and pairs by threshold alone;
// version 9 added length steps to skip entries, and reads earlier entries as having none.
// Any change of layout bumps kFormatVersion.
inline constexpr std::uint32_t kFormatVersion = 9;
inline constexpr std::uint32_t kOldestSupportedVersion = 4;
inline constexpr std::uint32_t kChunkSize = 64 * 1024;
inline constexpr std::size_t kHeaderSize = 16;
inline constexpr std::size_t kFooterSize = 32;

/// The five-letter kind after "QRY" in each file's magic; one per component.
enum class FileKind { Manifest, TermDict, Postings, Positions, Lengths, Store, Deletions };
std::string_view magic_of(FileKind kind);  // 8 bytes

/// Streams one file: header, then the data the caller writes, then table and footer on finish().
/// finish() fsyncs the file; the caller fsyncs the directory once all files of a commit exist.
/// If the writer is destroyed before finish(), the partial file is removed.
class FileWriter {
public:
    /// `version` goes into the header and footer: the writers of the index only ever write
    /// kFormatVersion; tests write an older version's bytes to check that it is still read.
    FileWriter(std::filesystem::path path, FileKind kind, std::uint32_t version = kFormatVersion);
    ~FileWriter();
    FileWriter(const FileWriter&) = delete;
    FileWriter& operator=(const FileWriter&) = delete;

    void write(const void* data, std::size_t size);
    void write(const std::vector<std::uint8_t>& bytes) { write(bytes.data(), bytes.size()); }
    /// Bytes of data written so far (body-relative offset of the next byte).
    std::uint64_t position() const { return written_ - kHeaderSize; }
    void finish();
    const std::filesystem::path& path() const { return path_; }

private:
    void flush_chunk();
    void write_raw(const void* data, std::size_t size);

    std::filesystem::path path_;
    int fd_ = -1;
    std::vector<std::uint8_t> chunk_;      // the chunk being filled, hashed when full
    std::vector<std::uint64_t> chunk_hashes_;
    std::uint64_t written_ = 0;            // header + data bytes so far
    std::uint32_t version_;
    bool finished_ = false;
};

/// A read-only memory map of one quarry file whose envelope was validated at open: magic,
/// version, sizes and the checksum of the chunk table. Data chunks are verified on first access.
class MappedFile {
public:
    static std::shared_ptr<MappedFile> open(const std::filesystem::path& path, FileKind kind);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    /// Body size in bytes.
    std::uint64_t size() const { return data_size_; }
    /// Pointer to body bytes [offset, offset+length), verified against their chunk checksums.
    /// Throws CorruptIndexError naming the file when out of range or damaged.
    const std::uint8_t* verified(std::uint64_t offset, std::uint64_t length) const {
        // Inline for the common case, bytes within one chunk already verified: resolving a
        // top-1000 list's ids calls this twice per id.
        if (offset <= data_size_ && length <= data_size_ - offset && length > 0) {
            const std::uint64_t chunk = (offset + kHeaderSize) / kChunkSize;
            if (chunk == (offset + kHeaderSize + length - 1) / kChunkSize &&
                (verified_bits_[chunk / 64].load(std::memory_order_acquire) >> (chunk % 64) & 1))
                return body_ + offset;
        }
        return verify_range(offset, length);
    }
    /// Verifies every chunk (quarry check).
    void verify_all() const { verified(0, data_size_); }
    /// Tells the kernel that body bytes before `offset` will not be read again soon, so their
    /// pages leave this process's resident set (they stay in the page cache). For sequential
    /// passes over whole files, such as merges, whose memory must stay bounded.
    void release_before(std::uint64_t offset) const;
    const std::string& name() const { return name_; }  // the path, for messages
    std::uint64_t file_size() const { return file_size_; }
    /// The format version the file was written in (kOldestSupportedVersion..kFormatVersion).
    std::uint32_t version() const { return version_; }
    [[noreturn]] void fail(std::int64_t offset, const std::string& what) const;

private:
    MappedFile() = default;
    void verify_chunk(std::uint64_t chunk) const;
    const std::uint8_t* verify_range(std::uint64_t offset, std::uint64_t length) const;

    std::string name_;
    const std::uint8_t* map_ = nullptr;
    std::uint64_t file_size_ = 0;
    std::uint64_t data_size_ = 0;  // body only
    std::uint32_t version_ = 0;
    const std::uint8_t* body_ = nullptr;
    const std::uint8_t* table_ = nullptr;
    std::uint64_t chunk_count_ = 0;
    mutable std::unique_ptr<std::atomic<std::uint64_t>[]> verified_bits_;
};

/// Reads a whole small file (the manifest) through the same validation, returning its body.
std::string read_small_file(const std::filesystem::path& path, FileKind kind);

/// fsyncs a directory so that renames and creations inside it are durable.
void sync_directory(const std::filesystem::path& dir);

}  // namespace quarry::format
