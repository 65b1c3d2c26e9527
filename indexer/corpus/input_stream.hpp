// Input files as streams of uncompressed bytes: plain, zstd (.zst) or gzip (.gz).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace quarry::corpus {

enum class Compression { None, Zstd, Gzip };

/// The last suffix of `path`'s name, with its dot, in lower case ("" when there is none).
std::string lowercase_extension(const std::filesystem::path& path);

/// Compression of a file, told by its name's last suffix (case-insensitive).
Compression compression_of(const std::filesystem::path& path);

/// `path` without its compression suffix, so that the suffix before it can be examined.
std::filesystem::path without_compression_suffix(const std::filesystem::path& path);

class InputStream {
public:
    virtual ~InputStream() = default;
    /// Reads up to `size` (> 0) uncompressed bytes into `buffer`; returns 0 only at the end of
    /// the stream. Throws IoError when the file cannot be read and InputError when its
    /// compressed data is corrupt or truncated.
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
};

/// Opens `path` for reading, decompressing according to compression_of(path). Throws IoError
/// when it cannot be opened.
std::unique_ptr<InputStream> open_input(const std::filesystem::path& path);

/// Replaces `content` with everything left in `input`, reusing its capacity.
void read_all(InputStream& input, std::string& content);

}  // namespace quarry::corpus
