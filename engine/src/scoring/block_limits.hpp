// What a postings block stores to bound its BM25 scores (FORMAT.md §8, docs/scoring.md §10):
// its largest frequency and shortest length, and two length steps that split its documents
// into three length ranges, each with its own largest frequency. A bound from these numbers
// holds for every k1, b and collection statistics, so the index fixes no scoring parameters.
//
// Why steps: the largest frequency and the shortest length of a block mostly come from
// different documents, a long one that repeats the word and a short one that holds it once,
// and the bound that pairs them is far above any score in the block. The steps keep the two
// apart. On Gutenberg, a top-10 over one common word (`have`, 862 blocks) must enter 230
// blocks with the pair alone and 38 with the steps; exact per-block maxima would enter 36.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>

#include "scoring/bm25.hpp"

namespace quarry::scoring {

/// The block's documents shorter than length[0] hold the word at most freq[0] times; those
/// from length[0] up to (not including) length[1] at most freq[1] times; the rest at most the
/// block's max_freq times. length[0] <= length[1]. All zero: one range, the whole block.
/// In 16 bits, as the writer chooses steps only where they fit (a longer document simply
/// falls in the last range).
struct LengthSteps {
    std::uint16_t length[2] = {0, 0};
    std::uint16_t freq[2] = {0, 0};

    friend bool operator==(const LengthSteps&, const LengthSteps&) = default;
};

/// A block's bounds as the skip table holds them.
struct BlockLimits {
    std::uint32_t max_freq = 0;
    std::uint32_t min_length = 0;
    LengthSteps steps;
};

/// The largest score `term` can give a document of the block: the largest of the three
/// ranges' bounds, each its frequency at its shortest length.
inline double upper_bound(const Bm25Term& term, const BlockLimits& block) {
    const std::uint32_t middle_length = block.steps.length[0] > block.min_length ? block.steps.length[0] : block.min_length;
    const std::uint32_t last_length = block.steps.length[1] > block.min_length ? block.steps.length[1] : block.min_length;
    double bound = term.upper_bound(block.max_freq, last_length);
    if (block.steps.freq[1] > 0) bound = std::max(bound, term.upper_bound(block.steps.freq[1], middle_length));
    if (block.steps.freq[0] > 0) bound = std::max(bound, term.upper_bound(block.steps.freq[0], block.min_length));
    return bound;
}

/// Whether a document of `length` holding the word `freq` times lies within the steps (its
/// range's frequency is at least freq). The block's max_freq and min_length are checked apart.
inline bool within_steps(const LengthSteps& steps, std::uint32_t freq, std::uint32_t length) {
    if (length < steps.length[0]) return freq <= steps.freq[0];
    if (length < steps.length[1]) return freq <= steps.freq[1];
    return true;
}

/// The steps for a block whose i-th document has frequency freqs[i] and length lengths[i]
/// that give the lowest upper_bound under the default BM25 parameters (k1 = 1.2, b = 0.75)
/// and `average_length`. Any steps are valid for any parameters; these are only tightest there.
/// REQUIRES: freqs.size() == lengths.size() >= 1, every freq >= 1.
LengthSteps choose_length_steps(std::span<const std::uint32_t> freqs, std::span<const std::uint32_t> lengths,
                                double average_length);

}  // namespace quarry::scoring
