// The reference strategy: visit every matching document and score it in full.
#pragma once

#include <cstdint>

#include "eval/scorer.hpp"
#include "eval/topk_queue.hpp"
#include "index/deletions.hpp"

namespace quarry::eval {

/// Feeds every document of `scorer` to `top` (doc numbers offset by `doc_base`), but those in
/// the `deleted` bitmap (null: none); returns the number of matching documents.
inline std::uint64_t collect_exhaustive(Scorer& scorer, std::uint64_t doc_base, const std::uint8_t* deleted, TopKQueue& top) {
    std::uint64_t matches = 0;
    for (std::uint32_t doc = scorer.doc(); doc != kEndDoc; doc = scorer.next()) {
        if (index::is_deleted(deleted, doc)) continue;
        top.push(scorer.score(), doc_base + doc);
        ++matches;
    }
    return matches;
}

}  // namespace quarry::eval
