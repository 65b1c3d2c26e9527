// Counting matches without scoring them (`--count`), for the two shapes that dominate query
// logs: a union of terms (Lucene-style bit sets, a window at a time: each list sets its
// documents' bits block by block, and a window's count is a popcount) and a conjunction of terms
// (the rarest list leads and the others seek, or, for lists of similar density, windows of their
// bits are ANDed).
#pragma once

#include <cstdint>
#include <vector>

#include "eval/term_cursors.hpp"

namespace quarry::eval {

/// Documents in any of `cursors`, not counting those in the `deleted` bitmap (null: none).
std::uint64_t count_union(std::vector<TermCursor>& cursors, const std::uint8_t* deleted, std::uint32_t doc_count);

/// Documents in every one of `cursors` (none if it is empty), not counting deleted ones.
std::uint64_t count_conjunction(std::vector<TermCursor>& cursors, const std::uint8_t* deleted, std::uint32_t doc_count);

}  // namespace quarry::eval
