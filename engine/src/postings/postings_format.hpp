// Layout constants of a postings list (FORMAT.md, "Postings lists"). A list of df documents is
// ceil(df/128) blocks; when there is more than one, a skip table of fixed entries precedes them:
//
//   skip entry (32 bytes):  u32 last_doc, u32 data_end, u32 max_freq, u32 min_length, u64 pos_start,
//                           u16 step_length[2], u16 step_freq[2]
//
// data_end is the offset just past the block, counted from the first block's first byte;
// pos_start is where the block's positions start, counted from the list's positions offset.
// max_freq, min_length and the length steps (scoring::BlockLimits) bound every BM25 score in
// the block for any k1, b and collection statistics, which is what block-max pruning needs
// without fixing the parameters at index time. Before version 9 an entry ends at pos_start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

namespace quarry::postings {

inline constexpr std::size_t kSkipEntrySize = 32;
/// Skip entries hold length steps from version 9 on; earlier ones are 24 bytes, without.
inline constexpr std::uint32_t kLengthStepsVersion = 9;
inline constexpr std::size_t kSkipEntrySizeBefore9 = 24;
/// First byte of a dense full block, whose documents are a bit set over the range from the
/// previous block's last document to its own (a packed block's first byte, its gap width,
/// is at most 32). Only in lists with a skip table, which gives both ends of the range.
inline constexpr std::uint8_t kDenseBlockMarker = 0xff;
/// Positions are bit-packed in runs of this many values (the last run of a block may be
/// shorter), from version 7 on; earlier versions hold them as varints.
inline constexpr std::size_t kPositionRun = 128;
inline constexpr std::uint32_t kPackedPositionsVersion = 7;
/// A tail block's frequencies are bit-packed after their width from version 8 on; earlier
/// versions hold them as varints.
inline constexpr std::uint32_t kPackedTailFrequenciesVersion = 8;
inline constexpr std::uint32_t kEndDoc = std::numeric_limits<std::uint32_t>::max();

}  // namespace quarry::postings
