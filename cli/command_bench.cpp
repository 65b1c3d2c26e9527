// quarry bench INDEX --queries FILE: the end-to-end query benchmark. One thread; one untimed
// pass over every query first (warm-up: page cache, checksum verification); then each query
// class is timed, only the search call, and reported as queries per second and latency
// percentiles, as a table or JSON.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "output.hpp"
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
};

struct QueryClass {
    std::string name;
    std::size_t k;
    bool count_only;
    std::vector<std::string> queries;
};

// The search-benchmark-game's tagged queries (JSON Lines with "query" and "tags") or a plain
// file of one query per line (each run as a ranked union).
std::vector<QueryClass> load_classes(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw IoError("cannot open query file " + path);
    std::map<std::string, std::vector<std::string>> by_tag;
    std::vector<std::string> plain;
    std::string line;
    for (std::uint64_t number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (line.front() == '{') {
            nlohmann::json record;
            try {
                record = nlohmann::json::parse(line);
                by_tag[record.at("tags").at(0).get<std::string>()].push_back(record.at("query").get<std::string>());
            } catch (const nlohmann::json::exception& error) {
                throw InputError(path, number, -1, fmt::format("{}:{}: expected {{\"query\": ..., \"tags\": [...]}}: {}", path, number, error.what()));
            }
        } else {
            plain.push_back(line);
        }
    }
    std::vector<std::string>& unions = plain.empty() ? by_tag["union"] : plain;
    // Single terms: every distinct word of the union queries, so that the class holds the
    // short lists and the long ones (`the`) alike.
    std::set<std::string> words;
    for (const auto& query : unions) {
        std::size_t start = 0;
        while (start < query.size()) {
            std::size_t end = query.find(' ', start);
            if (end == std::string::npos) end = query.size();
            if (end > start) words.insert(query.substr(start, end - start));
            start = end + 1;
        }
    }
    std::vector<QueryClass> classes;
    classes.push_back({"term top-10", 10, false, {words.begin(), words.end()}});
    classes.push_back({"union top-10", 10, false, unions});
    if (!by_tag["intersection"].empty()) classes.push_back({"intersection top-10", 10, false, by_tag["intersection"]});
    if (!by_tag["phrase"].empty()) classes.push_back({"phrase top-10", 10, false, by_tag["phrase"]});
    classes.push_back({"union top-1000", 1000, false, unions});
    if (!by_tag["intersection"].empty()) classes.push_back({"intersection top-1000", 1000, false, by_tag["intersection"]});
    if (!by_tag["phrase"].empty()) classes.push_back({"phrase top-1000", 1000, false, by_tag["phrase"]});
    classes.push_back({"union count", 0, true, unions});
    if (!by_tag["intersection"].empty()) classes.push_back({"intersection count", 0, true, by_tag["intersection"]});
    return classes;
}

struct ClassReport {
    std::string name;
    std::size_t queries = 0;
    double mean_ms = 0, p50_ms = 0, p95_ms = 0, p99_ms = 0, qps = 0;
};

double percentile(std::vector<double> sorted, double fraction) {
    const std::size_t index = std::min(sorted.size() - 1, static_cast<std::size_t>(fraction * static_cast<double>(sorted.size())));
    return sorted[index];
}

int run_bench(const BenchArguments& args) {
    const Index index = Index::open(args.index);
    std::vector<ClassReport> reports;
    for (const QueryClass& query_class : load_classes(args.queries)) {
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
        std::sort(latencies.begin(), latencies.end());
        ClassReport report;
        report.name = query_class.name;
        report.queries = runnable.size();
        double total = 0;
        for (double latency : latencies) total += latency;
        report.mean_ms = total / static_cast<double>(latencies.size());
        report.p50_ms = percentile(latencies, 0.50);
        report.p95_ms = percentile(latencies, 0.95);
        report.p99_ms = percentile(latencies, 0.99);
        report.qps = 1000.0 / report.mean_ms;
        reports.push_back(report);
    }
    if (args.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : reports)
            out.push_back({{"class", r.name}, {"queries", r.queries}, {"qps", r.qps}, {"mean_ms", r.mean_ms},
                           {"p50_ms", r.p50_ms}, {"p95_ms", r.p95_ms}, {"p99_ms", r.p99_ms}});
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
    app.add_flag("--json", args->json, "Output as JSON");
    app.footer("Example: quarry bench gutenberg --queries ../shared/queries/aol/queries_tagged.jsonl");
    return [args] { return run_bench(*args); };
}

}  // namespace quarry::cli
