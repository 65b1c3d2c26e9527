// The parts of quarry-peers shared by both engines: the timing loop (query classes come from
// cli/query_log, as quarry bench's do), the table/JSON output of quarry bench, and the Markdown comparison report.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "peers.hpp"

namespace quarry::peers {

using query_log::ClassReport;

int run_bench(Searcher& searcher, const std::string& index, const std::string& queries, std::size_t repeat, bool json) {
    std::vector<ClassReport> reports;
    std::uint64_t observed = 0;  // keeps the results observable
    for (const QueryClass& query_class : query_log::load_query_classes(queries)) {
        searcher.begin_class(query_class);
        std::vector<std::string> prepared;  // the queries the searcher accepted, by their index
        for (const auto& query : query_class.queries)
            if (searcher.add_query(query)) prepared.push_back(query);
        // Warm-up, untimed, and drop the queries the engine rejects.
        std::vector<std::size_t> runnable;
        for (std::size_t i = 0; i < prepared.size(); ++i) {
            try {
                observed += searcher.search(i);
                runnable.push_back(i);
            } catch (const std::exception& error) {
                fmt::print(stderr, "quarry-peers: {} ({}): dropped {}: {}\n", searcher.engine(), query_class.name,
                           nlohmann::json(prepared[i]).dump(), error.what());
            }
        }
        if (runnable.empty()) continue;
        std::vector<double> latencies;
        latencies.reserve(runnable.size() * repeat);
        for (std::size_t round = 0; round < repeat; ++round)
            for (std::size_t i : runnable) {
                const auto started = std::chrono::steady_clock::now();
                observed += searcher.search(i);
                latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
            }
        ClassReport report = query_log::summarize(query_class.name, runnable.size(), std::move(latencies));
        reports.push_back(report);
    }
    if (observed == UINT64_MAX) fmt::print("");
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : reports)
            out.push_back({{"class", r.name}, {"queries", r.queries}, {"qps", r.qps}, {"mean_ms", r.mean_ms},
                           {"p50_ms", r.p50_ms}, {"p95_ms", r.p95_ms}, {"p99_ms", r.p99_ms}});
        fmt::print("{}\n", nlohmann::json{{"engine", searcher.engine()},
                                          {"version", searcher.version()},
                                          {"index", index},
                                          {"algorithm", searcher.algorithm()},
                                          {"documents", searcher.document_count()},
                                          {"classes", out}}
                               .dump(2));
        return 0;
    }
    fmt::print("{} {} {} ({} documents), one thread, {} timed passes after a warm-up, {}\n", searcher.engine(),
               searcher.version(), index, searcher.document_count(), repeat, searcher.algorithm());
    fmt::print("{:<24}{:>8}{:>12}{:>11}{:>11}{:>11}{:>11}\n", "class", "queries", "queries/s", "mean ms", "p50 ms", "p95 ms", "p99 ms");
    for (const auto& r : reports)
        fmt::print("{:<24}{:>8}{:>12.0f}{:>11.4f}{:>11.4f}{:>11.4f}{:>11.4f}\n", r.name, r.queries, r.qps, r.mean_ms, r.p50_ms,
                   r.p95_ms, r.p99_ms);
    return 0;
}

namespace {

// Three or so significant digits without an exponent: 212, 26.1, 6.30, 0.470, 0.0632.
std::string milliseconds(double value) {
    if (value >= 100) return fmt::format("{:.0f}", value);
    if (value >= 10) return fmt::format("{:.1f}", value);
    if (value >= 1) return fmt::format("{:.2f}", value);
    if (value >= 0.1) return fmt::format("{:.3f}", value);
    return fmt::format("{:.4f}", value);
}

std::string ratio(double value) {
    if (value >= 100) return fmt::format("{:.0f}×", value);
    if (value >= 1) return fmt::format("{:.1f}×", value);
    return fmt::format("{:.2f}×", value);
}

struct Report {
    std::string label;
    std::uint64_t documents = 0;
    std::map<std::string, nlohmann::json> classes;
};

}  // namespace

int run_report(const std::vector<std::string>& files) {
    std::vector<Report> reports;
    std::vector<std::string> order;  // classes in the order of their first appearance
    for (const auto& file : files) {
        std::ifstream in(file);
        if (!in) throw std::runtime_error("cannot open report " + file);
        nlohmann::json json;
        try {
            json = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& error) {
            throw std::runtime_error(fmt::format("{}: not a bench report: {}", file, error.what()));
        }
        Report report;
        report.label = json.value("engine", file);
        report.documents = json.value("documents", std::uint64_t{0});
        for (const auto& entry : json.at("classes")) {
            const std::string name = entry.at("class").get<std::string>();
            if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
            report.classes[name] = entry;
        }
        // Two reports of one engine (say quarry with two algorithms) are told apart by algorithm.
        for (const auto& other : reports)
            if (other.label == report.label) report.label.append(" (").append(json.value("algorithm", file)).append(")");
        reports.push_back(std::move(report));
    }
    if (reports.empty()) return 0;
    const Report& base = reports.front();
    std::string header = "| class |", rule = "|---|";
    for (const auto& r : reports) {
        header.append(" ").append(r.label).append(" mean ms (p50 / p99) |");
        rule.append("---:|");
    }
    for (std::size_t i = 1; i < reports.size(); ++i) {
        header.append(" ").append(base.label).append(" vs ").append(reports[i].label).append(" |");
        rule.append("---:|");
    }
    fmt::print("{}\n{}\n", header, rule);
    for (const auto& name : order) {
        std::string row = std::string("| ").append(name).append(" |");
        for (const auto& r : reports) {
            const auto found = r.classes.find(name);
            if (found == r.classes.end()) {
                row.append(" – |");
                continue;
            }
            const auto& c = found->second;
            row.append(fmt::format(" {} ({} / {}) |", milliseconds(c.at("mean_ms").get<double>()),
                                   milliseconds(c.at("p50_ms").get<double>()), milliseconds(c.at("p99_ms").get<double>())));
        }
        const auto base_class = base.classes.find(name);
        for (std::size_t i = 1; i < reports.size(); ++i) {
            const auto peer_class = reports[i].classes.find(name);
            if (base_class == base.classes.end() || peer_class == reports[i].classes.end()) {
                row.append(" – |");
                continue;
            }
            const double base_mean = base_class->second.at("mean_ms").get<double>();
            const double peer_mean = peer_class->second.at("mean_ms").get<double>();
            row.append(" ").append(base_mean > 0 ? ratio(peer_mean / base_mean) : std::string("–")).append(" |");
        }
        fmt::print("{}\n", row);
    }
    std::string documents;
    for (const auto& r : reports) {
        if (!documents.empty()) documents.append(", ");
        documents.append(fmt::format("{} {}", r.label, r.documents));
    }
    fmt::print("\nDocuments: {}. Speed-up = the peer's mean latency / {}'s mean latency (above 1× means {} is faster).\n",
               documents, base.label, base.label);
    return 0;
}

std::uintmax_t disk_size(const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    if (fs::is_regular_file(path)) return fs::file_size(path);
    std::uintmax_t total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(path))
        if (entry.is_regular_file()) total += entry.file_size();
    return total;
}

std::string human_bytes(std::uintmax_t bytes) {
    const double value = static_cast<double>(bytes);
    if (value >= 1e9) return fmt::format("{:.2f} GB", value / 1e9);
    if (value >= 1e6) return fmt::format("{:.1f} MB", value / 1e6);
    if (value >= 1e3) return fmt::format("{:.1f} kB", value / 1e3);
    return fmt::format("{} B", bytes);
}

}  // namespace quarry::peers
