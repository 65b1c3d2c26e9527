#include "corpus/input_stream.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <string_view>
#include <vector>

#include "quarry/errors.hpp"

namespace quarry::corpus {
namespace {

constexpr std::size_t kCompressedBlockSize = std::size_t{256} << 10;
constexpr std::size_t kMinReadAllBlock = std::size_t{64} << 10;

/// An open file descriptor that knows how many bytes it has delivered.
class RawFile {
public:
    explicit RawFile(const std::filesystem::path& path)
        : name_(path.string()), descriptor_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (descriptor_ < 0) throw IoError("cannot open " + name_ + ": " + std::strerror(errno));
        // Only a hint to read ahead more aggressively; reading works the same if it fails.
        (void)::posix_fadvise(descriptor_, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    RawFile(const RawFile&) = delete;
    RawFile& operator=(const RawFile&) = delete;
    ~RawFile() { ::close(descriptor_); }

    std::size_t read(char* buffer, std::size_t size) {
        while (true) {
            const ssize_t count = ::read(descriptor_, buffer, size);
            if (count >= 0) {
                offset_ += static_cast<std::uint64_t>(count);
                return static_cast<std::size_t>(count);
            }
            if (errno != EINTR) throw IoError("cannot read " + name_ + ": " + std::strerror(errno));
        }
    }

    const std::string& name() const noexcept { return name_; }
    /// Bytes delivered so far, i.e. the file offset after them.
    std::uint64_t offset() const noexcept { return offset_; }

private:
    std::string name_;
    int descriptor_;
    std::uint64_t offset_ = 0;
};

class PlainStream final : public InputStream {
public:
    explicit PlainStream(const std::filesystem::path& path) : file_(path) {}
    std::size_t read(char* buffer, std::size_t size) override { return file_.read(buffer, size); }

private:
    RawFile file_;
};

InputError corrupt_stream_error(const RawFile& file, std::uint64_t compressed_offset,
                                std::string_view kind, std::string_view reason) {
    return InputError(file.name(), 0, static_cast<std::int64_t>(compressed_offset),
                      file.name() + ": corrupt " + std::string(kind) + " data at compressed byte " +
                          std::to_string(compressed_offset) + ": " + std::string(reason));
}

InputError truncated_stream_error(const RawFile& file, std::string_view kind) {
    return InputError(file.name(), 0, static_cast<std::int64_t>(file.offset()),
                      file.name() + ": truncated " + std::string(kind) +
                          " data: the file ends at compressed byte " +
                          std::to_string(file.offset()) + " in the middle of a stream");
}

class ZstdStream final : public InputStream {
public:
    explicit ZstdStream(const std::filesystem::path& path)
        : file_(path), context_(ZSTD_createDStream()), compressed_(ZSTD_DStreamInSize()) {
        if (context_ == nullptr) throw std::bad_alloc();
    }
    ZstdStream(const ZstdStream&) = delete;
    ZstdStream& operator=(const ZstdStream&) = delete;
    ~ZstdStream() override { ZSTD_freeDStream(context_); }

    std::size_t read(char* buffer, std::size_t size) override {
        ZSTD_outBuffer output{buffer, size, 0};
        while (true) {
            if (input_.pos == input_.size && !file_exhausted_) refill();
            const bool no_input_left = input_.pos == input_.size && file_exhausted_;
            if (no_input_left && !frame_in_progress_) return output.pos;
            // With no input left this still runs, to flush what the decoder holds back.
            const std::size_t result = ZSTD_decompressStream(context_, &output, &input_);
            if (ZSTD_isError(result)) {
                throw corrupt_stream_error(file_, file_.offset() - (input_.size - input_.pos),
                                           "zstd", ZSTD_getErrorName(result));
            }
            frame_in_progress_ = result != 0;
            if (output.pos > 0) return output.pos;
            if (no_input_left && frame_in_progress_) throw truncated_stream_error(file_, "zstd");
        }
    }

private:
    void refill() {
        input_ = {compressed_.data(), file_.read(compressed_.data(), compressed_.size()), 0};
        file_exhausted_ = input_.size == 0;
    }

    RawFile file_;
    ZSTD_DStream* context_;
    std::vector<char> compressed_;
    ZSTD_inBuffer input_{nullptr, 0, 0};
    bool file_exhausted_ = false;
    bool frame_in_progress_ = false;
};

class GzipStream final : public InputStream {
public:
    explicit GzipStream(const std::filesystem::path& path)
        : file_(path), compressed_(kCompressedBlockSize) {
        // 15 + 32: the largest window, and accept a gzip (or zlib) header.
        if (inflateInit2(&stream_, 15 + 32) != Z_OK) throw std::bad_alloc();
    }
    GzipStream(const GzipStream&) = delete;
    GzipStream& operator=(const GzipStream&) = delete;
    ~GzipStream() override { inflateEnd(&stream_); }

    std::size_t read(char* buffer, std::size_t size) override {
        const uInt capacity =
            static_cast<uInt>(std::min<std::size_t>(size, std::numeric_limits<uInt>::max()));
        stream_.next_out = reinterpret_cast<Bytef*>(buffer);
        stream_.avail_out = capacity;
        while (true) {
            if (stream_.avail_in == 0 && !file_exhausted_) refill();
            const bool no_input_left = stream_.avail_in == 0 && file_exhausted_;
            if (no_input_left && !member_in_progress_) return capacity - stream_.avail_out;
            member_in_progress_ = true;
            const int status = inflate(&stream_, Z_NO_FLUSH);
            if (status == Z_STREAM_END) {
                // Concatenated gzip files (cat a.gz b.gz, pigz, bgzip) hold several members.
                inflateReset(&stream_);
                member_in_progress_ = false;
            } else if (status != Z_OK && status != Z_BUF_ERROR) {
                throw corrupt_stream_error(file_, file_.offset() - stream_.avail_in, "gzip",
                                           stream_.msg != nullptr ? stream_.msg : zError(status));
            }
            if (stream_.avail_out < capacity) return capacity - stream_.avail_out;
            if (no_input_left && member_in_progress_) throw truncated_stream_error(file_, "gzip");
        }
    }

private:
    void refill() {
        stream_.next_in = reinterpret_cast<Bytef*>(compressed_.data());
        stream_.avail_in = static_cast<uInt>(file_.read(compressed_.data(), compressed_.size()));
        file_exhausted_ = stream_.avail_in == 0;
    }

    RawFile file_;
    std::vector<char> compressed_;
    z_stream stream_{};
    bool file_exhausted_ = false;
    bool member_in_progress_ = false;
};

}  // namespace

std::string lowercase_extension(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    for (char& character : extension) {
        if (character >= 'A' && character <= 'Z')
            character = static_cast<char>(character - 'A' + 'a');
    }
    return extension;
}

Compression compression_of(const std::filesystem::path& path) {
    const std::string extension = lowercase_extension(path);
    if (extension == ".zst") return Compression::Zstd;
    if (extension == ".gz") return Compression::Gzip;
    return Compression::None;
}

std::filesystem::path without_compression_suffix(const std::filesystem::path& path) {
    if (compression_of(path) == Compression::None) return path;
    return std::filesystem::path(path).replace_extension();
}

std::unique_ptr<InputStream> open_input(const std::filesystem::path& path) {
    switch (compression_of(path)) {
        case Compression::Zstd:
            return std::make_unique<ZstdStream>(path);
        case Compression::Gzip:
            return std::make_unique<GzipStream>(path);
        case Compression::None:
            break;
    }
    return std::make_unique<PlainStream>(path);
}

void read_all(InputStream& input, std::string& content) {
    content.clear();
    std::size_t filled = 0;
    while (true) {
        // Grows step by step so that a reused, large capacity is not zero-filled in full.
        if (filled == content.size()) content.resize(std::max(kMinReadAllBlock, 2 * filled));
        const std::size_t count = input.read(content.data() + filled, content.size() - filled);
        if (count == 0) break;
        filled += count;
    }
    content.resize(filled);
}

}  // namespace quarry::corpus
