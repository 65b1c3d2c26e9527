#include "format/file_format.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "format/coding.hpp"
#include "quarry/errors.hpp"

namespace quarry::format {
namespace {

constexpr std::string_view kFooterMagic = "QRYFOOT1";

[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path) {
    throw IoError(what + " " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

std::string_view magic_of(FileKind kind) {
    switch (kind) {
        case FileKind::Manifest: return "QRYMANIF";
        case FileKind::TermDict: return "QRYTDICT";
        case FileKind::Postings: return "QRYPOSTG";
        case FileKind::Positions: return "QRYPOSIT";
        case FileKind::Lengths: return "QRYLENGT";
        case FileKind::Store: return "QRYSTORE";
        case FileKind::Deletions: return "QRYDELET";
    }
    return "QRY?????";
}

FileWriter::FileWriter(std::filesystem::path path, FileKind kind, std::uint32_t version)
    : path_(std::move(path)), version_(version) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw_errno("cannot create", path_);
    chunk_.reserve(kChunkSize);
    Bytes header;
    put_bytes(header, magic_of(kind));
    put_u32(header, version_);
    put_u32(header, 0);
    write_raw(header.data(), header.size());
}

FileWriter::~FileWriter() {
    if (fd_ >= 0) ::close(fd_);
    if (!finished_) {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
}

void FileWriter::write(const void* data, std::size_t size) { write_raw(data, size); }

void FileWriter::write_raw(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    written_ += size;
    while (size > 0) {
        std::size_t take = std::min<std::size_t>(size, kChunkSize - chunk_.size());
        chunk_.insert(chunk_.end(), bytes, bytes + take);
        bytes += take;
        size -= take;
        if (chunk_.size() == kChunkSize) flush_chunk();
    }
}

static void write_all(int fd, const std::uint8_t* data, std::size_t size,
                      const std::filesystem::path& path) {
    while (size > 0) {
        ssize_t done = ::write(fd, data, size);
        if (done < 0) {
            if (errno == EINTR) continue;
            throw_errno("cannot write", path);
        }
        data += done;
        size -= static_cast<std::size_t>(done);
    }
}

void FileWriter::flush_chunk() {
    if (chunk_.empty()) return;
    chunk_hashes_.push_back(XXH3_64bits(chunk_.data(), chunk_.size()));
    write_all(fd_, chunk_.data(), chunk_.size(), path_);
    chunk_.clear();
}

void FileWriter::finish() {
    flush_chunk();
    Bytes tail;
    for (std::uint64_t hash : chunk_hashes_) put_u64(tail, hash);
    put_u64(tail, written_);
    put_u32(tail, kChunkSize);
    put_u32(tail, version_);
    std::uint64_t table_hash = XXH3_64bits(tail.data(), tail.size());
    put_u64(tail, table_hash);
    put_bytes(tail, kFooterMagic);
    write_all(fd_, tail.data(), tail.size(), path_);
    if (::fsync(fd_) != 0) throw_errno("cannot fsync", path_);
    if (::close(fd_) != 0) {
        fd_ = -1;
        throw_errno("cannot close", path_);
    }
    fd_ = -1;
    finished_ = true;
}

std::shared_ptr<MappedFile> MappedFile::open(const std::filesystem::path& path, FileKind kind) {
    std::shared_ptr<MappedFile> file(new MappedFile());
    file->name_ = path.string();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_errno("cannot open index file", path);
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        ::close(fd);
        throw_errno("cannot stat", path);
    }
    file->file_size_ = static_cast<std::uint64_t>(info.st_size);
    if (file->file_size_ < kHeaderSize + kFooterSize) {
        ::close(fd);
        file->fail(static_cast<std::int64_t>(file->file_size_),
                   "file is truncated: " + std::to_string(file->file_size_) +
                       " bytes is smaller than any quarry file");
    }
    void* map = ::mmap(nullptr, file->file_size_, PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) throw_errno("cannot memory-map", path);
    file->map_ = static_cast<const std::uint8_t*>(map);

    const std::uint8_t* header = file->map_;
    if (std::string_view(reinterpret_cast<const char*>(header), 8) != magic_of(kind))
        file->fail(0, "not a quarry " + std::string(magic_of(kind).substr(3)) +
                          " file (bad magic number at its start)");
    const std::uint8_t* footer = file->map_ + file->file_size_ - kFooterSize;
    if (std::string_view(reinterpret_cast<const char*>(footer + 24), 8) != kFooterMagic)
        file->fail(static_cast<std::int64_t>(file->file_size_ - 8),
                   "file is truncated or damaged: its footer is missing (the last write may not "
                   "have finished)");
    std::uint32_t version = get_u32(footer + 12);
    std::uint32_t header_version = get_u32(header + 8);
    if (version != header_version)
        file->fail(8, "header says format version " + std::to_string(header_version) +
                          " but footer says " + std::to_string(version));
    if (version < kOldestSupportedVersion || version > kFormatVersion)
        throw VersionError(file->name_, 8,
                           file->name_ + ": index format version " + std::to_string(version) +
                               " is not supported by this quarry (it reads versions " +
                               std::to_string(kOldestSupportedVersion) + " to " +
                               std::to_string(kFormatVersion) + "); rebuild the index");
    file->version_ = version;
    std::uint64_t data_size = get_u64(footer);
    std::uint32_t chunk_size = get_u32(footer + 8);
    if (chunk_size != kChunkSize || data_size < kHeaderSize)
        file->fail(static_cast<std::int64_t>(file->file_size_ - kFooterSize), "footer fields are invalid");
    std::uint64_t chunks = (data_size + kChunkSize - 1) / kChunkSize;
    if (data_size + chunks * 8 + kFooterSize != file->file_size_)
        file->fail(static_cast<std::int64_t>(file->file_size_),
                   "file is truncated or has extra bytes: footer records " +
                       std::to_string(data_size) + " data bytes, file has " +
                       std::to_string(file->file_size_));
    file->table_ = file->map_ + data_size;
    if (XXH3_64bits(file->table_, chunks * 8 + 16) != get_u64(footer + 16))
        file->fail(static_cast<std::int64_t>(data_size), "checksum table or footer is damaged");
    file->chunk_count_ = chunks;
    file->data_size_ = data_size - kHeaderSize;
    file->body_ = file->map_ + kHeaderSize;
    file->verified_bits_ = std::make_unique<std::atomic<std::uint64_t>[]>((chunks + 63) / 64);
    // The header shares chunk 0 with the start of the body; verify it now so a damaged header
    // byte cannot go unnoticed in a file whose body is never read.
    file->verify_chunk(0);
    return file;
}

MappedFile::~MappedFile() {
    if (map_) ::munmap(const_cast<std::uint8_t*>(map_), file_size_);
}

void MappedFile::fail(std::int64_t offset, const std::string& what) const {
    throw CorruptIndexError(name_, offset,
                            name_ + ": corrupt index file" +
                                (offset >= 0 ? " at byte " + std::to_string(offset) : std::string()) +
                                ": " + what);
}

void MappedFile::verify_chunk(std::uint64_t chunk) const {
    std::uint64_t begin = chunk * kChunkSize;
    std::uint64_t end = std::min<std::uint64_t>(begin + kChunkSize, data_size_ + kHeaderSize);
    if (XXH3_64bits(map_ + begin, end - begin) != get_u64(table_ + chunk * 8))
        fail(static_cast<std::int64_t>(begin),
             "checksum mismatch in bytes " + std::to_string(begin) + " to " + std::to_string(end) +
                 " (the file was modified or damaged)");
    verified_bits_[chunk / 64].fetch_or(std::uint64_t{1} << (chunk % 64), std::memory_order_release);
}

const std::uint8_t* MappedFile::verify_range(std::uint64_t offset, std::uint64_t length) const {
    if (offset > data_size_ || length > data_size_ - offset)
        fail(static_cast<std::int64_t>(offset + kHeaderSize),
             "a reference points outside the file (bytes " + std::to_string(offset) + "+" +
                 std::to_string(length) + " of " + std::to_string(data_size_) + ")");
    if (length > 0) {
        std::uint64_t first = (offset + kHeaderSize) / kChunkSize;
        std::uint64_t last = (offset + kHeaderSize + length - 1) / kChunkSize;
        for (std::uint64_t chunk = first; chunk <= last; ++chunk) {
            std::uint64_t bit = std::uint64_t{1} << (chunk % 64);
            if (!(verified_bits_[chunk / 64].load(std::memory_order_acquire) & bit)) verify_chunk(chunk);
        }
    }
    return body_ + offset;
}

void MappedFile::release_before(std::uint64_t offset) const {
    const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t end = std::min(offset, data_size_) + kHeaderSize;
    const std::uint64_t length = end / page * page;
    if (length > 0) ::madvise(const_cast<std::uint8_t*>(map_), length, MADV_DONTNEED);
}

std::string read_small_file(const std::filesystem::path& path, FileKind kind) {
    auto file = MappedFile::open(path, kind);
    const std::uint8_t* body = file->verified(0, file->size());
    return std::string(reinterpret_cast<const char*>(body), file->size());
}

void sync_directory(const std::filesystem::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw_errno("cannot open directory", dir);
    int result = ::fsync(fd);
    ::close(fd);
    if (result != 0) throw_errno("cannot fsync directory", dir);
}

}  // namespace quarry::format
