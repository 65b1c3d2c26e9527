// quarry index INDEX [CORPUS...]
#include <algorithm>
#include <thread>

#include <fmt/core.h>

#include "build_index.hpp"
#include "commands.hpp"

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
    bool append = false;
    double memory_mb = 0;
    unsigned threads = 0;
};

int run_index(const IndexArguments& args) {
    BuildRequest request;
    request.index = args.index;
    request.corpus.assign(args.corpus.begin(), args.corpus.end());
    request.format = args.format;
    request.skip_bad = args.skip_bad;
    request.replace_existing = args.force;
    request.append = args.append;
    request.options.threads = args.threads > 0 ? args.threads : std::max(1u, std::thread::hardware_concurrency());
    request.options.memory_budget = args.memory_mb > 0 ? static_cast<std::uint64_t>(args.memory_mb * 1024 * 1024)
                                                       : default_memory_budget();
    request.options.analyzer.stem = !args.no_stem;
    request.options.analyzer.stop_words = !args.no_stop_words;
    const BuildReport report = build_index(request);
    fmt::print(stderr, "indexed {} documents{} ({:.1f} MB) in {:.2f} s ({:.1f} MB/s, {:.0f} documents/s) into {}\n",
               report.documents, args.corpus.empty() ? " of the built-in sample corpus" : "",
               static_cast<double>(report.bytes) / 1e6, report.seconds,
               static_cast<double>(report.bytes) / 1e6 / report.seconds,
               static_cast<double>(report.documents) / report.seconds, args.index);
    if (report.skipped > 0)
        fmt::print(stderr, "skipped {} bad records ({} duplicate ids)\n", report.skipped, report.duplicates);
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
    auto* force = app.add_flag("--force", args->force, "Replace an existing index (atomically, when the new one is committed)");
    app.add_flag("--append", args->append,
                 "Add the documents to the index (creating it if needed); a document whose id is already there "
                 "replaces it")
        ->excludes(force);
    app.add_option("--threads", args->threads, "Threads that analyse documents (default: every core)")
        ->check(CLI::Range(1, 1024));
    app.add_option("--memory", args->memory_mb,
                   "Memory budget in megabytes: in-memory segments are written out when they fill what the run's "
                   "document ids leave of it (default: an eighth of RAM)")
        ->check(CLI::Range(1.0, 1e9));
    app.add_flag("--no-stem", args->no_stem, "Index words without English stemming");
    app.add_flag("--no-stopwords", args->no_stop_words, "Keep English stop words");
    app.footer("Example: quarry index news data/sample");
    return [args] { return run_index(*args); };
}

}  // namespace quarry::cli
