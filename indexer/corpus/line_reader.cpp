#include "corpus/line_reader.hpp"

#include <cstring>

#include "corpus/utf8.hpp"

namespace quarry::corpus {

LineReader::LineReader(InputStream& input, std::size_t block_size)
    : input_(input), buffer_(block_size + kReadablePadding) {}

std::string_view LineReader::peek() {
    while (end_ < capacity() && fill()) {
    }
    return {buffer_.data() + line_begin_, end_ - line_begin_};
}

bool LineReader::next(std::string_view& line) {
    while (true) {
        const auto* newline =
            static_cast<const char*>(std::memchr(buffer_.data() + scanned_, '\n', end_ - scanned_));
        if (newline != nullptr) {
            const auto newline_index = static_cast<std::size_t>(newline - buffer_.data());
            line = {buffer_.data() + line_begin_, newline_index - line_begin_};
            line_offset_ = buffer_offset_ + line_begin_;
            line_begin_ = scanned_ = newline_index + 1;
            break;
        }
        scanned_ = end_;
        if (!fill()) {
            if (line_begin_ == end_) return false;
            line = {buffer_.data() + line_begin_, end_ - line_begin_};
            line_offset_ = buffer_offset_ + line_begin_;
            line_begin_ = scanned_ = end_;
            break;
        }
    }
    ++line_number_;
    if (line_number_ == 1 && line.starts_with(kByteOrderMark)) {
        line.remove_prefix(kByteOrderMark.size());
        line_offset_ += kByteOrderMark.size();
    }
    return true;
}

bool LineReader::fill() {
    if (at_end_) return false;
    if (line_begin_ > 0) {
        // Keep only the unfinished line, at the front, so the rest of the buffer can be filled.
        std::memmove(buffer_.data(), buffer_.data() + line_begin_, end_ - line_begin_);
        buffer_offset_ += line_begin_;
        end_ -= line_begin_;
        scanned_ -= line_begin_;
        line_begin_ = 0;
    }
    if (end_ == capacity()) buffer_.resize(2 * capacity() + kReadablePadding);  // a longer line
    const std::size_t count = input_.read(buffer_.data() + end_, capacity() - end_);
    if (count == 0) {
        at_end_ = true;
        return false;
    }
    end_ += count;
    bytes_read_ += count;
    return true;
}

bool is_blank(std::string_view line) noexcept {
    return line.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

}  // namespace quarry::corpus
