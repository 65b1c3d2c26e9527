// Top-k over a conjunction of terms, a block of the rarest list at a time: the block's
// documents are the candidates, each other list keeps those it holds by merging (with their
// frequencies), and the survivors are scored. Block-max skipping: before that, the bounds of
// every list over the block's range are added up, and if they cannot beat the threshold the
// block is passed over without decoding anything in the other lists.
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
