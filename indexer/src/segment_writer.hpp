// Writes a segment's postings, positions, term dictionary and field lengths, term by term in
// key order. Shared by the in-memory segment (flush) and the merger, so that both produce
// byte-identical layouts from the same postings.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "format/file_format.hpp"
#include "store/doc_lengths.hpp"
#include "termdict/termdict.hpp"

namespace quarry::indexer {

class SegmentWriter {
public:
    /// `lengths` are the field lengths of every document of the new segment (kept by reference).
    SegmentWriter(const std::filesystem::path& dir, const std::string& name, const store::FieldLengths& lengths);

    /// REQUIRES: keys strictly increasing; the postings as for postings::write_postings (a
    /// pair key's without positions).
    void add_term(std::string_view key, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                  std::span<const std::uint32_t> positions);
    /// The segment's pair threshold (termdict::TermDictBuilder::set_pair_min_doc_freq).
    void set_pair_min_doc_freq(std::uint64_t doc_freq) { dictionary_.set_pair_min_doc_freq(doc_freq); }
    /// Writes the rest and fsyncs every file.
    void finish();

private:
    void flush_buffers(std::size_t threshold);

    std::filesystem::path dir_;
    std::string name_;
    const store::FieldLengths& lengths_;
    std::vector<std::uint32_t> no_lengths_;  // the id field has no lengths
    format::FileWriter doc_file_;
    format::FileWriter pos_file_;
    termdict::TermDictBuilder dictionary_;
    format::Bytes doc_bytes_, pos_bytes_;
};

}  // namespace quarry::indexer
