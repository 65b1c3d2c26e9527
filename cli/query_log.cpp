#include "query_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "quarry/errors.hpp"

namespace quarry::query_log {

std::vector<QueryClass> load_query_classes(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw IoError("cannot open query file " + path + ": " + std::strerror(errno));
    std::map<std::string, std::vector<std::string>> by_tag;
    std::vector<std::string> plain;
    std::string line;
    for (std::uint64_t number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (line.front() == '{') {
            try {
                const nlohmann::json record = nlohmann::json::parse(line);
                by_tag[record.at("tags").at(0).get<std::string>()].push_back(record.at("query").get<std::string>());
            } catch (const nlohmann::json::exception& error) {
                throw InputError(path, number, -1,
                                 fmt::format("{}:{}: expected {{\"query\": ..., \"tags\": [...]}}: {}", path, number, error.what()));
            }
        } else {
            plain.push_back(line);
        }
    }
    std::vector<std::string>& unions = plain.empty() ? by_tag["union"] : plain;
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
    const auto& intersections = by_tag["intersection"];
    const auto& phrases = by_tag["phrase"];
    std::vector<QueryClass> classes;
    classes.push_back({"term top-10", 10, false, {words.begin(), words.end()}});
    classes.push_back({"union top-10", 10, false, unions});
    if (!intersections.empty()) classes.push_back({"intersection top-10", 10, false, intersections});
    if (!phrases.empty()) classes.push_back({"phrase top-10", 10, false, phrases});
    classes.push_back({"union top-1000", 1000, false, unions});
    if (!intersections.empty()) classes.push_back({"intersection top-1000", 1000, false, intersections});
    if (!phrases.empty()) classes.push_back({"phrase top-1000", 1000, false, phrases});
    classes.push_back({"union count", 0, true, unions});
    if (!intersections.empty()) classes.push_back({"intersection count", 0, true, intersections});
    return classes;
}

ClassReport summarize(std::string name, std::size_t queries, std::vector<double> latencies_ms) {
    std::sort(latencies_ms.begin(), latencies_ms.end());
    auto percentile = [&](double fraction) {
        const auto index = std::min(latencies_ms.size() - 1, static_cast<std::size_t>(fraction * static_cast<double>(latencies_ms.size())));
        return latencies_ms[index];
    };
    ClassReport report;
    report.name = std::move(name);
    report.queries = queries;
    double total = 0;
    for (double latency : latencies_ms) total += latency;
    report.mean_ms = total / static_cast<double>(latencies_ms.size());
    report.p50_ms = percentile(0.50);
    report.p95_ms = percentile(0.95);
    report.p99_ms = percentile(0.99);
    report.qps = 1000.0 / report.mean_ms;
    return report;
}

std::vector<SlowQuery> slowest(const std::vector<std::string>& queries, const std::vector<double>& latencies_ms,
                               std::size_t n) {
    const std::size_t passes = latencies_ms.size() / queries.size();
    std::vector<SlowQuery> medians;
    std::vector<double> own;
    for (std::size_t q = 0; q < queries.size(); ++q) {
        own.clear();
        for (std::size_t pass = 0; pass < passes; ++pass) own.push_back(latencies_ms[pass * queries.size() + q]);
        std::nth_element(own.begin(), own.begin() + static_cast<std::ptrdiff_t>(own.size() / 2), own.end());
        medians.push_back({queries[q], own[own.size() / 2]});
    }
    const auto by_latency = [](const SlowQuery& a, const SlowQuery& b) { return a.median_ms > b.median_ms; };
    const std::size_t kept = std::min(n, medians.size());
    std::partial_sort(medians.begin(), medians.begin() + static_cast<std::ptrdiff_t>(kept), medians.end(), by_latency);
    medians.resize(kept);
    return medians;
}

}  // namespace quarry::query_log
