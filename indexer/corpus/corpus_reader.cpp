#include "corpus/corpus_reader.hpp"

#include <optional>
#include <system_error>

#include "corpus/format_readers.hpp"
#include "corpus/input_stream.hpp"
#include "corpus/line_reader.hpp"
#include "corpus/record_sink.hpp"
#include "corpus/utf8.hpp"
#include "quarry/errors.hpp"

namespace quarry::corpus {
namespace {

namespace fs = std::filesystem;

std::optional<Format> format_from_extension(const fs::path& path) {
    const std::string extension = lowercase_extension(without_compression_suffix(path));
    if (extension == ".jsonl" || extension == ".ndjson" || extension == ".json")
        return Format::Jsonl;
    if (extension == ".tsv" || extension == ".tab") return Format::Tsv;
    return std::nullopt;
}

/// Tells the format from the first bytes of the (uncompressed) content.
Format sniff_format(std::string_view head, const std::string& file) {
    if (head.starts_with(kByteOrderMark)) head.remove_prefix(kByteOrderMark.size());
    const std::size_t first = head.find_first_not_of(" \t\r\n\f\v");
    // Content with nothing but whitespace holds no records in any format.
    if (first == std::string_view::npos) return Format::Jsonl;
    if (head[first] == '{') return Format::Jsonl;
    const std::size_t previous_newline = head.rfind('\n', first);
    const std::size_t line_start =
        previous_newline == std::string_view::npos ? 0 : previous_newline + 1;
    const std::string_view line = head.substr(line_start, head.find('\n', first) - line_start);
    if (line.find('\t') != std::string_view::npos) return Format::Tsv;
    throw Error("cannot tell the format of " + file + "; pass --format jsonl|tsv|dir");
}

}  // namespace

Format parse_format(std::string_view name) {
    if (name == "auto") return Format::Auto;
    if (name == "jsonl") return Format::Jsonl;
    if (name == "tsv") return Format::Tsv;
    if (name == "dir") return Format::TextDir;
    throw Error("unknown corpus format \"" + std::string(name) +
                "\"; valid formats are auto, jsonl, tsv and dir");
}

ReadReport read_corpus(const std::vector<fs::path>& inputs, const ReadOptions& options,
                       const DocumentSink& sink) {
    ReadReport report;
    RecordSink records(sink, options.skip_bad, report);
    for (const fs::path& input : inputs) {
        const std::string file = input.string();
        std::error_code error;
        const fs::file_status status = fs::status(input, error);
        if (error) throw IoError("cannot open " + file + ": " + error.message());

        if (fs::is_directory(status)) {
            if (options.format != Format::Auto && options.format != Format::TextDir) {
                throw Error(file + " is a folder, but --format " +
                            (options.format == Format::Jsonl ? "jsonl" : "tsv") +
                            " reads files; pass --format dir or auto");
            }
            report.bytes += read_text_dir(input, records);
            continue;
        }
        if (options.format == Format::TextDir) {
            throw Error(file + " is not a folder, but --format dir reads folders of text files");
        }

        const auto stream = open_input(input);
        LineReader lines(*stream);
        Format format = options.format;
        if (format == Format::Auto) {
            const std::optional<Format> by_extension = format_from_extension(input);
            format = by_extension ? *by_extension : sniff_format(lines.peek(), file);
        }
        if (format == Format::Jsonl) {
            read_jsonl(lines, file, records);
        } else {
            read_tsv(lines, file, records);
        }
        report.bytes += lines.bytes_read();
    }
    return report;
}

}  // namespace quarry::corpus
