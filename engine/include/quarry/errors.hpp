// Errors thrown by quarry. Every message is meant to be shown to a user as it is: it names the
// file, line, byte or column at fault and says what was expected.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace quarry {

/// Base of every error quarry throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Corpus input that cannot be indexed: malformed record, invalid UTF-8, duplicate id.
/// `line` is 1-based (0 when the input has no lines); `byte` is the 0-based offset in the file
/// (or -1 when unknown).
class InputError : public Error {
public:
    InputError(std::string file, std::uint64_t line, std::int64_t byte, const std::string& what)
        : Error(what), file_(std::move(file)), line_(line), byte_(byte) {}
    const std::string& file() const noexcept { return file_; }
    std::uint64_t line() const noexcept { return line_; }
    std::int64_t byte() const noexcept { return byte_; }

private:
    std::string file_;
    std::uint64_t line_;
    std::int64_t byte_;
};

/// An index file that fails validation: bad magic, truncated, checksum mismatch, structural
/// inconsistency. `offset` is the byte offset in `file` where the problem was found (-1 if none).
class CorruptIndexError : public Error {
public:
    CorruptIndexError(std::string file, std::int64_t offset, const std::string& what)
        : Error(what), file_(std::move(file)), offset_(offset) {}
    const std::string& file() const noexcept { return file_; }
    std::int64_t offset() const noexcept { return offset_; }

private:
    std::string file_;
    std::int64_t offset_;
};

/// An index file written by a format version this build cannot read.
class VersionError : public CorruptIndexError {
public:
    using CorruptIndexError::CorruptIndexError;
};

/// A query that cannot be parsed or planned. `column` is 1-based, counted in Unicode code
/// points, pointing at the offending character (0 when the whole query is at fault).
class QuerySyntaxError : public Error {
public:
    QuerySyntaxError(std::size_t column, const std::string& what) : Error(what), column_(column) {}
    std::size_t column() const noexcept { return column_; }

private:
    std::size_t column_;
};

/// A failed operating-system call (open, write, fsync, rename, mmap...), with the path.
class IoError : public Error {
public:
    using Error::Error;
};

}  // namespace quarry
