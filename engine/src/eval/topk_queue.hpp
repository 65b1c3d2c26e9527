// Keeps the k best (score, doc) pairs seen: higher score first, equal scores by lower doc.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include <boost/sort/pdqsort/pdqsort.hpp>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace quarry::eval {

struct ScoredDoc {
    double score;
    std::uint64_t doc;
};

/// True if a ranks before b. A function object rather than a function, so that the heap
/// algorithms inline it. Written with & and | rather than && and ||: the sort and the
/// selection below partition without branches, which only pays if the comparison has none.
struct RanksBefore {
    bool operator()(const ScoredDoc& a, const ScoredDoc& b) const {
        return (a.score > b.score) | ((a.score == b.score) & (a.doc < b.doc));
    }
};
inline constexpr RanksBefore ranks_before{};

namespace detail {
inline constexpr std::size_t kSmallRange = 16;

// Swaps two entries with one 16-byte load and store each. Copied field by field, an entry
// stored as two halves and loaded whole at the next step (when the partition's split point
// stays put) cannot be forwarded from the store buffer, and the partition stalled on it.
inline void swap_whole(ScoredDoc& x, ScoredDoc& y) {
#if defined(__SSE2__)
    const __m128i x_bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&x));
    const __m128i y_bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&y));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&x), y_bytes);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&y), x_bytes);
#else
    std::swap(x, y);
#endif
}

// The pivot: the middle of the entries at a quarter, a half and three quarters of a[0, n),
// swapped to a[n - 1].
inline void median_to_end(ScoredDoc* a, std::size_t n) {
    std::size_t x = n / 4, y = n / 2, z = 3 * n / 4;
    if (ranks_before(a[y], a[x])) std::swap(x, y);
    if (ranks_before(a[z], a[y])) std::swap(y, z);
    if (ranks_before(a[y], a[x])) std::swap(x, y);
    std::swap(a[y], a[n - 1]);
}

// Partitions a[0, n) around its last entry, the pivot, without a branch on the comparison
// (Lomuto's): those ranking before it first, then the pivot, whose index is returned.
inline std::size_t partition_around_last(ScoredDoc* a, std::size_t n) {
    const ScoredDoc pivot = a[n - 1];
    std::size_t split = 0;  // a[0, split) rank before the pivot
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const bool before = ranks_before(a[i], pivot);
        swap_whole(a[i], a[split]);
        split += before;
    }
    std::swap(a[split], a[n - 1]);
    return split;
}
}  // namespace detail

/// Moves the `count` best of entries[0, size) to the front, the worst of them last, as
/// std::nth_element would. A quickselect whose partition (Lomuto's, without branches)
/// costs the same whichever side each entry falls on.
inline void select_best(ScoredDoc* entries, std::size_t size, std::size_t count) {
    if (count == 0 || count > size) return;
    std::size_t low = 0, high = size;  // the count-th best is in [low, high)
    const std::size_t wanted = count - 1;
    // Bad pivots (an adversarial order of scores) hand over to introselect, whose worst
    // case is bounded, rather than going quadratic.
    for (int rounds_left = 64; high - low > detail::kSmallRange; --rounds_left) {
        if (rounds_left == 0) {
            std::nth_element(entries + low, entries + wanted, entries + high, ranks_before);
            return;
        }
        const std::size_t n = high - low;
        ScoredDoc* a = entries + low;
        detail::median_to_end(a, n);
        const std::size_t at = low + detail::partition_around_last(a, n);
        if (at == wanted) return;
        if (at > wanted) high = at;
        else low = at + 1;
    }
    std::sort(entries + low, entries + high, ranks_before);
}

/// Moves at least `count` of the best of entries[0, size) to the front and returns how many,
/// the worst of them last: every entry in front ranks before every entry behind. Cheaper
/// than select_best where a few more than `count` will do (a top-k buffer making room), as
/// it partitions once instead of several times: its pivot is the entry that a sample of
/// kSample entries puts a little past the count-th, and only when the sample misled and
/// fewer than `count` rank before it does a selection finish the job.
/// REQUIRES: count <= size.
inline std::size_t partition_best(ScoredDoc* entries, std::size_t size, std::size_t count) {
    constexpr std::size_t kSample = 128;
    if (size < 4 * kSample || count == 0 || count >= size) {
        select_best(entries, size, count);
        return count;
    }
    // The sample's order statistic whose expected count of entries ranking at or before it
    // is `count` plus one and a half standard deviations of that estimate: the sample misses
    // about one time in fifteen, and otherwise keeps about 1,140 of 2,000 for 1,000. At
    // least the kSample - 1 - rank sampled entries behind the pivot are dropped, so a buffer
    // that calls this whenever it fills always gains room.
    const double wanted = static_cast<double>(count) / static_cast<double>(size);
    const double spread = 1.5 * std::sqrt(wanted * (1 - wanted) * static_cast<double>(kSample));
    const auto rank = std::min(kSample - 1, static_cast<std::size_t>(wanted * static_cast<double>(kSample) + spread));
    std::uint32_t sample[kSample];
    for (std::size_t i = 0; i < kSample; ++i) sample[i] = static_cast<std::uint32_t>(i * size / kSample);
    std::nth_element(sample, sample + rank, sample + kSample,
                     [&](std::uint32_t a, std::uint32_t b) { return ranks_before(entries[a], entries[b]); });
    std::swap(entries[sample[rank]], entries[size - 1]);
    const std::size_t kept = detail::partition_around_last(entries, size) + 1;
    if (kept >= count) return kept;
    // Every entry kept ranks before every other: the rest of the best are the best of those.
    select_best(entries + kept, size - kept, count - kept);
    return count;
}

/// Writes entries[0, n) to `out`, best first (ranks_before). A long list (a top-1000 result)
/// is bucketed by score and then finished by one insertion pass, which only has to order
/// entries within a bucket: about n + B steps for B buckets, against the n log n comparisons
/// of a sort. A bucket holding many entries is sorted on its own first, so the pass never
/// goes quadratic: one word's scores take few values (a frequency and a length make each),
/// and its top-1000 crowds hundreds of ties into a bucket, which a sort of the whole list
/// paid for n log n times.
inline void sort_ranked_into(const ScoredDoc* entries, std::size_t n, std::vector<ScoredDoc>& out) {
    constexpr std::size_t kBucketFrom = 256, kMostPerBucket = 32;
    auto sort_all = [&] {
        out.assign(entries, entries + n);
        boost::sort::pdqsort_branchless(out.begin(), out.end(), ranks_before);
    };
    if (n < kBucketFrom) return sort_all();
    double best = entries[0].score, worst = entries[0].score;
    for (std::size_t i = 1; i < n; ++i) {
        best = std::max(best, entries[i].score);
        worst = std::min(worst, entries[i].score);
    }
    const std::size_t buckets = std::bit_ceil(n);
    const double scale = static_cast<double>(buckets - 1) / (best - worst);
    if (!(best > worst) || !std::isfinite(scale)) return sort_all();  // ties throughout, or no usable scale
    // Bucket 0 holds the best scores. Rounding is monotonic, so a better score never lands
    // in a later bucket.
    auto bucket_of = [&](double score) { return std::min(static_cast<std::size_t>((best - score) * scale), buckets - 1); };
    std::vector<std::uint32_t> starts(buckets + 1, 0);
    for (std::size_t i = 0; i < n; ++i) ++starts[bucket_of(entries[i].score) + 1];
    bool crowded = false;
    for (std::size_t b = 1; b <= buckets; ++b) {
        crowded |= starts[b] > kMostPerBucket;
        starts[b] += starts[b - 1];
    }
    out.resize(n);  // every slot is written below
    for (std::size_t i = 0; i < n; ++i) out[starts[bucket_of(entries[i].score)]++] = entries[i];
    // Bucket b now ends at starts[b] and begins where bucket b - 1 ends.
    for (std::size_t b = 0; crowded && b < buckets; ++b) {
        const std::size_t begin = b == 0 ? 0 : starts[b - 1], end = starts[b];
        if (end - begin > kMostPerBucket)
            boost::sort::pdqsort_branchless(out.begin() + static_cast<std::ptrdiff_t>(begin),
                                            out.begin() + static_cast<std::ptrdiff_t>(end), ranks_before);
    }
    for (std::size_t i = 1; i < n; ++i) {
        const ScoredDoc entry = out[i];
        std::size_t hole = i;
        for (; hole > 0 && ranks_before(entry, out[hole - 1]); --hole) out[hole] = out[hole - 1];
        out[hole] = entry;
    }
}

/// The best k candidates offered. Small k keeps a heap, exact at every step. Large k (top-1000
/// lists) would spend most of a query sifting a heap of a thousand entries: candidates are
/// appended to a buffer of 2k instead, and when it fills, a few more than the k best are
/// kept (partition_best) and the worst of them becomes the threshold, so an offer costs
/// O(1) amortised. The threshold then lags behind the true k-th score, which only makes
/// pruning less eager.
/// The selection and the final sort partition without branches: a top-1000 union offers
/// thousands of candidates whose order against a pivot is a coin toss, and std::nth_element
/// and std::sort paid a mispredicted branch for most of them (a fifth of such a query).
class TopKQueue {
public:
    /// Room a batch may fill (see batch()).
    static constexpr std::size_t kBatch = 64;

    explicit TopKQueue(std::size_t k) : k_(k), buffered_(k > kHeapLimit) {
        if (buffered_) buffer_.reset(new ScoredDoc[2 * k + kBatch]);
        else entries_.reserve(k);
    }

    /// Offers a candidate. Returns false if it cannot be among the k best (with a small k:
    /// true exactly when it entered the current top k).
    bool push(double score, std::uint64_t doc) {
        if (k_ == 0) return false;
        const ScoredDoc entry{score, doc};
        if (buffered_) {
            if (has_bar_ && !ranks_before(entry, bar_)) return false;
            buffer_[count_++] = entry;
            if (count_ >= 2 * k_) keep_best();
            return true;
        }
        if (entries_.size() < k_) {
            entries_.push_back(entry);
            std::push_heap(entries_.begin(), entries_.end(), ranks_before);
            return true;
        }
        if (score < entries_.front().score || !ranks_before(entry, entries_.front())) return false;
        replace_worst(entry);
        return true;
    }

    /// Offers in bulk, for a caller that produces candidates in bursts (a window of
    /// documents) into a buffered queue (buffered() is true): write up to kBatch candidates
    /// at batch(), advancing past each one that admits_later() accepts, then commit() the
    /// number kept. Unlike push(), no branch depends on whether a candidate makes it, which
    /// near the threshold is a coin toss.
    bool buffered() const { return buffered_; }
    ScoredDoc* batch() { return buffer_.get() + count_; }
    /// Whether a candidate with this score may belong, for a caller that offers documents in
    /// increasing order (every collector walks its segment that way, and segments come in
    /// order): its doc is above the bar's, so it ties below it and must score above it.
    bool admits_later(double score) const { return score > bar_score_; }
    void commit(std::size_t added) {
        count_ += added;
        if (count_ >= 2 * k_) keep_best();
    }

    /// A score that a candidate must beat to enter (for pruning): never above the k-th best
    /// score offered so far, and equal to it with a small k; below any BM25 score (which is
    /// never negative) until there is one; infinite when k is 0.
    double threshold() const {
        if (k_ == 0) return std::numeric_limits<double>::infinity();  // nothing can enter
        if (buffered_) return has_bar_ ? bar_.score : -1.0;
        return entries_.size() < k_ ? -1.0 : entries_.front().score;
    }
    /// True once threshold() is a score (there are k candidates behind it).
    bool full() const { return buffered_ ? has_bar_ : entries_.size() == k_; }

    /// The entries, best first. Leaves the queue empty.
    std::vector<ScoredDoc> take_sorted() {
        if (buffered_) {
            // Sorting a few entries too many and dropping them costs less than selecting
            // exactly k first; many more are cut down to a few first.
            if (count_ > k_ + k_ / 4) keep_best();
            sort_ranked_into(buffer_.get(), count_, entries_);
            if (entries_.size() > k_) entries_.resize(k_);
            count_ = 0;
        } else {
            boost::sort::pdqsort_branchless(entries_.begin(), entries_.end(), ranks_before);
        }
        has_bar_ = false;
        bar_score_ = -std::numeric_limits<double>::infinity();
        return std::move(entries_);
    }

private:
    static constexpr std::size_t kHeapLimit = 64;

    // Puts `entry` in place of the front (the worst entry kept) and sifts it down: one pass
    // instead of pop_heap and push_heap.
    void replace_worst(const ScoredDoc& entry) {
        const std::size_t size = entries_.size();
        std::size_t hole = 0;
        while (true) {
            std::size_t child = 2 * hole + 1;
            if (child >= size) break;
            // The worse of the two children goes up (the front holds the worst).
            if (child + 1 < size && ranks_before(entries_[child], entries_[child + 1])) ++child;
            if (!ranks_before(entry, entries_[child])) break;
            entries_[hole] = entries_[child];
            hole = child;
        }
        entries_[hole] = entry;
    }
    // Buffered mode: keeps at least the k best; the worst kept becomes the bar a candidate
    // must rank before.
    [[gnu::noinline]] void keep_best() {
        count_ = eval::partition_best(buffer_.get(), count_, k_);
        bar_ = buffer_[count_ - 1];
        bar_score_ = bar_.score;
        has_bar_ = true;
    }

    std::size_t k_;
    bool buffered_;
    std::vector<ScoredDoc> entries_;  // small k: a heap whose front is the worst entry kept
    std::unique_ptr<ScoredDoc[]> buffer_;  // large k: 2k candidates and a batch's room
    std::size_t count_ = 0;                // large k: candidates in buffer_
    ScoredDoc bar_{};                 // buffered: the k-th best at the last keep_best()
    bool has_bar_ = false;
    double bar_score_ = -std::numeric_limits<double>::infinity();  // admits_later(): bar_'s score once there is one
};

}  // namespace quarry::eval
