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

class TopKQueue {
public:
    explicit TopKQueue(std::size_t k) : k_(k) { heap_.reserve(k); }

    /// Offers a candidate; returns true if it entered the top k.
    bool push(double score, std::uint64_t doc) {
        if (k_ == 0) return false;
        const ScoredDoc entry{score, doc};
        if (heap_.size() < k_) {
            heap_.push_back(entry);
            std::push_heap(heap_.begin(), heap_.end(), ranks_before);
            return true;
        }
        if (score < heap_.front().score || !ranks_before(entry, heap_.front())) return false;
        std::pop_heap(heap_.begin(), heap_.end(), ranks_before);
        heap_.back() = entry;
        std::push_heap(heap_.begin(), heap_.end(), ranks_before);
        return true;
    }
    /// The score a candidate must beat once the queue is full (for pruning); below any BM25
    /// score (which is never negative) while the queue is not full; infinite when k is 0.
    double threshold() const {
        if (k_ == 0) return std::numeric_limits<double>::infinity();  // nothing can enter
        return heap_.size() < k_ ? -1.0 : heap_.front().score;
    }
    bool full() const { return heap_.size() == k_; }

    /// The entries, best first. Leaves the queue empty.
    std::vector<ScoredDoc> take_sorted() {
        std::sort(heap_.begin(), heap_.end(), ranks_before);
        return std::move(heap_);
    }

private:
    std::size_t k_;
    std::vector<ScoredDoc> heap_;  // a heap whose front is the worst entry kept
};

}  // namespace quarry::eval
