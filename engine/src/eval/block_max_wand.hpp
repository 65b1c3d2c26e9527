// Block-Max WAND (Ding and Suel, 2011): terms kept in document order; the pivot is the first
// document whose terms' list-wide bounds could beat the threshold, and it is then checked
// against the bounds of the blocks that hold it, so that whole blocks are skipped (without
// being decoded) whenever their bounds together fall short.
#pragma once

#include <vector>

#include "eval/term_cursors.hpp"
#include "eval/topk_queue.hpp"

namespace quarry::eval {

/// As collect_maxscore. Returns the number of documents scored.
std::uint64_t collect_block_max_wand(std::vector<TermCursor>& cursors, std::uint64_t doc_base, const std::uint8_t* deleted,
                                     TopKQueue& top);

}  // namespace quarry::eval
