// Intersecting a conjunction's lists a word of bits at a time, where they are dense. When the
// lead's block and every other list's blocks over the same documents are bit sets, ANDing
// their words finds the common documents 64 at a time, with nothing decoded but the lead; a
// common document's index in each block, and so its frequency and place, is the count of the
// block's bits before it (a popcount). Walking or probing those lists instead decodes each
// block into 128 documents and looks each one up.
#pragma once

#include <cstdint>
#include <vector>

#include "postings/postings_cursor.hpp"

namespace quarry::postings {

/// keep_lead_block_by_words's answer when it does not apply.
inline constexpr std::uint32_t kNotByWords = UINT32_MAX;

/// The common documents, their slots, and the other lists' frequencies and places of
/// keep_lead_block (postings/intersect.hpp), the same, by words of bits, when every list but
/// the lead holds the documents of the lead's (dense) block in dense blocks that span few
/// enough words; kNotByWords otherwise, having moved nothing but the lists' dense_run
/// pointers. The lead's frequencies and places are the caller's to fill. The other lists'
/// cursors stay where they are: behind, where a later seek catches up.
std::uint32_t keep_lead_block_by_words(const std::vector<PostingsCursor*>& lists, std::uint32_t* docs, std::uint8_t* slots,
                                       std::uint32_t* freqs, std::uint32_t* places);

}  // namespace quarry::postings
