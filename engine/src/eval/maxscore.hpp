// MaxScore (Turtle and Flood, 1995), document at a time as in PISA: terms sorted by their
// score bound; the lowest-bounded terms whose bounds together cannot lift a document into the
// top k are "non-essential" and are only probed (seek) for documents that the essential terms
// bring up, and only while the document can still make it, judged first by the list bounds and
// then by the bound of the block that would hold the document (block-max MaxScore).
#pragma once

#include <vector>

#include "eval/term_cursors.hpp"
#include "eval/topk_queue.hpp"

namespace quarry::eval {

/// Feeds `top` the documents of the union of `cursors` that can enter it (doc numbers offset
/// by `doc_base`), skipping those in the `deleted` bitmap (null: none). Returns the number of
/// documents scored.
std::uint64_t collect_maxscore(std::vector<TermCursor>& cursors, std::uint64_t doc_base, const std::uint8_t* deleted,
                               TopKQueue& top);

}  // namespace quarry::eval
