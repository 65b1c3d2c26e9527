// Query logs for the end-to-end benchmark, shared by `quarry bench` and the peers of the
// benchmark suite (bench/peers) so that every engine runs exactly the same query classes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace quarry::query_log {

/// A query class: its name, k (0 when only counting) and its queries as written in the file.
struct QueryClass {
    std::string name;
    std::size_t k = 0;
    bool count_only = false;
    std::vector<std::string> queries;
};

/// The classes of a query file: the search-benchmark-game's tagged JSON Lines (each line's first
/// tag gives its class: union, intersection, phrase...) or one query per line (ranked unions).
/// "term" is every distinct word of the union queries, so that it holds long and short lists.
/// Throws quarry::InputError naming file and line for a malformed line, IoError if unreadable.
std::vector<QueryClass> load_query_classes(const std::string& path);

/// A query and its median latency over the timed passes.
struct SlowQuery {
    std::string query;
    double median_ms = 0;
};

/// Latency figures of one class.
struct ClassReport {
    std::string name;
    std::size_t queries = 0;
    double mean_ms = 0, p50_ms = 0, p95_ms = 0, p99_ms = 0, qps = 0;
    std::vector<SlowQuery> slowest;  // the tail's queries, slowest first, when asked for
};

/// Mean, percentiles (the element at floor(fraction * n) of the sorted latencies) and
/// queries per second (1000 / mean) of `latencies_ms`. REQUIRES: not empty.
ClassReport summarize(std::string name, std::size_t queries, std::vector<double> latencies_ms);

/// The `n` queries with the largest median latency, slowest first. `latencies_ms` holds whole
/// passes over `queries` in order (pass 0's queries, then pass 1's...). REQUIRES: queries not
/// empty and latencies_ms.size() a multiple of queries.size().
std::vector<SlowQuery> slowest(const std::vector<std::string>& queries, const std::vector<double>& latencies_ms,
                               std::size_t n);

}  // namespace quarry::query_log
