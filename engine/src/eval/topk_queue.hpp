// Keeps the k best (score, doc) pairs seen: higher score first, equal scores by lower doc.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace quarry::eval {

struct ScoredDoc {
    double score;
    std::uint64_t doc;
};

/// True if a ranks before b. A function object rather than a function, so that the heap
/// algorithms inline it.
struct RanksBefore {
    bool operator()(const ScoredDoc& a, const ScoredDoc& b) const {
        return a.score > b.score || (a.score == b.score && a.doc < b.doc);
    }
};
inline constexpr RanksBefore ranks_before{};

/// The best k candidates offered. Small k keeps a heap, exact at every step. Large k (top-1000
/// lists) would spend most of a query sifting a heap of a thousand entries: candidates are
/// appended to a buffer of 2k instead, and when it fills, the k best are selected
/// (nth_element) and the k-th becomes the threshold, so an offer costs O(1) amortised.
/// The threshold then lags behind the true k-th score, which only makes pruning less eager.
class TopKQueue {
public:
    explicit TopKQueue(std::size_t k) : k_(k), buffered_(k > kHeapLimit) { entries_.reserve(buffered_ ? 2 * k : k); }

    /// Offers a candidate. Returns false if it cannot be among the k best (with a small k:
    /// true exactly when it entered the current top k).
    bool push(double score, std::uint64_t doc) {
        if (k_ == 0) return false;
        const ScoredDoc entry{score, doc};
        if (buffered_) {
            if (has_bar_ && !ranks_before(entry, bar_)) return false;
            entries_.push_back(entry);
            if (entries_.size() == 2 * k_) keep_best();
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
        if (entries_.size() > k_) keep_best();  // sort k entries, not up to 2k
        std::sort(entries_.begin(), entries_.end(), ranks_before);
        has_bar_ = false;
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
    // Buffered mode: keeps the k best; the k-th becomes the bar a candidate must rank before.
    void keep_best() {
        std::nth_element(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(k_ - 1), entries_.end(), ranks_before);
        entries_.resize(k_);
        bar_ = entries_.back();
        has_bar_ = true;
    }

    std::size_t k_;
    bool buffered_;
    std::vector<ScoredDoc> entries_;  // small k: a heap whose front is the worst entry kept
    ScoredDoc bar_{};                 // buffered: the k-th best at the last keep_best()
    bool has_bar_ = false;
};

}  // namespace quarry::eval
