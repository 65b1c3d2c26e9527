// A synthetic index shared by the micro-benchmarks: built once per process in a temp dir.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "index/segment_reader.hpp"
#include "quarry/document.hpp"

namespace quarry::bench {

/// Documents of Zipf-distributed words (about 100 words each), deterministic.
std::vector<Document> synthetic_documents(std::size_t count);

/// The index built from synthetic_documents(20000), opened as its single segment.
const index::SegmentReader& bench_segment();

/// Words of the synthetic vocabulary, most frequent first.
const std::vector<std::string>& bench_vocabulary();

/// The dictionary key (default field) of the word of this frequency rank, as analysed.
std::string bench_key(std::size_t rank);

}  // namespace quarry::bench
