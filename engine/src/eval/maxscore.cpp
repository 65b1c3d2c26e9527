#include "eval/maxscore.hpp"

#include <algorithm>

#include "index/deletions.hpp"

namespace quarry::eval {

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
    std::vector<double> parts(order_count, 0.0);

    std::size_t first_essential = 0;
    double threshold = top.threshold();
    while (first_essential < count && bound_below[first_essential] <= threshold) ++first_essential;

    std::uint32_t current = kEndDoc;
    for (std::size_t i = first_essential; i < count; ++i) current = std::min(current, cursors[i]->cursor.doc());
    std::uint64_t scored = 0;
    while (current != kEndDoc && first_essential < count) {
        if (index::is_deleted(deleted, current)) {
            for (std::size_t i = first_essential; i < count; ++i)
                if (cursors[i]->cursor.doc() == current) cursors[i]->cursor.next();
            current = kEndDoc;
            for (std::size_t i = first_essential; i < count; ++i) current = std::min(current, cursors[i]->cursor.doc());
            continue;
        }
        double partial = 0;
        std::uint32_t next = kEndDoc;
        for (std::size_t i = first_essential; i < count; ++i) {
            TermCursor& term = *cursors[i];
            if (term.cursor.doc() == current) {
                const double part = term.score();
                parts[term.order] = part;
                partial += part;
                term.cursor.next();
            }
            next = std::min(next, term.cursor.doc());
        }
        bool alive = true;
        for (std::size_t i = first_essential; i-- > 0;) {
            if (partial + bound_below[i] <= threshold) {
                alive = false;
                break;
            }
            TermCursor& term = *cursors[i];
            // The bound of the block that would hold `current` is tighter than the list's: when
            // it cannot help, neither decode the block nor score.
            if (!term.cursor.shallow_seek(current)) continue;
            const double rest = i > 0 ? bound_below[i - 1] : 0.0;
            if (partial + term.block_max_score() + rest <= threshold) {
                if (rest == 0.0 || partial + rest <= threshold) {
                    alive = false;
                    break;
                }
                continue;
            }
            if (term.cursor.seek(current) == current) {
                const double part = term.score();
                parts[term.order] = part;
                partial += part;
            }
        }
        if (alive) {
            ++scored;
            if (top.push(sum_in_query_order(parts.data(), order_count), doc_base + current)) {
                threshold = top.threshold();
                while (first_essential < count && bound_below[first_essential] <= threshold) ++first_essential;
            }
        }
        std::fill(parts.begin(), parts.end(), 0.0);
        current = next;
        // Essential cursors may have moved past `next` only by being on `current`; once some
        // cursors turn non-essential, `next` must come from the essential ones alone.
        if (first_essential > 0) {
            current = kEndDoc;
            for (std::size_t i = first_essential; i < count; ++i) current = std::min(current, cursors[i]->cursor.doc());
        }
    }
    return scored;
}

}  // namespace quarry::eval
