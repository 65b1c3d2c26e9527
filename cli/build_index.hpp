// Building an index from corpus files, shared by `quarry index` and `quarry eval --collection`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "quarry/index_writer.hpp"

namespace quarry::cli {

struct BuildRequest {
    std::filesystem::path index;
    std::vector<std::filesystem::path> corpus;  ///< empty: the built-in sample corpus
    std::string format = "auto";
    bool skip_bad = false;
    bool replace_existing = false;
    bool append = false;  ///< add to (or create) the index; ids already there are replaced
    IndexOptions options;
};

struct BuildReport {
    std::uint64_t documents = 0;
    std::uint64_t skipped = 0;     ///< bad records and duplicate ids skipped (skip_bad only)
    std::uint64_t duplicates = 0;
    std::uint64_t bytes = 0;
    double seconds = 0;
};

/// A sensible default for IndexOptions::memory_budget: an eighth of the machine's memory.
std::uint64_t default_memory_budget();

/// Reads the corpus and commits it as a new index (or, with `append`, adds it). On any error nothing is committed, and a
/// directory the call created is removed again. Skipped records are reported on stderr.
BuildReport build_index(const BuildRequest& request);

}  // namespace quarry::cli
