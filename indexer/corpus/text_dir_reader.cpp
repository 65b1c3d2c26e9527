#include <algorithm>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "corpus/corpus_reader.hpp"
#include "corpus/format_readers.hpp"
#include "corpus/input_stream.hpp"
#include "corpus/utf8.hpp"

namespace quarry::corpus {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kWhitespace = " \t\r\n\f\v";

bool is_hidden(const fs::path& path) {
    return path.filename().string().starts_with('.');
}

/// Regular, non-hidden files under `folder`, relative to it, in sorted order.
std::vector<fs::path> list_files(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code error;
    for (fs::recursive_directory_iterator entry(folder, error), end; !error && entry != end;
         entry.increment(error)) {
        if (is_hidden(entry->path())) {
            // A hidden folder (.git, .cache) hides everything in it.
            entry.disable_recursion_pending();
            continue;
        }
        // A file whose status cannot be read (a broken symbolic link) is not a regular file.
        std::error_code status_error;
        if (entry->is_regular_file(status_error)) {
            files.push_back(entry->path().lexically_relative(folder));
        }
    }
    if (error) throw IoError("cannot list " + folder.string() + ": " + error.message());
    std::sort(files.begin(), files.end());
    return files;
}

std::string_view trim(std::string_view text) {
    const std::size_t first = text.find_first_not_of(kWhitespace);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kWhitespace) - first + 1);
}

/// Title: the first line that is not blank, trimmed; text: everything after that line.
void split_title(std::string_view content, Document& document) {
    std::size_t line_start = 0;
    while (line_start < content.size()) {
        const std::size_t newline = content.find('\n', line_start);
        const std::size_t next_line_start =
            newline == std::string_view::npos ? content.size() : newline + 1;
        const std::string_view title =
            trim(content.substr(line_start, next_line_start - line_start));
        if (!title.empty()) {
            document.title = title;
            document.text = content.substr(next_line_start);
            return;
        }
        line_start = next_line_start;
    }
}

Document parse_text_file(std::string_view content, const fs::path& relative,
                         const std::string& file) {
    require_valid_utf8(content, RecordPosition{file, 1, 0});
    Document document;
    // A compressed file is the same document as its uncompressed self: a.txt.gz has id "a".
    document.id = without_compression_suffix(relative).replace_extension().generic_string();
    if (find_utf8_fault(document.id, 0, 1)) {
        throw InputError(
            file, 0, -1,
            file + ": the file name is not valid UTF-8, so it cannot be a document id");
    }
    Document parsed = text_file_document(std::move(document.id), content);
    return parsed;
}

}  // namespace

Document text_file_document(std::string id, std::string_view content) {
    Document document;
    document.id = std::move(id);
    if (content.starts_with(kByteOrderMark)) content.remove_prefix(kByteOrderMark.size());
    split_title(content, document);
    return document;
}

std::uint64_t read_text_dir(const fs::path& folder, RecordSink& records) {
    std::uint64_t bytes = 0;
    std::string content;  // reused from file to file; title and text are copied out of it
    for (const fs::path& relative : list_files(folder)) {
        const fs::path path = folder / relative;
        const SourceLocation location{path.string(), 0};
        read_all(*open_input(path), content);
        bytes += content.size();
        Document document;
        try {
            document = parse_text_file(content, relative, location.file);
        } catch (const InputError& error) {
            records.reject(error);
            continue;
        }
        records.accept(std::move(document), location);
    }
    return bytes;
}

}  // namespace quarry::corpus
