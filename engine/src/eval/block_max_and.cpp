#include "eval/block_max_and.hpp"

#include <algorithm>

#include "index/deletions.hpp"

namespace quarry::eval {

std::uint64_t collect_block_max_and(std::vector<TermCursor>& all_cursors, std::uint64_t doc_base, const std::uint8_t* deleted,
                                    TopKQueue& top) {
    if (all_cursors.empty()) return 0;
    auto [cursors, order_count] = refer_to(all_cursors);
    // The rarest term leads: it proposes candidates, the others confirm them.
    std::sort(cursors.begin(), cursors.end(),
              [](const TermCursor* a, const TermCursor* b) { return a->cursor.doc_freq() < b->cursor.doc_freq(); });
    std::vector<double> parts(order_count, 0.0);
    TermCursor& lead = *cursors.front();
    double threshold = top.threshold();
    std::uint64_t scored = 0;

    std::uint32_t candidate = lead.cursor.doc();
    while (candidate != kEndDoc) {
        if (top.full()) {
            double bound = 0;
            std::uint32_t blocks_end = kEndDoc;
            bool exhausted = false;
            for (TermCursor* term : cursors) {
                if (!term->cursor.shallow_seek(candidate)) {
                    exhausted = true;
                    break;
                }
                bound += term->block_max_score();
                blocks_end = std::min(blocks_end, term->cursor.shallow_last_doc());
            }
            if (exhausted) break;
            if (bound <= threshold) {
                // Nothing up to the first of these blocks' ends can make it.
                if (blocks_end == kEndDoc) break;
                candidate = lead.cursor.seek(blocks_end + 1);
                continue;
            }
        }
        bool aligned = true;
        for (std::size_t i = 1; i < cursors.size(); ++i) {
            const std::uint32_t doc = cursors[i]->cursor.seek(candidate);
            if (doc != candidate) {
                candidate = doc == kEndDoc ? kEndDoc : lead.cursor.seek(doc);
                aligned = false;
                break;
            }
        }
        if (!aligned) continue;
        if (index::is_deleted(deleted, candidate)) {
            candidate = lead.cursor.next();
            continue;
        }
        for (TermCursor* term : cursors) parts[term->order] = term->score();
        ++scored;
        if (top.push(sum_in_query_order(parts.data(), order_count), doc_base + candidate)) threshold = top.threshold();
        candidate = lead.cursor.next();
    }
    return scored;
}

}  // namespace quarry::eval
