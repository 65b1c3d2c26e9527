#include "pair_builder.hpp"

#include <algorithm>
#include <stdexcept>

#include "index/fields.hpp"

namespace quarry::indexer {
namespace {

// A term qualifies in one document in this many or more (and in at least kLeastPairDocFreq).
// On Gutenberg (142,000 passages) that is about 3,000 terms, with 1.1 million pairs: 15% of
// the index without its document store. A phrase of a word below the share that the product
// below does not pair checks at most its list against positions; 1/32 left "prayer times"
// (3,074 and 66,420 documents) at 1,400 candidates, and 1/128 would have grown the pairs by
// half again for a tenth of the speed.
constexpr std::uint64_t kPairShare = 64;
constexpr std::uint64_t kLeastPairDocFreq = 2;
// Two terms also pair when a conjunction of them is expected to hold this many documents or
// more if they were independent (doc_freq a x doc_freq b / documents): one word of the pair
// may then be rarer than the share, if the other is common enough, as in "little cars" (794
// such documents). On Gutenberg that added 120,000 pairs and 3.5 MB, and took 10% off the AOL
// log's phrase top-10 (its p99 from 0.127 to 0.092 ms); 256 cost 7 MB and gained no more,
// 1024 gained nothing.
constexpr std::uint64_t kPairExpectedDocs = 512;

// Documents whose common terms are laid out side by side at a time: bounds the memory of
// build() by the chunk, not by the segment.
constexpr std::uint32_t kChunkDocs = 16384;

}  // namespace

termdict::PairRule pair_rule(std::uint64_t doc_count) {
    return {std::max(kLeastPairDocFreq, (doc_count + kPairShare - 1) / kPairShare), kPairExpectedDocs * std::max<std::uint64_t>(doc_count, 1)};
}

void PairBuilder::add_term(std::string_view term, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                           std::span<const std::uint32_t> positions) {
    // Keys put a zero byte between the two terms: a term holding one would make pair keys ambiguous.
    if (term.find('\0') != std::string_view::npos) throw std::logic_error("a term holds a zero byte");
    if (!terms_.empty() && !(terms_.back().text < term)) throw std::logic_error("pair terms must come in increasing order");
    terms_.push_back({std::string(term), docs, freqs, positions});
}

void PairBuilder::add_term_copy(std::string_view term, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                                std::span<const std::uint32_t> positions) {
    auto copy = [&](std::span<const std::uint32_t> values) -> std::span<const std::uint32_t> {
        return copies_.emplace_back(values.begin(), values.end());
    };
    add_term(term, copy(docs), copy(freqs), copy(positions));
}

void PairBuilder::build(const Emit& emit) {
    // Each occurrence of a pair goes to its first term's list as (second term << 32 | doc):
    // appending to one of a few thousand lists stays in the cache, where a table keyed by
    // pair (a million of them on Gutenberg) missed it at every occurrence. Documents arrive
    // in order, so sorting a list orders it by second term, then document.
    std::vector<std::vector<std::uint64_t>> by_first(terms_.size());
    auto add_pair = [&](std::uint32_t first, std::uint32_t second, std::uint32_t doc) {
        if (rule_.covers(static_cast<std::uint32_t>(terms_[first].docs.size()), static_cast<std::uint32_t>(terms_[second].docs.size())))
            by_first[first].push_back(std::uint64_t{second} << 32 | doc);
    };

    // Each term's walk through the chunks: its next posting and that posting's first position.
    std::vector<std::size_t> next_posting(terms_.size(), 0), next_position(terms_.size(), 0);
    std::vector<std::uint32_t> starts;  // each document's first slot in `placed`, then one past its last
    struct Placed {
        std::uint32_t position, term;
    };
    std::vector<Placed> placed;
    for (std::uint32_t chunk_start = 0; chunk_start < doc_count_; chunk_start += std::min(kChunkDocs, doc_count_ - chunk_start)) {
        const std::uint32_t chunk_end = chunk_start + std::min(kChunkDocs, doc_count_ - chunk_start);
        // Lay out the common terms of each document of the chunk by position: count, then place.
        starts.assign(chunk_end - chunk_start + 1, 0);
        for (std::size_t t = 0; t < terms_.size(); ++t) {
            const Term& term = terms_[t];
            for (std::size_t i = next_posting[t]; i < term.docs.size() && term.docs[i] < chunk_end; ++i)
                starts[term.docs[i] - chunk_start + 1] += term.freqs[i];
        }
        for (std::size_t d = 1; d < starts.size(); ++d) starts[d] += starts[d - 1];
        placed.resize(starts.back());
        std::vector<std::uint32_t> fill(starts.begin(), starts.end() - 1);
        for (std::size_t t = 0; t < terms_.size(); ++t) {
            const Term& term = terms_[t];
            std::size_t i = next_posting[t], p = next_position[t];
            for (; i < term.docs.size() && term.docs[i] < chunk_end; ++i) {
                std::uint32_t& at = fill[term.docs[i] - chunk_start];
                for (std::uint32_t f = 0; f < term.freqs[i]; ++f) placed[at++] = {term.positions[p++], static_cast<std::uint32_t>(t)};
            }
            next_posting[t] = i;
            next_position[t] = p;
        }
        for (std::uint32_t d = 0; d + chunk_start < chunk_end; ++d) {
            Placed* first = placed.data() + starts[d];
            Placed* last = placed.data() + starts[d + 1];
            std::sort(first, last, [](const Placed& a, const Placed& b) { return a.position < b.position || (a.position == b.position && a.term < b.term); });
            // Every term at position p pairs with every term at p + 1 (one each, as the
            // analyser places words; several would all pair).
            Placed* next = first;
            for (Placed* at = first; at != last; ++at) {
                while (next != last && next->position <= at->position) ++next;
                for (Placed* after = next; after != last && after->position == at->position + 1; ++after)
                    add_pair(at->term, after->term, chunk_start + d);
            }
        }
    }

    std::vector<std::uint32_t> docs, freqs;
    for (std::size_t first = 0; first < by_first.size(); ++first) {
        std::vector<std::uint64_t>& occurrences = by_first[first];
        std::sort(occurrences.begin(), occurrences.end());
        for (std::size_t i = 0; i < occurrences.size();) {
            const std::uint64_t second = occurrences[i] >> 32;
            docs.clear();
            freqs.clear();
            for (; i < occurrences.size() && occurrences[i] >> 32 == second; ++i) {
                const auto doc = static_cast<std::uint32_t>(occurrences[i]);
                if (!docs.empty() && docs.back() == doc) {
                    ++freqs.back();
                } else {
                    docs.push_back(doc);
                    freqs.push_back(1);
                }
            }
            emit(index::make_pair_key(terms_[first].text, terms_[second].text), docs, freqs);
        }
        std::vector<std::uint64_t>().swap(occurrences);  // done with: free it as the build goes
    }
}

}  // namespace quarry::indexer
