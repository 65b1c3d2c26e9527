// quarry-peers: builds and benchmarks the peers of quarry's benchmark suite (Xapian, SQLite
// FTS5) the way ../shared/PEERS.md measured them, with quarry bench's query classes and
// output, and compares the reports. Used by scripts/bench-suite.sh.
#include <fmt/core.h>

#include <CLI/CLI.hpp>

#include "peers.hpp"

int main(int argc, char** argv) {
    using namespace quarry::peers;
    CLI::App app{"quarry-peers: Xapian and SQLite FTS5 measured as quarry bench measures quarry", "quarry-peers"};
    app.require_subcommand(1, 1);
    const std::vector<std::string> engines{"xapian", "fts5"};

    CLI::App* build = app.add_subcommand("build", "Index a corpus with a peer engine");
    std::string build_engine;
    BuildOptions build_options;
    bool no_positions = false;
    build->add_option("--engine", build_engine, "xapian or fts5")->required()->check(CLI::IsMember(engines));
    build->add_option("--corpus", build_options.corpus, "Corpus: JSON Lines (.jsonl, .jsonl.zst) of id, title, text")
        ->required()
        ->check(CLI::ExistingFile);
    build->add_option("--out", build_options.out, "Directory of the new index (must not exist)")->required();
    build->add_flag("--no-positions", no_positions, "Xapian: index without positions (no phrase queries)");

    CLI::App* bench = app.add_subcommand("bench", "Measure query speed by query class, as quarry bench does");
    std::string bench_engine, index, queries;
    std::size_t repeat = 3;
    bool json = false;
    bench->add_option("--engine", bench_engine, "xapian or fts5")->required()->check(CLI::IsMember(engines));
    bench->add_option("--index", index, "Directory built by quarry-peers build")->required()->check(CLI::ExistingDirectory);
    bench->add_option("--queries", queries, "Query log: tagged JSON Lines (classes by tag) or one query per line")
        ->required()
        ->check(CLI::ExistingFile);
    bench->add_option("--repeat", repeat, "Timed passes over each class")->capture_default_str()->check(CLI::Range(1, 100));
    bench->add_flag("--json", json, "Output as JSON (the shape of quarry bench --json)");

    CLI::App* report = app.add_subcommand("report", "Markdown table comparing JSON reports (quarry's first)");
    std::vector<std::string> reports;
    report->add_option("FILE", reports, "JSON reports of quarry bench --json and quarry-peers bench --json")
        ->required()
        ->check(CLI::ExistingFile);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }
    try {
        if (build->parsed()) {
            build_options.positions = !no_positions;
            if (build_engine == "xapian")
                build_xapian(build_options);
            else
                build_fts5(build_options);
            return 0;
        }
        if (bench->parsed()) {
            const auto searcher = bench_engine == "xapian" ? open_xapian(index) : open_fts5(index);
            return run_bench(*searcher, index, queries, repeat, json);
        }
        return run_report(reports);
    } catch (const std::exception& error) {
        fmt::print(stderr, "quarry-peers: {}\n", error.what());
        return 1;
    }
}
