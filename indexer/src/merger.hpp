// Merges segments into one, dropping deleted documents: a streaming k-way merge of the term
// dictionaries in key order, each term's postings read through cursors, renumbered and written
// again, so that memory holds one term's postings at a time (plus the field lengths).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "index/manifest.hpp"
#include "index/segment_reader.hpp"

namespace quarry::indexer {

/// Writes segment `name` in `dir` holding the live documents of `segments`, in their order.
index::SegmentMeta merge_segments(const std::filesystem::path& dir, const std::string& name,
                                  const std::vector<std::shared_ptr<index::SegmentReader>>& segments);

}  // namespace quarry::indexer
