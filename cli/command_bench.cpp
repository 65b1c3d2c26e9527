// quarry bench INDEX --queries FILE: the end-to-end query benchmark. One thread; one untimed
// pass over every query first (warm-up: page cache, checksum verification); then each query
// class is timed, only the search call, and reported as queries per second and latency
// percentiles, as a table or JSON.
#include <algorithm>
#include <chrono>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "output.hpp"
#include "query_log.hpp"
#include "quarry/errors.hpp"
#include "quarry/index.hpp"

namespace quarry::cli {
namespace {

struct BenchArguments {
    std::string index;
    std::string queries;
    std::size_t repeat = 3;
    bool json = false;
    std::string algorithm = "auto";
    std::size_t slowest = 0;
    std::vector<std::string> classes;  // empty: every class the query log has
};

using query_log::ClassReport;
using query_log::QueryClass;

int run_bench(const BenchArguments& args) {
    const Index index = Index::open(args.index);
    std::vector<QueryClass> classes = query_log::load_query_classes(args.queries);
    if (!args.classes.empty()) {
        // Unknown names are an error rather than an empty report: a typo would otherwise look
        // like a class that takes no time.
        for (const std::string& name : args.classes)
            if (std::none_of(classes.begin(), classes.end(), [&](const QueryClass& c) { return c.name == name; })) {
                std::string known;
                for (const QueryClass& c : classes) known += (known.empty() ? "'" : ", '") + c.name + "'";
                throw Error("--class '" + name + "': " + args.queries + " has no such class (it has " + known + ")");
            }
        std::erase_if(classes, [&](const QueryClass& c) {
            return std::find(args.classes.begin(), args.classes.end(), c.name) == args.classes.end();
        });
    }
    std::vector<ClassReport> reports;
    for (const QueryClass& query_class : classes) {
        SearchOptions options;
        options.k = query_class.k;
        options.count_only = query_class.count_only;
        options.snippets = false;
        options.stored_fields = false;
        options.algorithm = parse_algorithm(args.algorithm);
        std::vector<std::string> runnable;
        for (const auto& query : query_class.queries) {  // warm-up, and drop queries the index cannot run
            try {
                index.search(query, options);
                runnable.push_back(query);
            } catch (const QuerySyntaxError&) {
            }
        }
        if (runnable.empty()) continue;
        std::vector<double> latencies;
        for (std::size_t round = 0; round < args.repeat; ++round)
            for (const auto& query : runnable) {
                const auto started = std::chrono::steady_clock::now();
                const SearchResults results = index.search(query, options);
                latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
                if (results.matches == UINT64_MAX) fmt::print("");  // keep the call observable
            }
        ClassReport report = query_log::summarize(query_class.name, runnable.size(), latencies);
        if (args.slowest > 0) report.slowest = query_log::slowest(runnable, latencies, args.slowest);
        reports.push_back(report);
    }
    if (args.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : reports) {
            nlohmann::json entry{{"class", r.name}, {"queries", r.queries}, {"qps", r.qps}, {"mean_ms", r.mean_ms},
                                 {"p50_ms", r.p50_ms}, {"p95_ms", r.p95_ms}, {"p99_ms", r.p99_ms}};
            if (args.slowest > 0) {
                nlohmann::json slowest = nlohmann::json::array();
                for (const auto& q : r.slowest) slowest.push_back({{"query", q.query}, {"median_ms", q.median_ms}});
                entry["slowest"] = std::move(slowest);
            }
            out.push_back(std::move(entry));
        }
        fmt::print("{}\n", nlohmann::json{{"engine", "quarry"}, {"index", args.index}, {"algorithm", args.algorithm},
                                          {"documents", index.document_count()}, {"classes", out}}
                               .dump(2));
        return 0;
    }
    fmt::print("quarry {} ({} documents), one thread, {} timed passes after a warm-up, algorithm {}\n", args.index,
               index.document_count(), args.repeat, args.algorithm);
    fmt::print("{:<24}{:>8}{:>12}{:>11}{:>11}{:>11}{:>11}\n", "class", "queries", "queries/s", "mean ms", "p50 ms", "p95 ms", "p99 ms");
    for (const auto& r : reports)
        fmt::print("{:<24}{:>8}{:>12.0f}{:>11.4f}{:>11.4f}{:>11.4f}{:>11.4f}\n", r.name, r.queries, r.qps, r.mean_ms, r.p50_ms,
                   r.p95_ms, r.p99_ms);
    for (const auto& r : reports) {
        if (r.slowest.empty()) continue;
        fmt::print("\nslowest of {} (median ms over the passes):\n", r.name);
        for (const auto& q : r.slowest) fmt::print("{:>11.4f}  {}\n", q.median_ms, q.query);
    }
    return 0;
}

}  // namespace

Action add_bench_command(CLI::App& app) {
    auto args = std::make_shared<BenchArguments>();
    app.add_option("INDEX", args->index, "Directory of the index")->required();
    app.add_option("--queries", args->queries,
                   "Query log: the search-benchmark-game's tagged JSON Lines (classes by tag) or one query per line")
        ->required();
    app.add_option("--repeat", args->repeat, "Timed passes over each class")->capture_default_str()->check(CLI::Range(1, 100));
    app.add_option("--algorithm", args->algorithm, "Top-k algorithm: auto, exhaustive, maxscore or bmw")
        ->check(CLI::IsMember({"auto", "exhaustive", "maxscore", "bmw"}))
        ->capture_default_str();
    app.add_option("--slowest", args->slowest, "Also list each class's N slowest queries (the tail's causes)")
        ->capture_default_str();
    app.add_option("--class", args->classes,
                   "Time only this class (repeatable), named as in the report: 'union top-10', 'intersection count'...");
    app.add_flag("--json", args->json, "Output as JSON");
    app.footer("Example: quarry bench gutenberg --queries ../shared/queries/aol/queries_tagged.jsonl");
    return [args] { return run_bench(*args); };
}

}  // namespace quarry::cli
