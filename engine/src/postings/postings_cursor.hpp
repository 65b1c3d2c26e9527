// Iterates one term's postings list straight off the memory-mapped files. Blocks are decoded
// only when the cursor lands in them; `seek` consults the skip table to jump over whole blocks
// without decoding them, and positions are read only when asked for (phrases, snippets).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "codec/bitpack.hpp"
#include "codec/bitset.hpp"
#include "format/coding.hpp"
#include "format/file_format.hpp"
#include "postings/postings_format.hpp"
#include "postings/term_info.hpp"
#include "scoring/block_limits.hpp"

namespace quarry::postings {

class PostingsCursor {
public:
    /// Verifies the list's bytes (once per process) and positions on the first document.
    /// `positions` may be null when the caller never asks for positions.
    PostingsCursor(const format::MappedFile& docs, const format::MappedFile* positions, const TermInfo& info);

    /// The current document, or kEndDoc past the last one.
    std::uint32_t doc() const { return current_doc_; }
    std::uint32_t freq() {
        if (!freqs_decoded_) decode_freqs();
        return freqs_[index_];
    }
    std::uint32_t next() {
        if (++index_ < block_size_) return current_doc_ = docs_[index_];
        return enter_block(block_ + 1);
    }
    /// Moves to the first document >= target (never backwards) and returns it.
    std::uint32_t seek(std::uint32_t target) {
        if (current_doc_ >= target) return current_doc_;
        // Inline when the target is in the decoded block (most seeks of a conjunction), with a
        // local index: docs_ and index_ are both u32, so the member would be stored every step.
        if (target <= docs_[block_size_ - 1]) {
            std::uint32_t index = index_;
            while (docs_[index] < target) ++index;
            index_ = index;
            return current_doc_ = docs_[index];
        }
        return seek_past_block(target);
    }

    // Bulk access for loops that take a block at a time: the current block's documents from
    // the current one on, their frequencies, and moving on by a count or to the next block.
    const std::uint32_t* block_docs() const { return docs_ + index_; }
    std::uint32_t block_remaining() const { return block_size_ - index_; }
    /// How many of those are below `end`: the documents of the block a window ending at `end`
    /// takes (at least one when doc() < end).
    std::uint32_t block_remaining_below(std::uint32_t end) const {
        const std::uint32_t* docs = docs_ + index_;
        const std::uint32_t n = block_size_ - index_;
        if (n == 0 || docs[n - 1] < end) return n;
        return static_cast<std::uint32_t>(std::lower_bound(docs, docs + n, end) - docs);
    }
    const std::uint32_t* block_freqs() {
        if (!freqs_decoded_) decode_freqs();
        return freqs_ + index_;
    }
    /// Moves `count` documents on within the block (count < block_remaining()) or, with
    /// count == block_remaining(), to the next block; returns the new current document.
    std::uint32_t advance(std::uint32_t count) {
        if (count < block_size_ - index_) {
            index_ += count;
            return current_doc_ = docs_[index_];
        }
        return enter_block(block_ + 1);
    }
    /// Where the document `ahead` places after the current one lies (ahead < block_remaining()):
    /// its block and its index in the block, as one number for positions_at.
    std::uint32_t place_ahead(std::uint32_t ahead) const { return block_ << kPlaceIndexBits | (index_ + ahead); }
    /// Positions of the current document, in increasing order.
    const std::vector<std::uint32_t>& positions();
    /// Positions of the document at `place` (a place_ahead() or dense_place() of another cursor
    /// over the same list), reading only the block's frequencies and positions: a phrase's
    /// positions cursors go only where its conjunction found every word, and never need the
    /// documents. Afterwards freq() is that document's; doc() and the block's documents are
    /// not valid, so a cursor moved this way is moved only this way.
    /// REQUIRES: places in increasing order.
    const std::vector<std::uint32_t>& positions_at(std::uint32_t place) {
        const std::uint32_t block = place >> kPlaceIndexBits;
        if (block != block_ || current_doc_ != kUnknownDoc) {
            enter_block_frequencies(block);
            current_doc_ = kUnknownDoc;
        }
        index_ = place & (codec::kBlockSize - 1);
        return positions();
    }

    std::uint32_t doc_freq() const { return info_.doc_freq; }
    /// Whether the list holds `target`, when the block that would hold it is dense: 1 or 0 from
    /// one bit of its bit set, with nothing decoded; 0 too past the list's last document. -1
    /// when that block is not dense (seek to find out), or lies behind an earlier target's.
    /// Moves only a block pointer of its own, forward; the cursor itself stays where it is.
    int holds_if_dense(std::uint32_t target) {
        if (!skip_) return -1;
        if (skip_u32(probe_block_, 0) < target) {
            if (skip_u32(block_count_ - 1, 0) < target) return 0;
            probe_to(target);
        }
        if (!probe_.bits || target < probe_first_) return -1;
        return codec::bitset_holds(probe_.bits, target - probe_first_) ? 1 : 0;
    }
    /// After holds_if_dense(target) answered 1: where the list holds target (as place_ahead
    /// gives it, for positions_at), from the bit set alone.
    std::uint32_t dense_place(std::uint32_t target) const {
        return probe_block_ << kPlaceIndexBits | static_cast<std::uint32_t>(codec::bitset_rank(probe_.bits, target - probe_first_));
    }
    /// The frequency at a dense_place(), read alone from the block's packed frequencies.
    std::uint32_t dense_freq(std::uint32_t place) const {
        return codec::value_at128(probe_.freq_bytes, probe_.freq_bits, place & (codec::kBlockSize - 1)) + 1;
    }
    /// For counting a window of documents at a time: sets bit d - window_start of `window` for
    /// every document d of the list from the current one up to window_end, and moves to the
    /// first document at or past window_end. Dense blocks that lie inside the window are copied
    /// into it as bit sets, never decoded into documents. `window` must have one word of room
    /// past window_end (it may be written, with zero bits).
    /// REQUIRES: window_start <= doc(), window_start a multiple of 64.
    void mark_window(std::uint64_t* window, std::uint32_t window_start, std::uint32_t window_end);
    /// The other half of counting a conjunction by windows: how many documents of the list,
    /// from the current one up to window_end, have their bit set in `window` (as mark_window
    /// sets them), moving to the first document at or past window_end. Tests bits instead of
    /// marking a window of its own to AND: loads without stores, and no pass over the window.
    /// Dense blocks inside the window are ANDed with it as bit sets, never decoded.
    /// REQUIRES: as mark_window's.
    std::uint64_t count_marked(const std::uint64_t* window, std::uint32_t window_start, std::uint32_t window_end);
    /// A dense block's bit set, and its packed frequencies and their width.
    struct DenseBlock {
        const std::uint8_t* bits = nullptr;
        const std::uint8_t* freq_bytes = nullptr;
        std::uint32_t freq_bits = 0;
    };
    /// Consecutive dense blocks that hold every document of the list in a range, for
    /// intersecting it a word of bits at a time (postings/intersect_words.hpp).
    struct DenseRun {
        static constexpr std::uint32_t kMaxBlocks = 8;
        std::uint32_t first_block = 0;
        std::uint32_t count = 0;
        std::uint32_t end = 0;  // the last document of the last block
        // Block first_block + b: its parts, the first document its bit set spans and its span.
        DenseBlock blocks[kMaxBlocks];
        std::uint32_t starts[kMaxBlocks];
        std::uint32_t spans[kMaxBlocks];
    };
    /// Fills `run` with the blocks that overlap the documents [first, last] and returns true,
    /// when they are all dense (at most kMaxBlocks of them) and the list reaches `last`;
    /// otherwise false. Nothing is decoded: each block's first bytes are read. Moves only a
    /// block pointer of its own, forward; the cursor stays where it is.
    /// REQUIRES: `first` no smaller than in the call before.
    bool dense_run(std::uint32_t first, std::uint32_t last, DenseRun& run);
    /// Throws the corrupt-index error for this list, naming its file and offset.
    [[noreturn]] void fail(const char* what) const;
    /// Where block `block` holds its document `index`, as place_ahead() gives it.
    static std::uint32_t place_of(std::uint32_t block, std::uint32_t index) { return block << kPlaceIndexBits | index; }
    /// True when the current block is stored as a bit set (FORMAT.md, "Dense full block").
    bool block_is_dense() const { return dense_bits_ != nullptr; }
    /// True on the last document of the current block (quarry check compares block bounds).
    bool is_last_in_block() const { return index_ + 1 == block_size_; }
    const TermInfo& info() const { return info_; }

    // Block-max data, for pruning: the current block's last doc and its score bounds.
    std::uint32_t block_last_doc() const;
    scoring::BlockLimits block_limits() const { return limits_of(block_); }

    /// Moves only the block-max pointer (no decoding) to the block that holds the first
    /// document >= target; returns false when no block does. Never moves backwards.
    bool shallow_seek(std::uint32_t target) {
        if (!skip_) return target <= last_doc_;
        while (shallow_block_ < block_count_ && skip_u32(shallow_block_, 0) < target) ++shallow_block_;
        return shallow_block_ < block_count_;
    }
    /// Bounds of the block found by shallow_seek.
    std::uint32_t shallow_last_doc() const { return skip_ ? skip_u32(shallow_block_, 0) : last_doc_; }
    scoring::BlockLimits shallow_limits() const { return limits_of(shallow_block_); }
    /// The block shallow_seek found (0 for a single-block list): bounds computed from it hold
    /// until it changes.
    std::uint32_t shallow_block() const { return skip_ ? shallow_block_ : 0; }
    /// Calls visit() with the block-max pointer on each block that overlaps the documents
    /// [first, last], in turn (shallow_seek: nothing is decoded). Visits none when no block
    /// holds a document >= first.
    template <typename Visit>
    void for_each_block_overlapping(std::uint32_t first, std::uint32_t last, Visit visit) {
        if (!shallow_seek(first)) return;
        while (true) {
            visit();
            if (shallow_last_doc() >= last || !shallow_seek(shallow_last_doc() + 1)) return;
        }
    }

private:
    static constexpr unsigned kPlaceIndexBits = 7;  // an index in a block of 128
    static_assert(codec::kBlockSize == 1u << kPlaceIndexBits);

    // doc() after positions_at: no document decoded.
    static constexpr std::uint32_t kUnknownDoc = kEndDoc - 1;

    std::uint32_t seek_past_block(std::uint32_t target);
    std::uint32_t enter_block(std::uint32_t block);
    // enter_block without decoding the documents: the block's size, its frequencies' bytes and
    // width, and dense_bits_, each checked against the block's size. Returns where the
    // documents' bytes start (the bit set for a dense block), or null past the last block.
    const std::uint8_t* enter_block_frequencies(std::uint32_t block);
    // mark_window and count_marked: calls on_docs(docs, n) with the decoded documents from the
    // current one up to window_end, a block at a time, and on_dense(bits, previous, span) with
    // each dense block that ends inside the window (its bit set, the document before it and its
    // span) instead of decoding it; moves to the first document at or past window_end.
    template <typename OnDocs, typename OnDense>
    void walk_window(std::uint32_t window_end, OnDocs on_docs, OnDense on_dense);
    // Block `block`'s parts when it is a dense block, else bits null; `previous` is the last
    // document before it (kEndDoc for block 0). Checks that they fill the block exactly.
    DenseBlock dense_block(std::uint32_t block, std::uint32_t previous) const;
    // The same from the block's bytes, already read and at least 2 (a full block's).
    DenseBlock dense_parts(const std::uint8_t* in, std::uint64_t size, std::uint32_t block, std::uint32_t previous) const;
    // holds_if_dense's move to the block of `target`. REQUIRES: the list's last doc >= target.
    void probe_to(std::uint32_t target);
    void decode_freqs();
    // Reports corruption at `at`, a byte of this list.
    [[noreturn]] void fail_at(const std::uint8_t* at, const std::string& what) const;
    // A tail block's half (its documents' or frequencies' varints, from `half`) is not whole.
    [[noreturn]] void fail_tail(const std::uint8_t* half, const char* what) const;
    // A tail block's packed frequencies (version 8: width byte, then the values) are `bytes`
    // long, which is not what `bits` and the block's size make.
    [[noreturn]] void fail_tail_width(std::uint64_t bytes, std::uint32_t bits) const;
    std::uint32_t skip_u32(std::uint32_t block, std::size_t field) const {
        return format::get_u32(skip_ + std::size_t{block} * skip_entry_size_ + field * 4);
    }
    // Block `block`'s bounds from its skip entry (the list's, from the dictionary, without a
    // skip table); no steps before version 9.
    scoring::BlockLimits limits_of(std::uint32_t block) const {
        if (!skip_) return {info_.max_freq, info_.min_length, {}};
        scoring::BlockLimits limits{skip_u32(block, 2), skip_u32(block, 3), {}};
        if (skip_entry_size_ == kSkipEntrySize) {
            const std::uint8_t* steps = skip_ + std::size_t{block} * kSkipEntrySize + 24;
            limits.steps = {{format::get_u16(steps), format::get_u16(steps + 2)}, {format::get_u16(steps + 4), format::get_u16(steps + 6)}};
        }
        return limits;
    }
    // The last document before block `block`: kEndDoc before block 0 (the first gap is then the
    // doc id itself), else the skip table's last document of the block before.
    // REQUIRES: block 0, or a skip table.
    std::uint32_t doc_before_block(std::uint32_t block) const { return block == 0 ? kEndDoc : skip_u32(block - 1, 0); }
    std::uint64_t block_data_start(std::uint32_t block) const;
    // Block `block`'s bytes, and in `size` how many, checked to lie inside the list's data.
    const std::uint8_t* block_bytes(std::uint32_t block, std::uint64_t& size) const;
    // The first block from `from` on whose last document is >= target (block_count_ if none).
    // REQUIRES: a skip table.
    std::uint32_t first_block_reaching(std::uint32_t from, std::uint32_t target) const;

    const format::MappedFile* doc_file_;
    const format::MappedFile* pos_file_;
    TermInfo info_;
    const std::uint8_t* skip_ = nullptr;     // null for single-block lists
    std::size_t skip_entry_size_ = kSkipEntrySize;  // kSkipEntrySizeBefore9 in older files
    const std::uint8_t* data_ = nullptr;     // first block
    std::uint64_t data_size_ = 0;            // bytes of all blocks
    const std::uint8_t* freq_bytes_ = nullptr;  // current block's frequencies
    const std::uint8_t* tail_end_ = nullptr;    // one past a tail block's bytes
    const std::uint8_t* dense_bits_ = nullptr;  // current block's bit set, when it is dense
    // holds_if_dense's block, its parts (bits null when the block is not dense) and first doc.
    std::uint32_t probe_block_ = 0;
    DenseBlock probe_;
    std::uint32_t probe_first_ = 0;
    std::uint32_t run_block_ = 0;  // dense_run's block pointer
    std::uint32_t block_count_ = 0;
    std::uint32_t shallow_block_ = 0;
    std::uint32_t last_doc_ = 0;             // of a single-block list
    std::uint32_t block_ = 0;
    std::uint32_t block_size_ = 0;
    std::uint32_t index_ = 0;
    std::uint32_t doc_bits_ = 0;
    std::uint32_t freq_bits_ = 0;
    std::uint32_t current_doc_ = kEndDoc;
    bool freqs_decoded_ = false;
    bool packed_tail_freqs_ = false;  // version 8 on: a tail's frequencies are bit-packed, not varints
    std::uint32_t docs_[codec::kBlockSize + codec::kBitsetSlack];
    std::uint32_t freqs_[codec::kBlockSize];

    // Points pos_cursor_ at run `run` of the current block's positions, checked to lie
    // inside the term's positions, and sets the pos_run_ fields to it.
    void find_position_run(std::uint64_t run);
    static constexpr std::uint64_t kNoRun = UINT64_MAX;

    // Positions of block `pos_block_`. Varints (before version 7): a read pointer at the start
    // of doc `pos_index_`. Packed runs: a read pointer at the width byte of run `pos_run_`
    // (kNoRun: none found yet in the block), and that run's width and length.
    const std::uint8_t* pos_list_ = nullptr;
    const std::uint8_t* pos_block_start_ = nullptr;  // where block `pos_block_`'s positions start
    const std::uint8_t* pos_cursor_ = nullptr;
    bool packed_positions_ = false;
    std::uint32_t pos_index_ = 0;
    std::uint32_t pos_block_ = kEndDoc;
    // The frequencies of the current block's documents before document sum_index_, and of all
    // of them (block_positions_, set on the first positions read in the block). In 32 bits:
    // a block holds fewer than 2^32 positions (sum_frequencies checks it).
    std::uint32_t sum_index_ = 0;
    std::uint32_t sum_ = 0;
    std::uint32_t block_positions_ = 0;
    void sum_frequencies();
    std::uint32_t positions_before(std::uint32_t index);
    std::uint64_t pos_run_ = kNoRun;
    std::size_t pos_run_bytes_ = 0;
    std::uint32_t pos_run_bits_ = 0;
    bool pos_run_full_ = false;
    std::vector<std::uint32_t> positions_;
};

}  // namespace quarry::postings
