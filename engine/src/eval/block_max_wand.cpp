#include "eval/block_max_wand.hpp"

#include <algorithm>

#include "index/deletions.hpp"

namespace quarry::eval {

std::uint64_t collect_block_max_wand(std::vector<TermCursor>& cursors, std::uint64_t doc_base, const std::uint8_t* deleted,
                                     TopKQueue& top) {
    auto [by_doc, order_count] = refer_to(cursors);
    std::vector<double> parts(order_count, 0.0);
    auto doc_order = [](const TermCursor* a, const TermCursor* b) { return a->cursor.doc() < b->cursor.doc(); };
    std::sort(by_doc.begin(), by_doc.end(), doc_order);
    const std::size_t count = by_doc.size();
    double threshold = top.threshold();
    std::uint64_t scored = 0;

    while (true) {
        // Pivot: the first cursor at which the list-wide bounds, added in document order,
        // exceed the threshold; every document before its document falls short.
        double bound = 0;
        std::size_t pivot = count;
        for (std::size_t i = 0; i < count && by_doc[i]->cursor.doc() != kEndDoc; ++i) {
            bound += by_doc[i]->max_score;
            if (bound > threshold) {
                pivot = i;
                break;
            }
        }
        if (pivot == count) break;
        const std::uint32_t pivot_doc = by_doc[pivot]->cursor.doc();
        while (pivot + 1 < count && by_doc[pivot + 1]->cursor.doc() == pivot_doc) ++pivot;

        double block_bound = 0;
        for (std::size_t i = 0; i <= pivot; ++i) {
            by_doc[i]->cursor.shallow_seek(pivot_doc);
            block_bound += by_doc[i]->block_max_score();
        }
        if (block_bound > threshold) {
            if (by_doc[0]->cursor.doc() == pivot_doc && index::is_deleted(deleted, pivot_doc)) {
                for (std::size_t i = 0; i <= pivot; ++i) by_doc[i]->cursor.next();
            } else if (by_doc[0]->cursor.doc() == pivot_doc) {
                // Every cursor up to the pivot is on the pivot document: score it.
                double partial = 0;
                for (std::size_t i = 0; i <= pivot; ++i) {
                    const double part = by_doc[i]->score();
                    parts[by_doc[i]->order] = part;
                    partial += part;
                }
                ++scored;
                (void)partial;
                if (top.push(sum_in_query_order(parts.data(), order_count), doc_base + pivot_doc)) threshold = top.threshold();
                std::fill(parts.begin(), parts.end(), 0.0);
                for (std::size_t i = 0; i <= pivot; ++i) by_doc[i]->cursor.next();
            } else {
                for (std::size_t i = 0; i < pivot && by_doc[i]->cursor.doc() < pivot_doc; ++i) by_doc[i]->cursor.seek(pivot_doc);
            }
        } else {
            // No document before the end of the shortest of these blocks (nor before the next
            // cursor's document) can make it: jump there.
            std::uint32_t next = kEndDoc;
            for (std::size_t i = 0; i <= pivot; ++i) next = std::min(next, by_doc[i]->cursor.shallow_last_doc());
            next = next == kEndDoc ? kEndDoc : next + 1;
            if (pivot + 1 < count) next = std::min(next, by_doc[pivot + 1]->cursor.doc());
            if (next <= pivot_doc) next = pivot_doc + 1;
            for (std::size_t i = 0; i <= pivot; ++i) by_doc[i]->cursor.seek(next);
        }
        // Restore document order (insertion sort: only the moved cursors are out of place).
        for (std::size_t i = 1; i < count; ++i)
            for (std::size_t j = i; j > 0 && doc_order(by_doc[j], by_doc[j - 1]); --j) std::swap(by_doc[j], by_doc[j - 1]);
    }
    return scored;
}

}  // namespace quarry::eval
