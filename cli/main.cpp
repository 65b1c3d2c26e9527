// quarry: a full-text search engine. Results go to standard output, messages to standard error.
#include <cstdio>
#include <malloc.h>
#include <map>

#include <fmt/core.h>

#include "commands.hpp"
#include "output.hpp"
#include "quarry/errors.hpp"

int main(int argc, char** argv) {
    // Keep freed memory for reuse instead of returning it to the kernel after every query:
    // a top-1000 result list would otherwise be mmapped, zero-filled and unmapped each time.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    CLI::App app{"quarry: full-text search with BM25 over an on-disk inverted index", "quarry"};
    app.require_subcommand(1, 1);
    app.set_version_flag("--version", "quarry 0.1.0");
    app.footer("Start with:  quarry index my-index   (indexes the built-in sample corpus)\n"
               "             quarry search my-index \"smart factory\"\n"
               "Run 'quarry COMMAND --help' for the options of each command.");
    std::map<CLI::App*, quarry::cli::Action> actions;
    auto add = [&](const char* name, const char* description, auto add_command) {
        CLI::App* command = app.add_subcommand(name, description);
        actions[command] = add_command(*command);
    };
    add("index", "Build an index from corpus files or folders", quarry::cli::add_index_command);
    add("search", "Search an index: one query, or an interactive prompt", quarry::cli::add_search_command);
    add("inspect", "Show what an index holds: documents, terms, postings, bytes", quarry::cli::add_inspect_command);
    add("eval", "Evaluate a run against relevance judgments, or a whole test collection", quarry::cli::add_eval_command);
    add("bench", "Measure query speed by query class: queries/s and latency percentiles", quarry::cli::add_bench_command);
    add("delete", "Delete documents by id", quarry::cli::add_delete_command);
    add("optimize", "Merge every segment into one, dropping deleted documents", quarry::cli::add_optimize_command);
    add("check", "Verify every checksum and structural invariant of an index", quarry::cli::add_check_command);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }
    try {
        for (const auto& [command, action] : actions)
            if (command->parsed()) return action();
    } catch (const quarry::Error& error) {
        fmt::print(stderr, "quarry: {}\n", error.what());
        return 1;
    } catch (const std::exception& error) {
        fmt::print(stderr, "quarry: unexpected error: {}\n", error.what());
        return 3;
    }
    return 0;
}
