// quarry index INDEX [CORPUS...]
#include <chrono>
#include <filesystem>

#include <fmt/core.h>

#include "commands.hpp"
#include "corpus/corpus_reader.hpp"
#include "quarry/errors.hpp"
#include "quarry/index_writer.hpp"
#include "sample_corpus.hpp"

namespace quarry::cli {
namespace {

struct IndexArguments {
    std::string index;
    std::vector<std::string> corpus;
    std::string format = "auto";
    bool skip_bad = false;
    bool force = false;
    bool no_stem = false;
    bool no_stop_words = false;
};

int run_index(const IndexArguments& args) {
    const auto started = std::chrono::steady_clock::now();
    const std::filesystem::path dir(args.index);
    const bool existed = std::filesystem::exists(dir);
    IndexOptions options;
    options.analyzer.stem = !args.no_stem;
    options.analyzer.stop_words = !args.no_stop_words;

    corpus::ReadReport report;
    std::uint64_t duplicates = 0;
    try {
        IndexWriter writer = IndexWriter::create(dir, options, args.force);
        if (args.corpus.empty()) {
            for (const auto& [name, content] : sample_corpus()) {
                writer.add(corpus::text_file_document(std::filesystem::path(name).stem().string(), content));
                ++report.documents;
                report.bytes += content.size();
            }
        } else {
            corpus::ReadOptions read_options;
            read_options.format = corpus::parse_format(args.format);
            read_options.skip_bad = args.skip_bad;
            std::vector<std::filesystem::path> inputs(args.corpus.begin(), args.corpus.end());
            report = corpus::read_corpus(inputs, read_options, [&](Document&& doc, const corpus::SourceLocation& where) {
                if (writer.contains(doc.id)) {
                    const std::string message = where.file + (where.line ? ":" + std::to_string(where.line) : "") +
                                                ": duplicate document id '" + doc.id + "'";
                    if (!args.skip_bad) throw InputError(where.file, where.line, -1, message + "; ids must be unique");
                    if (duplicates < 20) fmt::print(stderr, "quarry: skipped {}\n", message);
                    ++duplicates;
                    return;
                }
                writer.add(std::move(doc));
            });
            for (const std::string& message : report.skipped_messages) fmt::print(stderr, "quarry: skipped {}\n", message);
        }
        writer.commit();
    } catch (...) {
        // Nothing was committed; leave no empty directory behind for a run that created it.
        std::error_code ignored;
        if (!existed) std::filesystem::remove_all(dir, ignored);
        throw;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::uint64_t indexed = report.documents - duplicates;
    fmt::print(stderr, "indexed {} documents{} ({:.1f} MB) in {:.2f} s ({:.1f} MB/s, {:.0f} documents/s) into {}\n", indexed,
               args.corpus.empty() ? " of the built-in sample corpus" : "",
               static_cast<double>(report.bytes) / 1e6, seconds, static_cast<double>(report.bytes) / 1e6 / seconds,
               static_cast<double>(indexed) / seconds, args.index);
    if (report.skipped + duplicates > 0)
        fmt::print(stderr, "skipped {} bad records ({} duplicate ids)\n", report.skipped + duplicates, duplicates);
    return 0;
}

}  // namespace

Action add_index_command(CLI::App& app) {
    auto args = std::make_shared<IndexArguments>();
    app.add_option("INDEX", args->index, "Directory of the index to build")->required();
    app.add_option("CORPUS", args->corpus,
                   "Corpus files (JSON Lines, TSV; .zst/.gz read directly) or folders of text files; "
                   "without any, the built-in sample corpus");
    app.add_option("--format", args->format, "Corpus format: auto, jsonl, tsv or dir")
        ->check(CLI::IsMember({"auto", "jsonl", "tsv", "dir"}))
        ->capture_default_str();
    app.add_flag("--skip-bad", args->skip_bad,
                 "Skip malformed records and duplicate ids, reporting how many, instead of stopping at the first");
    app.add_flag("--force", args->force, "Replace an existing index (atomically, when the new one is committed)");
    app.add_flag("--no-stem", args->no_stem, "Index words without English stemming");
    app.add_flag("--no-stopwords", args->no_stop_words, "Keep English stop words");
    app.footer("Example: quarry index news data/sample");
    return [args] { return run_index(*args); };
}

}  // namespace quarry::cli
