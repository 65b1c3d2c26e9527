#include "eval/maxscore.hpp"

#include <algorithm>
#include <array>
#include <bit>

#include "index/deletions.hpp"

namespace quarry::eval {
namespace {

// Documents are gathered a window at a time: each essential list is walked through the window
// on its own, in a tight loop (no merging of cursors document by document, which cost more
// than the scoring), and the window's candidates are then taken in document order. 2048
// documents keep the window's tables in the L1 and L2 caches.
constexpr std::uint32_t kWindow = 2048;
constexpr std::uint16_t kNoSlot = 0xFFFF;

struct Window {
    std::array<std::uint64_t, kWindow / 64> present{};  // candidates, as bits
    std::array<double, kWindow> sums{};                 // dense mode: each candidate's score
    std::array<std::uint16_t, kWindow> slot;            // each candidate's row in `parts`
    std::vector<double> parts;                          // a row of per-term scores per candidate
    // The candidates that the non-essential lists could still lift past the threshold.
    std::array<std::uint16_t, kWindow> survivor_offset;
    std::array<std::uint16_t, kWindow> survivor_row;
    std::array<double, kWindow> survivor_partial;
    std::size_t columns = 0;                            // terms in the query
    std::uint16_t rows = 0;

    explicit Window(std::size_t order_count) : parts(std::size_t{kWindow} * order_count), columns(order_count) {
        slot.fill(kNoSlot);
    }
    double* row_for(std::uint32_t offset) {
        if (slot[offset] == kNoSlot) {
            present[offset / 64] |= std::uint64_t{1} << (offset % 64);
            slot[offset] = rows++;
            std::fill_n(&parts[std::size_t{slot[offset]} * columns], columns, 0.0);
        }
        return &parts[std::size_t{slot[offset]} * columns];
    }
};

// Adds every list's parts for the documents in [window_start, window_end) a block at a time,
// `by_order` in query order, then offers the window's documents to `top`.
std::uint64_t collect_dense_window(const std::vector<TermCursor*>& by_order, std::uint32_t window_start,
                                   std::uint32_t window_end, std::uint64_t doc_base, const std::uint8_t* deleted,
                                   Window& window, TopKQueue& top) {
    for (TermCursor* term : by_order) {
        postings::PostingsCursor& cursor = term->cursor;
        while (cursor.doc() < window_end) {
            const std::uint32_t* docs = cursor.block_docs();
            const std::uint32_t* freqs = cursor.block_freqs();
            const std::uint32_t n = cursor.block_remaining_below(window_end);
            for (std::uint32_t j = 0; j < n; ++j) {
                const std::uint32_t offset = docs[j] - window_start;
                window.present[offset / 64] |= std::uint64_t{1} << (offset % 64);
                window.sums[offset] += term->bm25.score(freqs[j], term->lengths[docs[j]]);
            }
            cursor.advance(n);
        }
    }
    std::uint64_t scored = 0;
    static_assert(TopKQueue::kBatch >= 64, "a word of the window's bits is one batch");
    for (std::size_t word = 0; word < window.present.size(); ++word) {
        ScoredDoc* batch = top.buffered() ? top.batch() : nullptr;
        std::size_t added = 0;
        for (std::uint64_t bits = window.present[word]; bits != 0; bits &= bits - 1) {
            const auto offset = static_cast<std::uint32_t>(word * 64 + static_cast<unsigned>(std::countr_zero(bits)));
            const double sum = window.sums[offset];
            window.sums[offset] = 0.0;
            const std::uint32_t doc = window_start + offset;
            if (index::is_deleted(deleted, doc)) continue;
            ++scored;
            if (batch) {
                batch[added] = {sum, doc_base + doc};
                added += top.admits_later(sum);
            } else {
                top.push(sum, doc_base + doc);
            }
        }
        if (batch) top.commit(added);
        window.present[word] = 0;
    }
    return scored;
}

}  // namespace

std::uint64_t collect_maxscore(std::vector<TermCursor>& all_cursors, std::uint64_t doc_base, const std::uint8_t* deleted,
                               TopKQueue& top) {
    if (all_cursors.empty()) return 0;
    auto [cursors, order_count] = refer_to(all_cursors);
    std::sort(cursors.begin(), cursors.end(), [](const TermCursor* a, const TermCursor* b) { return a->max_score < b->max_score; });
    const std::size_t count = cursors.size();
    // bound_below[i]: the sum of the bounds of cursors 0..i (the non-essential candidates).
    std::vector<double> bound_below(count);
    double running = 0;
    for (std::size_t i = 0; i < count; ++i) bound_below[i] = running += cursors[i]->max_score;

    std::size_t first_essential = 0;
    double threshold = top.threshold();
    auto update_essentials = [&] {
        while (first_essential < count && bound_below[first_essential] <= threshold) ++first_essential;
    };
    update_essentials();

    Window window(order_count);
    std::vector<TermCursor*> by_order = cursors;
    std::sort(by_order.begin(), by_order.end(), [](const TermCursor* a, const TermCursor* b) { return a->order < b->order; });
    std::uint64_t scored = 0;
    while (first_essential < count) {
        std::uint32_t window_start = kEndDoc;
        for (std::size_t i = first_essential; i < count; ++i) window_start = std::min(window_start, cursors[i]->cursor.doc());
        if (window_start == kEndDoc) break;
        const std::uint32_t window_end = window_start + std::min<std::uint32_t>(kWindow, kEndDoc - window_start);

        if (first_essential == 0) {
            // Every term is essential (a low threshold: top-1000, or the start of a query).
            // Nothing is probed later, so each list adds its parts straight into one sum per
            // document, in query order, which is the order sum_in_query_order adds them in.
            scored += collect_dense_window(by_order, window_start, window_end, doc_base, deleted, window, top);
            threshold = top.threshold();
            update_essentials();
            continue;
        }

        // A survivor, in document order: the non-essential lists are probed only while the
        // candidate can still make it, first by the list bounds, then by the block bounds.
        const auto probe_and_offer = [&](std::uint32_t doc, double partial, double* parts) {
            for (std::size_t i = first_essential; i-- > 0;) {
                if (partial + bound_below[i] <= threshold) return;
                TermCursor& term = *cursors[i];
                if (!term.cursor.shallow_seek(doc)) continue;
                const double rest = i > 0 ? bound_below[i - 1] : 0.0;
                if (partial + term.block_max_score() + rest <= threshold) {
                    if (rest == 0.0 || partial + rest <= threshold) return;
                    continue;
                }
                if (term.cursor.seek(doc) == doc) {
                    const double part = term.score();
                    parts[term.order] = part;
                    partial += part;
                }
            }
            ++scored;
            if (top.push(sum_in_query_order(parts, order_count), doc_base + doc)) threshold = top.threshold();
        };
        const double best_rest = bound_below[first_essential - 1];

        if (first_essential + 1 == count) {
            // One essential list (a two-word query once the threshold passes the rarer word's
            // bound, most of top-10's time): its blocks are scored straight from the decoded
            // arrays, and only the documents the other lists could lift past the threshold are
            // kept, without a branch each; no candidate table.
            TermCursor& term = *cursors[first_essential];
            postings::PostingsCursor& cursor = term.cursor;
            while (cursor.doc() < window_end) {
                // Blocks whose bound, with the other lists' best, cannot beat the threshold are
                // passed over without being decoded.
                cursor.shallow_seek(cursor.doc());
                if (term.block_max_score() + best_rest <= threshold) {
                    std::uint32_t last = cursor.shallow_last_doc();
                    while (last + 1 < window_end && cursor.shallow_seek(last + 1) && term.block_max_score() + best_rest <= threshold)
                        last = cursor.shallow_last_doc();
                    cursor.seek(last + 1);
                    continue;
                }
                const std::uint32_t* docs = cursor.block_docs();
                const std::uint32_t* freqs = cursor.block_freqs();
                const std::uint32_t n = cursor.block_remaining_below(window_end);
                std::uint32_t survivors = 0;
                for (std::uint32_t j = 0; j < n; ++j) {
                    const double part = term.bm25.score(freqs[j], term.lengths[docs[j]]);
                    window.survivor_offset[survivors] = static_cast<std::uint16_t>(j);
                    window.survivor_partial[survivors] = part;
                    survivors += part + best_rest > threshold;
                }
                for (std::uint32_t at = 0; at < survivors; ++at) {
                    const std::uint32_t doc = docs[window.survivor_offset[at]];
                    if (index::is_deleted(deleted, doc)) continue;
                    double* parts = window.parts.data();
                    std::fill_n(parts, order_count, 0.0);
                    parts[term.order] = window.survivor_partial[at];
                    probe_and_offer(doc, window.survivor_partial[at], parts);
                }
                cursor.advance(n);
            }
            update_essentials();
            continue;
        }

        // Essential lists: every document in the window becomes a candidate with its part.
        for (std::size_t i = first_essential; i < count; ++i) {
            TermCursor& term = *cursors[i];
            for (std::uint32_t doc = term.cursor.doc(); doc < window_end; doc = term.cursor.next())
                window.row_for(doc - window_start)[term.order] = term.score();
        }

        // First, without a branch per candidate, the window's candidates that the
        // non-essential lists' bounds could still lift past the threshold: with a high
        // threshold (top-10) most are not, and which ones is a coin toss for the branch
        // predictor.
        std::uint32_t survivors = 0;
        for (std::size_t word = 0; word < window.present.size(); ++word) {
            for (std::uint64_t bits = window.present[word]; bits != 0; bits &= bits - 1) {
                const auto offset = static_cast<std::uint32_t>(word * 64 + static_cast<unsigned>(std::countr_zero(bits)));
                const std::uint16_t row = window.slot[offset];
                window.slot[offset] = kNoSlot;
                const double* parts = &window.parts[std::size_t{row} * window.columns];
                double partial = 0;
                for (std::size_t c = 0; c < window.columns; ++c) partial += parts[c];
                window.survivor_offset[survivors] = static_cast<std::uint16_t>(offset);
                window.survivor_row[survivors] = row;
                window.survivor_partial[survivors] = partial;
                survivors += partial + best_rest > threshold;
            }
            window.present[word] = 0;
        }

        for (std::uint32_t at = 0; at < survivors; ++at) {
            const std::uint32_t doc = window_start + window.survivor_offset[at];
            if (index::is_deleted(deleted, doc)) continue;
            probe_and_offer(doc, window.survivor_partial[at], &window.parts[std::size_t{window.survivor_row[at]} * window.columns]);
        }
        window.rows = 0;
        update_essentials();
    }
    return scored;
}

}  // namespace quarry::eval
