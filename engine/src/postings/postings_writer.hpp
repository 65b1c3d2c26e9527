// Serialises one term's postings into the postings and positions streams of a segment.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "format/coding.hpp"
#include "postings/term_info.hpp"

namespace quarry::postings {

/// REQUIRES: `docs` strictly increasing; `freqs[i] >= 1`; `positions` holds freqs[i] strictly
/// increasing positions for each document in turn, or nothing at all for a list without
/// positions (a pair's: its pos_length is 0); `lengths` maps doc id -> field length, and
/// `average_length` is their mean, to which the blocks' length steps are tuned.
/// Appends the list to `doc_out` and its positions to `pos_out` and returns its TermInfo with
/// offsets relative to `doc_base`/`pos_base` (the streams' positions before this call).
TermInfo write_postings(std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                        std::span<const std::uint32_t> positions,
                        std::span<const std::uint32_t> lengths, double average_length, format::Bytes& doc_out,
                        format::Bytes& pos_out, std::uint64_t doc_base, std::uint64_t pos_base);

}  // namespace quarry::postings
