// Splits an InputStream into lines without copying them, tracking line numbers and offsets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "corpus/input_stream.hpp"

namespace quarry::corpus {

class LineReader {
public:
    /// Bytes that stay readable after the end of every line handed out, so that a line can go
    /// to a parser that reads ahead of its input (simdjson) without being copied.
    static constexpr std::size_t kReadablePadding = 64;
    static constexpr std::size_t kDefaultBlockSize = std::size_t{1} << 20;

    explicit LineReader(InputStream& input, std::size_t block_size = kDefaultBlockSize);

    /// The first bytes of the stream (up to one block), to tell its format. Call it before the
    /// first next(); it consumes nothing.
    std::string_view peek();

    /// Sets `line` to the next line, without its '\n' (a leading UTF-8 byte order mark is
    /// dropped from the first line); false at the end of the stream. `line` stays valid until
    /// the next call.
    bool next(std::string_view& line);

    /// 1-based number of the line last returned.
    std::uint64_t line_number() const noexcept { return line_number_; }
    /// Offset in the uncompressed stream of the first byte of the line last returned.
    std::uint64_t line_offset() const noexcept { return line_offset_; }
    /// Uncompressed bytes read from the stream so far.
    std::uint64_t bytes_read() const noexcept { return bytes_read_; }

private:
    /// Reads more bytes after the unconsumed ones; false at the end of the stream.
    bool fill();
    std::size_t capacity() const noexcept { return buffer_.size() - kReadablePadding; }

    InputStream& input_;
    std::vector<char> buffer_;
    std::size_t line_begin_ = 0;       // first unconsumed byte in buffer_
    std::size_t scanned_ = 0;          // bytes before this in buffer_ are known to hold no '\n'
    std::size_t end_ = 0;              // end of the bytes read into buffer_
    std::uint64_t buffer_offset_ = 0;  // stream offset of buffer_[0]
    std::uint64_t line_number_ = 0;
    std::uint64_t line_offset_ = 0;
    std::uint64_t bytes_read_ = 0;
    bool at_end_ = false;
};

/// True when `line` holds only whitespace.
bool is_blank(std::string_view line) noexcept;

}  // namespace quarry::corpus
