#include "segment_writer.hpp"

#include "index/fields.hpp"
#include "index/manifest.hpp"
#include "index/segment_reader.hpp"
#include "postings/postings_writer.hpp"

namespace quarry::indexer {
namespace {

// Postings are staged in memory and handed to the file in pieces of about this size.
constexpr std::size_t kWriteBuffer = 1 << 20;

}  // namespace

SegmentWriter::SegmentWriter(const std::filesystem::path& dir, const std::string& name, const store::FieldLengths& lengths)
    : dir_(dir), name_(name), lengths_(lengths), no_lengths_(lengths[0].size(), 1),
      doc_file_(index::segment_file(dir, name, index::kPostingsExtension), format::FileKind::Postings),
      pos_file_(index::segment_file(dir, name, index::kPositionsExtension), format::FileKind::Positions),
      pairs_(static_cast<std::uint32_t>(lengths[0].size()), pair_rule(lengths[0].size())) {
    dictionary_.set_pair_rule(pairs_.rule());
    for (std::size_t f = 0; f < average_lengths_.size(); ++f) {
        std::uint64_t total = 0;
        for (std::uint32_t length : lengths[f]) total += length;
        average_lengths_[f] = lengths[f].empty() ? 1.0 : static_cast<double>(total) / static_cast<double>(lengths[f].size());
    }
}

void SegmentWriter::add_term(std::string_view key, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                             std::span<const std::uint32_t> positions, Postings lifetime) {
    write_term(key, docs, freqs, positions);
    if (static_cast<index::Field>(key[0]) != index::Field::All || !pairs_.may_pair(docs.size())) return;
    if (lifetime == Postings::KeptUntilFinish) pairs_.add_term(key.substr(1), docs, freqs, positions);
    else pairs_.add_term_copy(key.substr(1), docs, freqs, positions);
}

void SegmentWriter::write_term(std::string_view key, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs,
                               std::span<const std::uint32_t> positions) {
    const auto field = static_cast<index::Field>(key[0]);
    const bool scored = field != index::Field::Id;
    const std::size_t scored_field = scored ? index::scored_index(index::length_field(field)) : 0;
    const auto& lengths = scored ? lengths_[scored_field] : no_lengths_;
    const double average_length = scored ? average_lengths_[scored_field] : 1.0;
    const postings::TermInfo info = postings::write_postings(docs, freqs, positions, lengths, average_length, doc_bytes_, pos_bytes_,
                                                             doc_file_.position(), pos_file_.position());
    dictionary_.add(key, info);
    flush_buffers(kWriteBuffer);
}

void SegmentWriter::flush_buffers(std::size_t threshold) {
    if (doc_bytes_.size() >= threshold) {
        doc_file_.write(doc_bytes_);
        doc_bytes_.clear();
    }
    if (pos_bytes_.size() >= threshold) {
        pos_file_.write(pos_bytes_);
        pos_bytes_.clear();
    }
}

void SegmentWriter::finish() {
    // Pair keys sort after every other key (their field byte is the highest).
    pairs_.build([&](std::string_view key, std::span<const std::uint32_t> docs, std::span<const std::uint32_t> freqs) {
        write_term(key, docs, freqs, {});
    });
    flush_buffers(0);
    doc_file_.finish();
    pos_file_.finish();
    format::FileWriter dict_file(index::segment_file(dir_, name_, index::kTermDictExtension), format::FileKind::TermDict);
    dictionary_.finish(dict_file);
    dict_file.finish();
    format::FileWriter length_file(index::segment_file(dir_, name_, index::kLengthsExtension), format::FileKind::Lengths);
    store::write_lengths(length_file, lengths_);
    length_file.finish();
}

}  // namespace quarry::indexer
