// Builds a segment's pair keys (FORMAT.md, "Pair keys") from the postings and positions of its
// common All terms: every two of them found at adjacent positions of a document make a pair,
// whose list holds the documents where they do, with how often. Shared by the flush of an
// in-memory segment and the merger, which both hand over the terms' merged lists in key order.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "termdict/termdict.hpp"

namespace quarry::indexer {

/// The pair rule of a segment of `doc_count` documents: which of its All terms have the pairs
/// they make indexed. A phrase of two common words, or of a word and a far more common one,
/// can have thousands of candidates to check against positions; a rarer word's list is short
/// enough to check.
termdict::PairRule pair_rule(std::uint64_t doc_count);

class PairBuilder {
public:
    /// `doc_count`: the segment's documents (every doc id is below it); `rule`: which pairs
    /// are built.
    PairBuilder(std::uint32_t doc_count, const termdict::PairRule& rule)
        : doc_count_(doc_count), rule_(rule), least_doc_freq_(rule.least_doc_freq(doc_count)) {}

    const termdict::PairRule& rule() const { return rule_; }
    /// Whether a term of `doc_freq` documents may be in a pair the rule covers: only such terms
    /// need be added.
    bool may_pair(std::uint64_t doc_freq) const { return doc_freq >= least_doc_freq_; }

    /// Adds the postings of a term that may_pair, as for postings::write_postings; the spans
    /// must stay valid until build() returns. REQUIRES: terms added in increasing byte order,
    /// none holding a zero byte (no analysed term does).
    void add_term(std::string_view term, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                  std::span<const std::uint32_t> positions);
    /// The same for postings that the caller is about to reuse: they are copied.
    void add_term_copy(std::string_view term, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                       std::span<const std::uint32_t> positions);

    using Emit = std::function<void(std::string_view key, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs)>;
    /// Calls `emit` with each pair's key (index::make_pair_key), documents and frequencies, in
    /// key order.
    void build(const Emit& emit);

private:
    struct Term {
        std::string text;
        std::span<const std::uint32_t> docs, freqs, positions;
    };
    std::uint32_t doc_count_;
    termdict::PairRule rule_;
    std::uint64_t least_doc_freq_;  // rule_.least_doc_freq(doc_count_)
    std::vector<Term> terms_;
    std::vector<std::vector<std::uint32_t>> copies_;  // add_term_copy's postings
};

}  // namespace quarry::indexer
