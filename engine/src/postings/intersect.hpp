// Intersecting a block of candidate documents with a postings list. With lists of similar
// density the list is decoded a block at a time and walked, instead of one seek per candidate
// (a seek's "is it there?" branch goes either way at random): its documents look themselves up
// in a table of the candidates when these lie close together, or are merged with them by a
// branchless step. A much denser list is sought candidate by candidate over its skip table.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "postings/intersect_words.hpp"
#include "postings/postings_cursor.hpp"

namespace quarry::postings {

/// Compacts the candidates to those at kept_from[0, kept) (increasing) and returns kept.
inline std::uint32_t compact_kept(std::uint32_t* docs, std::uint8_t* slots, const std::uint8_t* kept_from, std::uint32_t kept) {
    for (std::uint32_t k = 0; k < kept; ++k) {  // kept_from[k] >= k: in place, front to back
        docs[k] = docs[kept_from[k]];
        slots[k] = slots[kept_from[k]];
    }
    return kept;
}

/// For the candidates kept at [from, to) while `list` is on a block (kept_from[k]: the
/// candidate's index in the batch; found_at[k]: its index from list.block_docs()), the list's
/// frequency into freqs[slot] and its place into places[slot], each when not null.
/// Frequencies are decoded only for a block that holds a candidate.
inline void record_kept(PostingsCursor& list, const std::uint8_t* slots, const std::uint8_t* kept_from, const std::uint8_t* found_at,
                        std::uint32_t from, std::uint32_t to, std::uint32_t* freqs, std::uint32_t* places) {
    if (from == to) return;
    if (freqs) {
        const std::uint32_t* list_freqs = list.block_freqs();
        for (std::uint32_t k = from; k < to; ++k) freqs[slots[kept_from[k]]] = list_freqs[found_at[k]];
    }
    if (places) {
        for (std::uint32_t k = from; k < to; ++k) places[slots[kept_from[k]]] = list.place_ahead(found_at[k]);
    }
}

/// Keeps the candidates `docs[0, n)` (increasing) that `list` holds and returns how many,
/// moving `list` forward past them. `slots[i]` travels with `docs[i]`; when `freqs` is not
/// null, freqs[slot] receives the list's frequency for every candidate kept; when `places` is
/// not null, places[slot] receives where the list holds it (PostingsCursor::place_ahead).
inline std::uint32_t keep_common(PostingsCursor& list, std::uint32_t* docs, std::uint8_t* slots, std::uint32_t n,
                                 std::uint32_t* freqs, std::uint32_t* places) {
    // Matches are recorded by index (in docs, and in the list's block) and the candidates
    // compacted at the end: compacting in place during the merge would make each step wait
    // for the previous step's store.
    std::uint8_t kept_from[codec::kBlockSize + 1];
    std::uint8_t found_at[codec::kBlockSize + 1];
    std::uint32_t kept = 0, i = 0;
    while (i < n) {
        if (list.seek(docs[i]) == kEndDoc) break;
        const std::uint32_t* list_docs = list.block_docs();
        const std::uint32_t available = list.block_remaining();
        // Only the candidates up to the block's last document are merged with it; the next one
        // seeks (over the skip table) rather than walking a dense list one document at a time.
        const std::uint32_t block_last = list_docs[available - 1];
        std::uint32_t in_block = i;
        while (in_block < n && docs[in_block] <= block_last) ++in_block;
        const std::uint32_t kept_before = kept;
        std::uint32_t j = 0;
        while (i < in_block && j < available) {
            const std::uint32_t candidate = docs[i], held = list_docs[j];
            kept_from[kept] = static_cast<std::uint8_t>(i);
            found_at[kept] = static_cast<std::uint8_t>(j);
            kept += candidate == held;
            i += candidate <= held;
            j += held <= candidate;
        }
        record_kept(list, slots, kept_from, found_at, kept_before, kept, freqs, places);
        // Candidates left are past this block: the next seek jumps over the skip table without
        // decoding the blocks in between (advancing to the next block would decode it).
        list.advance(j);
    }
    return compact_kept(docs, slots, kept_from, kept);
}

/// keep_common for a list much denser than the candidates: one seek per candidate (over the
/// skip table, without decoding the blocks in between) beats walking the list.
inline std::uint32_t keep_common_by_seeking(PostingsCursor& list, std::uint32_t* docs, std::uint8_t* slots, std::uint32_t n,
                                            std::uint32_t* freqs, std::uint32_t* places) {
    std::uint32_t kept = 0;
    // Where the list's block is dense, its bit set answers without decoding the block: whether
    // it holds the candidate, where (the bits before it), and its frequency, read alone.
    // Whether the list holds a candidate is close to random, so the candidate is written either
    // way and kept by adding the answer: a branch on it would be mispredicted about as often as
    // not. Only where frequencies or places are asked for does a found one branch.
    for (std::uint32_t i = 0; i < n; ++i) {
        const int dense_answer = list.holds_if_dense(docs[i]);
        if (dense_answer >= 0) {
            if ((freqs || places) && dense_answer == 1) {
                const std::uint32_t place = list.dense_place(docs[i]);
                if (freqs) freqs[slots[i]] = list.dense_freq(place);
                if (places) places[slots[i]] = place;
            }
            docs[kept] = docs[i];
            slots[kept] = slots[i];
            kept += static_cast<std::uint32_t>(dense_answer);
            continue;
        }
        const std::uint32_t found = list.seek(docs[i]);
        if (found == kEndDoc) break;
        const bool held = found == docs[i];
        if ((freqs || places) && held) {
            if (freqs) freqs[slots[i]] = list.freq();
            if (places) places[slots[i]] = list.place_ahead(0);
        }
        docs[kept] = docs[i];
        slots[kept] = slots[i];
        kept += held;
    }
    return kept;
}

/// Widest range of documents keep_common_by_probing covers: its table takes a byte per
/// document of the range (8 KiB stays in the L1 cache).
inline constexpr std::uint32_t kProbeSpan = 8192;

/// keep_common for candidates within kProbeSpan documents of each other: each candidate's index
/// is written into a table at its offset from the first, and the list's documents in the range
/// look themselves up in it. One load per document of the list, no comparison that depends on
/// the other list, and no merge step waiting for the one before.
/// REQUIRES: n > 0, docs[n - 1] - docs[0] < kProbeSpan.
inline std::uint32_t keep_common_by_probing(PostingsCursor& list, std::uint32_t* docs, std::uint8_t* slots, std::uint32_t n,
                                            std::uint32_t* freqs, std::uint32_t* places) {
    static constexpr std::uint8_t kAbsent = 0xff;  // candidates are at most a block: indexes < 128
    thread_local const auto index_at = [] {
        auto table = std::make_unique<std::uint8_t[]>(kProbeSpan);
        std::fill_n(table.get(), kProbeSpan, kAbsent);
        return table;
    }();
    const std::uint32_t first = docs[0], end = docs[n - 1] + 1;
    for (std::uint32_t i = 0; i < n; ++i) index_at[docs[i] - first] = static_cast<std::uint8_t>(i);
    std::uint8_t kept_from[codec::kBlockSize + 1];
    std::uint8_t found_at[codec::kBlockSize + 1];
    std::uint32_t kept = 0;
    if (list.seek(first) < end) {
        while (true) {
            const std::uint32_t* list_docs = list.block_docs();
            const std::uint32_t in_range = list.block_remaining_below(end);
            const std::uint32_t kept_before = kept;
            for (std::uint32_t j = 0; j < in_range; ++j) {
                const std::uint8_t at = index_at[list_docs[j] - first];
                kept_from[kept] = at;
                found_at[kept] = static_cast<std::uint8_t>(j);
                kept += at != kAbsent;
            }
            record_kept(list, slots, kept_from, found_at, kept_before, kept, freqs, places);
            if (list.advance(in_range) >= end) break;  // the next block, when this one ends in range
        }
    }
    for (std::uint32_t i = 0; i < n; ++i) index_at[docs[i] - first] = kAbsent;
    return compact_kept(docs, slots, kept_from, kept);
}

/// The candidates `docs[0, n)`, taken from a list of `candidate_doc_freq` documents, that
/// `list` holds: probing or merging when the two lists are of comparable density, seeking
/// otherwise.
inline std::uint32_t keep_held(PostingsCursor& list, std::uint64_t candidate_doc_freq, std::uint32_t* docs, std::uint8_t* slots,
                               std::uint32_t n, std::uint32_t* freqs, std::uint32_t* places) {
    // Measured on Gutenberg's AOL intersections and BM_IntersectBlocks: walking the list wins
    // up to about four times the density, seeking beyond.
    constexpr std::uint64_t kWalkRatio = 4;
    if (list.doc_freq() > kWalkRatio * candidate_doc_freq) return keep_common_by_seeking(list, docs, slots, n, freqs, places);
    if (docs[n - 1] - docs[0] < kProbeSpan) return keep_common_by_probing(list, docs, slots, n, freqs, places);
    return keep_common(list, docs, slots, n, freqs, places);
}

/// Orders a conjunction's lists rarest first: the rarest leads (align_lead, keep_lead_block).
inline void rarest_first(std::vector<PostingsCursor*>& lists) {
    std::sort(lists.begin(), lists.end(), [](const PostingsCursor* a, const PostingsCursor* b) { return a->doc_freq() < b->doc_freq(); });
}

/// A conjunction walked a block of its rarest list at a time: moves the lead, `lists[0]`, to
/// its first document that no other list has passed. False once some list is exhausted (no
/// more matches).
inline bool align_lead(const std::vector<PostingsCursor*>& lists) {
    std::uint32_t furthest = 0;
    for (const PostingsCursor* list : lists) furthest = std::max(furthest, list->doc());
    return furthest != kEndDoc && lists[0]->seek(furthest) != kEndDoc;
}

/// Room for the candidates keep_lead_block keeps of a block: their documents and slots.
struct alignas(4096) LeadBlockCandidates {
    std::uint32_t docs[codec::kBlockSize];
    std::uint8_t slots[codec::kBlockSize];
    double scores[codec::kBlockSize];  // for a collector that scores the kept candidates together
};

/// The calling thread's LeadBlockCandidates, for a collector to fill a block at a time (it is
/// not reentrant: one collector at a time). On a page of its own rather than on the stack:
/// there, where the arrays fell against the lists' own arrays changed with the stack's random
/// offset, and "times union" took 0.043 ms in some processes and 0.068 ms in others (a load
/// waits on an earlier store to an address 4 KiB apart as if it were the same).
inline LeadBlockCandidates& lead_block_candidates() {
    thread_local LeadBlockCandidates candidates;
    return candidates;
}

/// The rest of the lead's current block as candidates (`docs`, slot i for docs[i]), kept where
/// every other list holds them, and how many. When `freqs` is not null, list l's frequencies
/// (the lead's too) go to freqs[l * kBlockSize + slot], decoded only for a block where a
/// candidate is kept. Likewise when `places` is not null, where each list holds each kept
/// candidate (PostingsCursor::place_ahead), for a cursor to go straight to its positions (positions_at).
/// The lead stays on its block.
inline std::uint32_t keep_lead_block(const std::vector<PostingsCursor*>& lists, std::uint32_t* docs, std::uint8_t* slots,
                                     std::uint32_t* freqs, std::uint32_t* places = nullptr) {
    PostingsCursor& lead = *lists[0];
    std::uint32_t n = keep_lead_block_by_words(lists, docs, slots, freqs, places);
    if (n == kNotByWords) {
        n = lead.block_remaining();
        std::copy_n(lead.block_docs(), n, docs);
        for (std::uint32_t i = 0; i < n; ++i) slots[i] = static_cast<std::uint8_t>(i);
        for (std::size_t l = 1; l < lists.size() && n > 0; ++l) {
            n = keep_held(*lists[l], lead.doc_freq(), docs, slots, n, freqs ? freqs + l * codec::kBlockSize : nullptr,
                          places ? places + l * codec::kBlockSize : nullptr);
        }
    }
    if (freqs && n > 0) {
        const std::uint32_t* lead_freqs = lead.block_freqs();
        for (std::uint32_t i = 0; i < n; ++i) freqs[slots[i]] = lead_freqs[slots[i]];
    }
    if (places) {
        for (std::uint32_t i = 0; i < n; ++i) places[slots[i]] = lead.place_ahead(slots[i]);
    }
    return n;
}

}  // namespace quarry::postings
