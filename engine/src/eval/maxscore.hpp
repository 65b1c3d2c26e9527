// MaxScore (Turtle and Flood, 1995), a window of documents at a time, as Lucene's
// MaxScoreBulkScorer does: terms sorted by their score bound; the lowest-bounded terms whose
// bounds together cannot lift a document into the top k are "non-essential". Each window's
// candidates come from the essential lists, each walked on its own through the window, and are
// then taken in document order: the non-essential lists are probed (seek) only while a
// candidate can still make it, judged first by the list bounds and then by the bound of the
// block that would hold it (block-max MaxScore). While every term is essential (a low
// threshold, as top-1000 has), each list adds its scores block by block straight into one sum
// per document.
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
