#include "postings/postings_writer.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <vector>

#include "codec/bitpack.hpp"
#include "codec/bitset.hpp"
#include "postings/postings_format.hpp"
#include "scoring/block_limits.hpp"

namespace quarry::postings {
namespace {

// A full block is stored as a bit set (FORMAT.md §8) while that takes less than this many
// times the bytes of its packed gaps. Readers test a bit set's membership with one load, and
// count or intersect it a word at a time without decoding it, so a little more size pays back:
// on Gutenberg a slack of 2 rather than 1 (a bit set only where smaller) cost 1.7 MB of the
// terms' postings (38.5 to 40.2 MB) and cut the AOL log's count classes by 12 to 19% and its
// conjunction and phrase classes by 7% (3 alternated rounds); 2.5 cost 3.3 MB and gained
// nothing more.
constexpr std::size_t kDenseBlockSlack = 2;

// A block's positions (FORMAT.md §9): runs of 128 values bit-packed as the doc blocks are,
// and the rest in one shorter run, each after its bit width.
void write_positions(const std::vector<std::uint32_t>& values, format::Bytes& out) {
    for (std::size_t first = 0; first < values.size(); first += kPositionRun) {
        const std::size_t count = std::min(kPositionRun, values.size() - first);
        const std::uint32_t bits = codec::max_bits(values.data() + first, count);
        out.push_back(static_cast<std::uint8_t>(bits));
        const std::size_t at = out.size();
        if (count == kPositionRun) {
            out.resize(at + 16 * std::size_t{bits});
            codec::pack128(values.data() + first, bits, out.data() + at);
        } else {
            out.resize(at + codec::packed_bytes(count, bits));
            codec::pack_bits(values.data() + first, count, bits, out.data() + at);
        }
    }
}

}  // namespace

TermInfo write_postings(std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                        std::span<const std::uint32_t> positions,
                        std::span<const std::uint32_t> lengths, double average_length, format::Bytes& doc_out,
                        format::Bytes& pos_out, std::uint64_t doc_base, std::uint64_t pos_base) {
    using codec::kBlockSize;
    const std::size_t count = docs.size();
    const std::size_t blocks = (count + kBlockSize - 1) / kBlockSize;
    TermInfo info;
    info.doc_freq = static_cast<std::uint32_t>(count);
    info.doc_offset = doc_base + doc_out.size();
    info.pos_offset = pos_base + pos_out.size();
    const std::size_t list_start = doc_out.size();
    const std::size_t pos_list_start = pos_out.size();
    const bool with_positions = !positions.empty();

    const std::size_t skip_start = doc_out.size();
    if (blocks > 1) doc_out.resize(doc_out.size() + blocks * kSkipEntrySize);
    const std::size_t data_start = doc_out.size();

    std::uint32_t gaps[kBlockSize];
    std::uint32_t freq_minus_one[kBlockSize];
    std::uint32_t block_lengths[kBlockSize];
    std::uint32_t previous = kEndDoc;  // so that the first gap is the doc id itself
    std::size_t position_index = 0;
    std::vector<std::uint32_t> block_positions;  // each doc's first position, then the differences
    for (std::size_t block = 0; block < blocks; ++block) {
        const std::size_t first = block * kBlockSize;
        const std::size_t size = std::min(kBlockSize, count - first);
        const std::uint64_t pos_start = pos_out.size() - pos_list_start;
        const std::uint32_t previous_block_last = previous;
        std::uint32_t block_max_freq = 0;
        std::uint32_t block_min_length = std::numeric_limits<std::uint32_t>::max();
        for (std::size_t i = 0; i < size; ++i) {
            const std::uint32_t doc = docs[first + i];
            gaps[i] = doc - previous - 1;
            previous = doc;
            const std::uint32_t freq = freqs[first + i];
            freq_minus_one[i] = freq - 1;
            block_max_freq = std::max(block_max_freq, freq);
            block_lengths[i] = lengths[doc];
            block_min_length = std::min(block_min_length, lengths[doc]);
            std::uint32_t previous_position = 0;
            for (std::uint32_t p = 0; p < freq && with_positions; ++p) {
                const std::uint32_t position = positions[position_index++];
                block_positions.push_back(p == 0 ? position : position - previous_position);
                previous_position = position;
            }
        }
        // Readers sum a block's frequencies in 32 bits (FORMAT.md §9).
        if (block_positions.size() > std::numeric_limits<std::uint32_t>::max())
            throw std::length_error("a term has 2^32 positions or more in 128 consecutive documents");
        write_positions(block_positions, pos_out);
        block_positions.clear();
        if (size == kBlockSize) {
            const std::uint32_t doc_bits = codec::max_bits(gaps, size);
            const std::uint32_t freq_bits = codec::max_bits(freq_minus_one, size);
            // The documents (previous_block_last, previous]: a bit set unless that is
            // kDenseBlockSlack times the packed gaps' size or more.
            const std::uint32_t span = previous - previous_block_last;
            const bool dense = blocks > 1 && codec::bitset_bytes(span) < kDenseBlockSlack * 16 * std::size_t{doc_bits};
            const std::size_t doc_bytes = dense ? codec::bitset_bytes(span) : 16 * std::size_t{doc_bits};
            doc_out.push_back(dense ? kDenseBlockMarker : static_cast<std::uint8_t>(doc_bits));
            doc_out.push_back(static_cast<std::uint8_t>(freq_bits));
            const std::size_t at = doc_out.size();
            doc_out.resize(at + doc_bytes + 16 * freq_bits);
            if (dense) codec::pack_bitset(docs.data() + first, size, previous_block_last + 1, span, doc_out.data() + at);
            else codec::pack128(gaps, doc_bits, doc_out.data() + at);
            codec::pack128(freq_minus_one, freq_bits, doc_out.data() + at + doc_bytes);
        } else {
            // Varint gaps, then the frequencies bit-packed after their width: most are 1, and
            // a width of 0 stores a whole tail's in one byte (FORMAT.md §8, "Tail block").
            for (std::size_t i = 0; i < size; ++i) format::put_varint(doc_out, gaps[i]);
            const std::uint32_t freq_bits = codec::max_bits(freq_minus_one, size);
            doc_out.push_back(static_cast<std::uint8_t>(freq_bits));
            const std::size_t at = doc_out.size();
            doc_out.resize(at + codec::packed_bytes(size, freq_bits));
            codec::pack_bits(freq_minus_one, size, freq_bits, doc_out.data() + at);
        }
        info.max_freq = std::max(info.max_freq, block_max_freq);
        info.min_length = block == 0 ? block_min_length : std::min(info.min_length, block_min_length);
        if (blocks > 1) {
            format::Bytes entry;
            format::put_u32(entry, previous);
            format::put_u32(entry, static_cast<std::uint32_t>(doc_out.size() - data_start));
            format::put_u32(entry, block_max_freq);
            format::put_u32(entry, block_min_length);
            format::put_u64(entry, pos_start);
            const scoring::LengthSteps steps =
                scoring::choose_length_steps(freqs.subspan(first, size), std::span(block_lengths, size), average_length);
            for (std::uint16_t value : {steps.length[0], steps.length[1], steps.freq[0], steps.freq[1]}) format::put_u16(entry, value);
            std::copy(entry.begin(), entry.end(), doc_out.begin() + static_cast<std::ptrdiff_t>(skip_start + block * kSkipEntrySize));
        }
    }
    info.doc_length = doc_out.size() - list_start;
    info.pos_length = pos_out.size() - pos_list_start;
    return info;
}

}  // namespace quarry::postings
