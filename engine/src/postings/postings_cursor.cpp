#include "postings/postings_cursor.hpp"

#include <string>

#include "codec/bitset.hpp"
#include "format/coding.hpp"

namespace quarry::postings {

PostingsCursor::PostingsCursor(const format::MappedFile& docs, const format::MappedFile* positions,
                               const TermInfo& info)
    : doc_file_(&docs), pos_file_(positions), info_(info) {
    const std::uint8_t* list = docs.verified(info.doc_offset, info.doc_length);
    block_count_ = static_cast<std::uint32_t>((info.doc_freq + codec::kBlockSize - 1) / codec::kBlockSize);
    if (block_count_ == 0) fail("empty postings list");
    skip_entry_size_ = docs.version() >= kLengthStepsVersion ? kSkipEntrySize : kSkipEntrySizeBefore9;
    std::uint64_t skip_bytes = block_count_ > 1 ? std::uint64_t{block_count_} * skip_entry_size_ : 0;
    if (skip_bytes > info.doc_length)
        fail("postings list shorter than its skip table");
    if (block_count_ > 1) skip_ = list;
    data_ = list + skip_bytes;
    data_size_ = info.doc_length - skip_bytes;
    packed_tail_freqs_ = docs.version() >= kPackedTailFrequenciesVersion;
    enter_block(0);
    if (!skip_) last_doc_ = docs_[block_size_ - 1];
}

std::uint64_t PostingsCursor::block_data_start(std::uint32_t block) const {
    return block == 0 ? 0 : skip_u32(block - 1, 1);
}

const std::uint8_t* PostingsCursor::block_bytes(std::uint32_t block, std::uint64_t& size) const {
    // Checksums rule out damage, not a writer bug: keep every read inside the list's bytes.
    const std::uint64_t start = block_data_start(block);
    const std::uint64_t end = skip_ ? skip_u32(block, 1) : data_size_;
    if (start > end || end > data_size_)
        fail("postings skip table points outside the list");
    size = end - start;
    return data_ + start;
}

std::uint32_t PostingsCursor::first_block_reaching(std::uint32_t from, std::uint32_t target) const {
    // Gallop over the skip table (short jumps are the common case in intersections, long ones
    // must not cost a linear walk), then binary-search the last step.
    std::uint32_t low = from, step = 1;
    while (low + step < block_count_ && skip_u32(low + step, 0) < target) {
        low += step;
        step *= 2;
    }
    std::uint32_t high = std::min(low + step, block_count_);  // the answer is in [low, high]
    while (low < high) {
        const std::uint32_t mid = low + (high - low) / 2;
        if (skip_u32(mid, 0) < target) low = mid + 1;
        else high = mid;
    }
    return low;
}

std::uint32_t PostingsCursor::block_last_doc() const {
    if (block_ >= block_count_) return kEndDoc;
    return skip_ ? skip_u32(block_, 0) : docs_[block_size_ - 1];
}

std::uint32_t PostingsCursor::enter_block(std::uint32_t block) {
    const std::uint8_t* doc_bytes = enter_block_frequencies(block);
    if (!doc_bytes) return current_doc_ = kEndDoc;
    const std::uint32_t previous = doc_before_block(block);
    if (dense_bits_) {
        // The documents (previous, last], one bit each; the skip table gives both ends.
        const std::uint32_t last = skip_u32(block, 0);
        if (codec::unpack_bitset(dense_bits_, last - previous, previous + 1, docs_, codec::kBlockSize) != codec::kBlockSize ||
            docs_[codec::kBlockSize - 1] != last)
            fail("dense postings block does not hold 128 documents ending at its skip entry's last");
    } else if (freq_bits_ != kEndDoc) {
        codec::unpack128_gaps(doc_bytes, doc_bits_, docs_, previous);
    } else {
        std::uint32_t running = previous;  // enter_block_frequencies checked the varints
        for (std::uint32_t i = 0; i < block_size_; ++i) {
            running += static_cast<std::uint32_t>(format::get_varint(doc_bytes)) + 1;
            docs_[i] = running;
        }
    }
    return current_doc_ = docs_[0];
}

const std::uint8_t* PostingsCursor::enter_block_frequencies(std::uint32_t block) {
    block_ = block;
    index_ = 0;
    freqs_decoded_ = false;
    sum_index_ = 0;
    sum_ = 0;
    dense_bits_ = nullptr;
    if (block >= block_count_) {
        block_size_ = 0;
        return nullptr;
    }
    std::uint64_t size = 0;
    const std::uint8_t* in = block_bytes(block, size);
    const std::uint32_t full_blocks = info_.doc_freq / codec::kBlockSize;
    if (block < full_blocks) {
        block_size_ = codec::kBlockSize;
        if (size < 2) fail("postings block is truncated");
        doc_bits_ = in[0];
        freq_bits_ = in[1];
        if (doc_bits_ == kDenseBlockMarker) {
            const DenseBlock dense = dense_parts(in, size, block, doc_before_block(block));
            dense_bits_ = dense.bits;
            freq_bytes_ = dense.freq_bytes;
            return dense_bits_;
        }
        if (doc_bits_ > 32 || freq_bits_ > 32 || 2 + 16 * std::uint64_t{doc_bits_ + freq_bits_} != size)
            fail("postings block has inconsistent bit widths");
        freq_bytes_ = in + 2 + 16 * std::size_t{doc_bits_};
        return in + 2;
    }
    block_size_ = info_.doc_freq - full_blocks * codec::kBlockSize;
    freq_bits_ = kEndDoc;  // marks a tail block
    // The tail's documents are at most 127 varints, checked once by a scan of their bytes, then
    // decoded unchecked. The frequencies after them are checked where they are decoded
    // (decode_freqs): a count never reads them.
    tail_end_ = in + size;
    freq_bytes_ = format::end_of_varint32s(in, tail_end_, block_size_);
    if (!freq_bytes_) fail_tail(in, "documents");
    return in;
}

template <typename OnDocs, typename OnDense>
void PostingsCursor::walk_window(std::uint32_t window_end, OnDocs on_docs, OnDense on_dense) {
    auto take_decoded = [&] {
        const std::uint32_t n = block_remaining_below(window_end);
        on_docs(docs_ + index_, n);
        advance(n);
    };
    if (current_doc_ >= window_end) return;
    take_decoded();
    if (current_doc_ >= window_end || !skip_) return;
    // On the first document of the block after the one just taken: the blocks that end inside
    // the window are taken straight from their bytes, a dense one as its bit set.
    const std::uint32_t full_blocks = info_.doc_freq / codec::kBlockSize;
    std::uint32_t block = block_;
    std::uint32_t previous = skip_u32(block - 1, 0);
    bool decoded = true;  // whether the cursor's own block is `block`
    for (; block < full_blocks; ++block) {
        const std::uint32_t last = skip_u32(block, 0);
        if (last >= window_end) break;
        if (const std::uint8_t* dense_bits = dense_block(block, previous).bits) {
            on_dense(dense_bits, previous, last - previous);
            decoded = false;
        } else {
            if (!decoded) enter_block(block);
            take_decoded();   // the whole block: it ends in the window
            decoded = true;   // take_decoded entered the next block
        }
        previous = last;
    }
    if (!decoded) enter_block(block);
    if (current_doc_ < window_end) take_decoded();
}

void PostingsCursor::mark_window(std::uint64_t* window, std::uint32_t window_start, std::uint32_t window_end) {
    walk_window(
        window_end,
        [&](const std::uint32_t* docs, std::uint32_t n) {
            for (std::uint32_t i = 0; i < n; ++i) {
                const std::uint32_t offset = docs[i] - window_start;
                window[offset / 64] |= std::uint64_t{1} << (offset % 64);
            }
        },
        [&](const std::uint8_t* dense_bits, std::uint32_t previous, std::uint32_t span) {
            codec::for_each_window_word(dense_bits, span, previous + 1 - window_start,
                                        [&](std::uint32_t w, std::uint64_t bits) { window[w] |= bits; });
        });
}

std::uint64_t PostingsCursor::count_marked(const std::uint64_t* window, std::uint32_t window_start, std::uint32_t window_end) {
    std::uint64_t count = 0;
    walk_window(
        window_end,
        [&](const std::uint32_t* docs, std::uint32_t n) {
            for (std::uint32_t i = 0; i < n; ++i) {
                const std::uint32_t offset = docs[i] - window_start;
                count += window[offset / 64] >> (offset % 64) & 1;
            }
        },
        [&](const std::uint8_t* dense_bits, std::uint32_t previous, std::uint32_t span) {
            count += codec::bitset_count_common(dense_bits, span, window, previous + 1 - window_start);
        });
    return count;
}

PostingsCursor::DenseBlock PostingsCursor::dense_block(std::uint32_t block, std::uint32_t previous) const {
    if (block >= info_.doc_freq / codec::kBlockSize) return {};  // the tail block is never dense
    std::uint64_t size = 0;
    const std::uint8_t* in = block_bytes(block, size);
    if (size < 2) fail("postings block is truncated");
    return dense_parts(in, size, block, previous);
}

PostingsCursor::DenseBlock PostingsCursor::dense_parts(const std::uint8_t* in, std::uint64_t size, std::uint32_t block,
                                                       std::uint32_t previous) const {
    if (in[0] != kDenseBlockMarker) return {};
    // The bit set spans at least the block's 128 documents (the skip table gives its ends), and
    // with the packed frequencies after it fills the block exactly.
    if (!skip_) fail("dense postings block in a list without a skip table");
    const std::uint32_t span = skip_u32(block, 0) - previous, freq_bits = in[1];
    if (span < codec::kBlockSize || freq_bits > 32 || size != 2 + codec::bitset_bytes(span) + 16 * std::uint64_t{freq_bits})
        fail("dense postings block has inconsistent sizes");
    return {in + 2, in + 2 + codec::bitset_bytes(span), freq_bits};
}

void PostingsCursor::probe_to(std::uint32_t target) {
    probe_block_ = first_block_reaching(probe_block_, target);
    const std::uint32_t previous = doc_before_block(probe_block_);
    probe_ = dense_block(probe_block_, previous);
    probe_first_ = previous + 1;
}

bool PostingsCursor::dense_run(std::uint32_t first, std::uint32_t last, DenseRun& run) {
    if (!skip_ || skip_u32(block_count_ - 1, 0) < last) return false;
    if (skip_u32(run_block_, 0) < first) run_block_ = first_block_reaching(run_block_, first);
    // The tail block is never dense: the list's last block that is ends the run, at the latest.
    const std::uint32_t full_blocks = info_.doc_freq / codec::kBlockSize;
    std::uint32_t block = run_block_, previous = doc_before_block(block);
    run.first_block = block;
    run.count = 0;
    while (true) {
        if (block >= full_blocks || run.count == DenseRun::kMaxBlocks) return false;
        const DenseBlock dense = dense_block(block, previous);
        if (!dense.bits) return false;
        const std::uint32_t block_last = skip_u32(block, 0);
        run.blocks[run.count] = dense;
        run.starts[run.count] = previous + 1;
        run.spans[run.count] = block_last - previous;
        ++run.count;
        if (block_last >= last) {
            run.end = block_last;
            return true;
        }
        previous = block_last;
        ++block;
    }
}

void PostingsCursor::fail(const char* what) const { doc_file_->fail(static_cast<std::int64_t>(info_.doc_offset), what); }

void PostingsCursor::fail_at(const std::uint8_t* at, const std::string& what) const {
    const std::uint8_t* list = skip_ ? skip_ : data_;
    doc_file_->fail(static_cast<std::int64_t>(info_.doc_offset + static_cast<std::uint64_t>(at - list)), what);
}

void PostingsCursor::fail_tail(const std::uint8_t* half, const char* what) const {
    fail_at(half, std::string("postings tail block's ") + what + " run past the block's end or hold a varint that does not fit 32 bits");
}

void PostingsCursor::fail_tail_width(std::uint64_t bytes, std::uint32_t bits) const {
    std::string what = "postings tail block's packed frequencies do not fill the block: ";
    what.append(std::to_string(bytes)).append(" bytes for ").append(std::to_string(block_size_)).append(" values");
    if (bytes > 0) what.append(" of width ").append(std::to_string(bits));
    fail_at(freq_bytes_, what);
}

void PostingsCursor::decode_freqs() {
    if (freq_bits_ == kEndDoc && packed_tail_freqs_) {
        // The width, then the packed values, which end exactly at the block's end.
        const std::uint64_t bytes = static_cast<std::uint64_t>(tail_end_ - freq_bytes_);
        const std::uint32_t bits = bytes > 0 ? freq_bytes_[0] : 0;
        if (bytes == 0 || bits > 32 || bytes != 1 + codec::packed_bytes(block_size_, bits)) fail_tail_width(bytes, bits);
        for (std::uint32_t i = 0; i < block_size_; ++i) freqs_[i] = codec::value_at_bits(freq_bytes_ + 1, bytes - 1, bits, i) + 1;
    } else if (freq_bits_ == kEndDoc) {  // before version 8: varints
        if (!format::end_of_varint32s(freq_bytes_, tail_end_, block_size_)) fail_tail(freq_bytes_, "frequencies");
        const std::uint8_t* in = freq_bytes_;
        for (std::uint32_t i = 0; i < block_size_; ++i) freqs_[i] = static_cast<std::uint32_t>(format::get_varint(in)) + 1;
    } else {
        codec::unpack128(freq_bytes_, freq_bits_, freqs_);
        for (std::uint32_t i = 0; i < block_size_; ++i) ++freqs_[i];
    }
    freqs_decoded_ = true;
}

std::uint32_t PostingsCursor::seek_past_block(std::uint32_t target) {
    // The target is past the current block: find its block over the skip table, then search
    // the block found.
    if (!skip_ || block_ + 1 >= block_count_) return enter_block(block_count_);
    if (enter_block(first_block_reaching(block_ + 1, target)) >= target) return current_doc_;
    // The target lies anywhere in the block entered (the skip table says its last document
    // reaches it), so the linear scan of seek() would average 64 steps and end on a mispredicted
    // branch: a branchless binary search takes 7 steps instead.
    const std::uint32_t* base = docs_;
    for (std::uint32_t n = block_size_; n > 1;) {
        const std::uint32_t half = n / 2;
        base = base[half - 1] < target ? base + half : base;
        n -= half;
    }
    index_ = static_cast<std::uint32_t>(base - docs_) + (*base < target);
    if (index_ < block_size_) return current_doc_ = docs_[index_];
    index_ = block_size_ - 1;  // a skip table whose bound is wrong: stay exact, search on
    current_doc_ = docs_[index_];
    return seek(target);
}

const std::vector<std::uint32_t>& PostingsCursor::positions() {
    if (!pos_list_) {
        pos_list_ = pos_file_->verified(info_.pos_offset, info_.pos_length);
        packed_positions_ = pos_file_->version() >= kPackedPositionsVersion;
    }
    if (!freqs_decoded_) decode_freqs();
    if (pos_block_ != block_ || pos_index_ > index_) {
        sum_frequencies();
        pos_block_ = block_;
        pos_index_ = 0;
        pos_block_start_ = pos_list_ + (skip_ && block_ > 0 ? format::get_u64(skip_ + std::size_t{block_} * skip_entry_size_ + 16) : 0);
        pos_cursor_ = pos_block_start_;
        if (pos_cursor_ > pos_list_ + info_.pos_length)
            pos_file_->fail(static_cast<std::int64_t>(info_.pos_offset), "positions start outside the term's positions");
        pos_run_ = kNoRun;
    }
    positions_.clear();
    if (packed_positions_) {
        // Each value read alone from its run: a phrase asks about a few documents of a block,
        // whose few values cost less than unpacking the runs that hold them.
        const std::uint32_t first = positions_before(index_);
        std::uint32_t position = 0;
        for (std::uint32_t value = first; value < first + freqs_[index_]; ++value) {
            if (value / kPositionRun != pos_run_) find_position_run(value / kPositionRun);
            const std::uint32_t index = static_cast<std::uint32_t>(value % kPositionRun);
            const std::uint32_t read = pos_run_full_ ? codec::value_at128(pos_cursor_ + 1, pos_run_bits_, index)
                                                     : codec::value_at_bits(pos_cursor_ + 1, pos_run_bytes_, pos_run_bits_, index);
            position = value == first ? read : position + read;
            positions_.push_back(position);
        }
        pos_index_ = index_;
        return positions_;
    }
    // Before version 7, varints: step over the positions of the documents passed since, as
    // many varints as their frequencies add up to, each ending at a byte below 0x80.
    // The earlier document first: positions_before sums on from the last one asked about, and
    // asked about a later one first it would start again from the block's start.
    const std::uint32_t before_previous = positions_before(pos_index_);
    const std::uint64_t passed = positions_before(index_) - before_previous;
    pos_cursor_ = format::skip_varints(pos_cursor_, pos_list_ + info_.pos_length, passed);
    pos_index_ = index_;
    const std::uint8_t* in = pos_cursor_;
    std::uint32_t position = 0;
    for (std::uint32_t p = 0; p < freqs_[index_]; ++p) {
        position = p == 0 ? static_cast<std::uint32_t>(format::get_varint(in)) : position + static_cast<std::uint32_t>(format::get_varint(in));
        positions_.push_back(position);
    }
    return positions_;
}

void PostingsCursor::sum_frequencies() {
    // A packed block's frequencies are at most 2^24 at widths up to 24, so 128 of them sum
    // below 2^32, four lanes at a time; other blocks (a tail, or wider) are summed in 64 bits
    // and checked: the writer never puts 2^32 positions in one block.
    if (freq_bits_ <= 24) {
        std::uint32_t sum = 0;
        for (std::uint32_t i = 0; i < codec::kBlockSize; ++i) sum += freqs_[i];
        block_positions_ = sum;
        return;
    }
    std::uint64_t sum = 0;
    for (std::uint32_t i = 0; i < block_size_; ++i) sum += freqs_[i];
    if (sum > UINT32_MAX) pos_file_->fail(static_cast<std::int64_t>(info_.pos_offset), "a block's documents hold 2^32 positions or more");
    block_positions_ = static_cast<std::uint32_t>(sum);
}

std::uint32_t PostingsCursor::positions_before(std::uint32_t index) {
    // Summed on from the last document asked about (they come in increasing order), only as
    // far as needed: summing every document's on entering a block cost a third of a phrase
    // check.
    if (index < sum_index_) {
        sum_index_ = 0;
        sum_ = 0;
    }
    std::uint32_t added = 0;
    for (std::uint32_t i = sum_index_; i < index; ++i) added += freqs_[i];
    sum_index_ = index;
    return sum_ += added;
}

void PostingsCursor::find_position_run(std::uint64_t run) {
    // Runs are found by walking their widths from the block's first run (or on from the run
    // last found: documents are asked about in increasing order).
    if (run < pos_run_ || pos_run_ == kNoRun) {
        pos_cursor_ = pos_block_start_;
        pos_run_ = 0;
    } else {
        pos_cursor_ += 1 + pos_run_bytes_;
        ++pos_run_;
    }
    const std::uint8_t* end = pos_list_ + info_.pos_length;
    for (;; ++pos_run_) {
        const std::uint64_t count = std::min<std::uint64_t>(kPositionRun, block_positions_ - pos_run_ * kPositionRun);
        if (pos_cursor_ >= end || *pos_cursor_ > 32)
            pos_file_->fail(static_cast<std::int64_t>(info_.pos_offset), "positions run is truncated or has a bit width over 32");
        pos_run_bits_ = *pos_cursor_;
        pos_run_full_ = count == kPositionRun;
        pos_run_bytes_ = pos_run_full_ ? 16 * std::size_t{pos_run_bits_} : codec::packed_bytes(count, pos_run_bits_);
        if (static_cast<std::size_t>(end - pos_cursor_ - 1) < pos_run_bytes_)
            pos_file_->fail(static_cast<std::int64_t>(info_.pos_offset), "positions run runs past the term's positions");
        if (pos_run_ == run) return;
        pos_cursor_ += 1 + pos_run_bytes_;
    }
}

}  // namespace quarry::postings
