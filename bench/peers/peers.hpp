// quarry-peers: Xapian and SQLite FTS5 measured the way quarry measures itself (quarry bench),
// so that the benchmark suite compares like with like. See ../shared/PEERS.md for the method.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "query_log.hpp"

namespace quarry::peers {

using query_log::QueryClass;

/// One engine's searcher. Per class: begin_class, then add_query for each query (untimed
/// preparation), then search(i) runs query i; search is the only timed call.
class Searcher {
public:
    virtual ~Searcher() = default;
    virtual std::string engine() const = 0;
    virtual std::string version() const = 0;
    /// What the engine ranks with, for the report ("algorithm" in quarry bench's JSON).
    virtual std::string algorithm() const = 0;
    virtual std::uint64_t document_count() const = 0;
    virtual void begin_class(const QueryClass& query_class) = 0;
    /// Prepares a query and keeps it as the next index of the class; false (and nothing kept)
    /// when the engine cannot express it: the query is dropped, as quarry bench drops queries
    /// with syntax errors.
    virtual bool add_query(const std::string& query) = 0;
    /// Runs the i-th added query of the current class; returns its number of results (hits
    /// returned, or the count for a count class). Throws when the engine rejects the query.
    virtual std::uint64_t search(std::size_t i) = 0;
};

std::unique_ptr<Searcher> open_xapian(const std::filesystem::path& index);
std::unique_ptr<Searcher> open_fts5(const std::filesystem::path& index);

struct BuildOptions {
    std::filesystem::path corpus;
    std::filesystem::path out;
    bool positions = true;
};

/// Builds the engine's index of `corpus` into `out`; prints build time, documents and size.
void build_xapian(const BuildOptions& options);
void build_fts5(const BuildOptions& options);

/// Times every class as quarry bench does and prints its table or its JSON.
int run_bench(Searcher& searcher, const std::string& index, const std::string& queries, std::size_t repeat, bool json);

/// Prints a Markdown table comparing the JSON reports of quarry bench / quarry-peers bench;
/// the first report is the baseline (quarry's).
int run_report(const std::vector<std::string>& files);

/// Total size of the regular files under `path` (or of `path` itself).
std::uintmax_t disk_size(const std::filesystem::path& path);

/// "12.3 s", "1.2 GB" and the like, for the build summary.
std::string human_bytes(std::uintmax_t bytes);

}  // namespace quarry::peers
