// Intersecting a block of candidate documents with a postings list by merging sorted arrays:
// the list is decoded a block at a time and walked alongside the candidates with a branchless
// step, instead of one seek per candidate. With lists of similar density a seek's "is it
// there?" branch goes either way at random; the merge has no branch to mispredict.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "postings/postings_cursor.hpp"

namespace quarry::postings {

/// Keeps the candidates `docs[0, n)` (increasing) that `list` holds and returns how many,
/// moving `list` forward past them. `slots[i]` travels with `docs[i]`; when `freqs` is not
/// null, freqs[slot] receives the list's frequency for every candidate kept.
inline std::uint32_t keep_common(PostingsCursor& list, std::uint32_t* docs, std::uint8_t* slots, std::uint32_t n,
                                 std::uint32_t* freqs) {
    std::uint32_t kept = 0, i = 0;
    std::uint8_t found_at[codec::kBlockSize];  // where in the list's block each kept candidate is
    while (i < n) {
        if (list.seek(docs[i]) == kEndDoc) break;
        const std::uint32_t* list_docs = list.block_docs();
        const std::uint32_t available = list.block_remaining();
        const std::uint32_t kept_before = kept;
        // Only the candidates up to the block's last document are merged with it; the next one
        // seeks (over the skip table) rather than walking a dense list one document at a time.
        const std::uint32_t block_last = list_docs[available - 1];
        std::uint32_t in_block = i;
        while (in_block < n && docs[in_block] <= block_last) ++in_block;
        std::uint32_t j = 0;
        while (i < in_block && j < available) {
            const std::uint32_t candidate = docs[i], held = list_docs[j];
            docs[kept] = candidate;
            slots[kept] = slots[i];
            found_at[kept] = static_cast<std::uint8_t>(j);
            kept += candidate == held;
            i += candidate <= held;
            j += held <= candidate;
        }
        // Frequencies are decoded only for the blocks that hold a candidate.
        if (freqs && kept > kept_before) {
            const std::uint32_t* list_freqs = list.block_freqs();
            for (std::uint32_t k = kept_before; k < kept; ++k) freqs[slots[k]] = list_freqs[found_at[k]];
        }
        // Candidates left are past this block: the next seek jumps over the skip table without
        // decoding the blocks in between (advancing to the next block would decode it).
        list.advance(j);
    }
    return kept;
}

/// keep_common for a list much denser than the candidates: one seek per candidate (over the
/// skip table, without decoding the blocks in between) beats walking the list.
inline std::uint32_t keep_common_by_seeking(PostingsCursor& list, std::uint32_t* docs, std::uint8_t* slots, std::uint32_t n,
                                            std::uint32_t* freqs) {
    std::uint32_t kept = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint32_t found = list.seek(docs[i]);
        if (found == kEndDoc) break;
        if (found != docs[i]) continue;
        docs[kept] = docs[i];
        slots[kept] = slots[i];
        if (freqs) freqs[slots[i]] = list.freq();
        ++kept;
    }
    return kept;
}

/// The candidates `docs[0, n)`, taken from a list of `candidate_doc_freq` documents, that
/// `list` holds: merging when the two lists are of comparable density, seeking otherwise.
inline std::uint32_t keep_held(PostingsCursor& list, std::uint64_t candidate_doc_freq, std::uint32_t* docs, std::uint8_t* slots,
                               std::uint32_t n, std::uint32_t* freqs) {
    // Measured on Gutenberg's AOL intersections and BM_IntersectBlocks: merging wins up to
    // about four times the density, seeking beyond.
    constexpr std::uint64_t kMergeRatio = 4;
    return list.doc_freq() <= kMergeRatio * candidate_doc_freq ? keep_common(list, docs, slots, n, freqs)
                                                                 : keep_common_by_seeking(list, docs, slots, n, freqs);
}

/// A conjunction walked a block of its rarest list at a time: moves the lead, `lists[0]`, to
/// its first document that no other list has passed. False once some list is exhausted (no
/// more matches).
inline bool align_lead(const std::vector<PostingsCursor*>& lists) {
    std::uint32_t furthest = 0;
    for (const PostingsCursor* list : lists) furthest = std::max(furthest, list->doc());
    return furthest != kEndDoc && lists[0]->seek(furthest) != kEndDoc;
}

/// The rest of the lead's current block as candidates (`docs`, slot i for docs[i]), kept where
/// every other list holds them, and how many. When `freqs` is not null, list l's frequencies
/// go to freqs[l * kBlockSize + slot] (not the lead's). The lead stays on its block.
inline std::uint32_t keep_lead_block(const std::vector<PostingsCursor*>& lists, std::uint32_t* docs, std::uint8_t* slots,
                                     std::uint32_t* freqs) {
    const PostingsCursor& lead = *lists[0];
    std::uint32_t n = lead.block_remaining();
    std::copy_n(lead.block_docs(), n, docs);
    for (std::uint32_t i = 0; i < n; ++i) slots[i] = static_cast<std::uint8_t>(i);
    for (std::size_t l = 1; l < lists.size() && n > 0; ++l)
        n = keep_held(*lists[l], lead.doc_freq(), docs, slots, n, freqs ? freqs + l * codec::kBlockSize : nullptr);
    return n;
}

}  // namespace quarry::postings
