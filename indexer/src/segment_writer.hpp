// Writes a segment's postings, positions, term dictionary, pair keys and field lengths, term by
// term in key order. Shared by the in-memory segment (flush) and the merger, so that both produce
// byte-identical layouts from the same postings, and choose and build pairs the same way.
#pragma once

#include <array>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "format/file_format.hpp"
#include "pair_builder.hpp"
#include "store/doc_lengths.hpp"
#include "termdict/termdict.hpp"

namespace quarry::indexer {

class SegmentWriter {
public:
    /// `lengths` are the field lengths of every document of the new segment (kept by reference).
    SegmentWriter(const std::filesystem::path& dir, const std::string& name, const store::FieldLengths& lengths);

    /// Whether add_term's postings stay valid until finish() (the flush's do), or the caller
    /// reuses them (the merge's buffers): then the pair builder copies those it needs.
    enum class Postings { KeptUntilFinish, Reused };

    /// REQUIRES: keys strictly increasing, none of them a pair key (finish() adds those); the
    /// postings as for postings::write_postings.
    void add_term(std::string_view key, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                  std::span<const std::uint32_t> positions, Postings lifetime);
    /// Writes the pair keys, then the rest, and fsyncs every file.
    void finish();

private:
    void flush_buffers(std::size_t threshold);
    void write_term(std::string_view key, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                    std::span<const std::uint32_t> positions);

    std::filesystem::path dir_;
    std::string name_;
    const store::FieldLengths& lengths_;
    std::vector<std::uint32_t> no_lengths_;  // the id field has no lengths
    std::array<double, index::kScoredFieldCount> average_lengths_{};  // each field's, in this segment
    format::FileWriter doc_file_;
    format::FileWriter pos_file_;
    termdict::TermDictBuilder dictionary_;
    format::Bytes doc_bytes_, pos_bytes_;
    PairBuilder pairs_;
};

}  // namespace quarry::indexer
