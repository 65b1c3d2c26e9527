// Top-k of a phrase query that reads positions only for documents that can enter the top k.
// A phrase occurs in a document at most as often as each of its words does, so the BM25 of the
// smallest of the words' frequencies bounds the phrase's score there. The documents holding
// every word come a block of the rarest word at a time (as in block_max_and), with the words'
// frequencies; a document whose bound cannot beat the threshold is passed over without its
// positions. And a whole block is passed over, undecoded in the other lists, when the
// block-max data bound it: frequencies at most the smallest of the words' largest over the
// block's range, lengths at least the largest of their shortest.
#pragma once

#include <cstdint>

#include "eval/phrase_positions.hpp"
#include "eval/topk_queue.hpp"

namespace quarry::eval {

/// Feeds `top` the documents (numbered from `doc_base`) holding the phrase that can enter it,
/// but those in the `deleted` bitmap (null: none). Returns how many documents were found to
/// hold the phrase (those passed over by the bounds are not counted).
std::uint64_t collect_block_max_phrase(PhraseLists& lists, std::uint64_t doc_base, const std::uint8_t* deleted, TopKQueue& top);

}  // namespace quarry::eval
