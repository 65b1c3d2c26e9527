// Top-k over a conjunction of terms with block-max skipping: before aligning the cursors on a
// candidate, the bounds of the blocks that would hold it are added up, and if they cannot beat
// the threshold the whole stretch up to the nearest block end is skipped without decoding.
#pragma once

#include <vector>

#include "eval/term_cursors.hpp"
#include "eval/topk_queue.hpp"

namespace quarry::eval {

/// Feeds `top` the documents holding every term of `cursors` that can enter it. Returns the
/// number of documents scored.
/// Documents in the `deleted` bitmap (null: none) are skipped.
std::uint64_t collect_block_max_and(std::vector<TermCursor>& cursors, std::uint64_t doc_base, const std::uint8_t* deleted,
                                    TopKQueue& top);

}  // namespace quarry::eval
