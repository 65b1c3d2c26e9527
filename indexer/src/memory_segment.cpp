#include "memory_segment.hpp"

#include <algorithm>

#include "index/fields.hpp"
#include "index/segment_reader.hpp"
#include "postings/postings_writer.hpp"
#include "quarry/errors.hpp"
#include "termdict/termdict.hpp"

namespace quarry::indexer {
namespace {

// Postings are staged in memory and handed to the file in pieces of about this size.
constexpr std::size_t kWriteBuffer = 1 << 20;

}  // namespace

MemorySegment::MemorySegment(std::filesystem::path dir, std::string name)
    : dir_(std::move(dir)), name_(std::move(name)),
      store_(std::make_unique<format::FileWriter>(index::segment_file(dir_, name_, index::kStoreExtension),
                                                  format::FileKind::Store)) {}

void MemorySegment::add_token(const std::string& key, std::uint32_t position) {
    TermPostings& postings = terms_[key];
    if (!postings.docs.empty() && postings.docs.back() == doc_count_) {
        ++postings.freqs.back();
    } else {
        postings.docs.push_back(doc_count_);
        postings.freqs.push_back(1);
    }
    postings.positions.push_back(position);
}

void MemorySegment::add(const Document& doc, analysis::Analyzer& analyzer) {
    if (doc_count_ == UINT32_MAX - 1) throw Error("a segment cannot hold more than 4294967294 documents");
    title_tokens_.clear();
    text_tokens_.clear();
    const std::uint32_t title_end = analyzer.analyze(doc.title, title_tokens_);
    analyzer.analyze(doc.text, text_tokens_, title_end + index::kFieldGap);

    add_token(index::make_key(index::Field::Id, doc.id), 0);
    for (const auto& token : title_tokens_) {
        add_token(index::make_key(index::Field::All, token.term), token.position);
        add_token(index::make_key(index::Field::Title, token.term), token.position);
    }
    for (const auto& token : text_tokens_) add_token(index::make_key(index::Field::All, token.term), token.position);
    lengths_[index::scored_index(index::Field::All)].push_back(static_cast<std::uint32_t>(title_tokens_.size() + text_tokens_.size()));
    lengths_[index::scored_index(index::Field::Title)].push_back(static_cast<std::uint32_t>(title_tokens_.size()));
    store_.add(doc);
    ++doc_count_;
}

index::SegmentMeta MemorySegment::write() {
    std::vector<const std::string*> keys;
    keys.reserve(terms_.size());
    for (const auto& entry : terms_) keys.push_back(&entry.first);
    std::sort(keys.begin(), keys.end(), [](const std::string* a, const std::string* b) { return *a < *b; });

    format::FileWriter doc_file(index::segment_file(dir_, name_, index::kPostingsExtension), format::FileKind::Postings);
    format::FileWriter pos_file(index::segment_file(dir_, name_, index::kPositionsExtension), format::FileKind::Positions);
    termdict::TermDictBuilder dictionary;
    format::Bytes doc_bytes, pos_bytes;
    const std::vector<std::uint32_t> no_lengths(doc_count_, 1);  // the id field has no lengths
    for (const std::string* key : keys) {
        const TermPostings& postings = terms_.at(*key);
        const auto field = static_cast<index::Field>((*key)[0]);
        const auto& lengths = field == index::Field::Id ? no_lengths : lengths_[index::scored_index(field)];
        postings::TermInfo info = postings::write_postings(postings.docs, postings.freqs, postings.positions, lengths,
                                                           doc_bytes, pos_bytes, doc_file.position(), pos_file.position());
        dictionary.add(*key, info);
        if (doc_bytes.size() >= kWriteBuffer) {
            doc_file.write(doc_bytes);
            doc_bytes.clear();
        }
        if (pos_bytes.size() >= kWriteBuffer) {
            pos_file.write(pos_bytes);
            pos_bytes.clear();
        }
    }
    doc_file.write(doc_bytes);
    pos_file.write(pos_bytes);
    doc_file.finish();
    pos_file.finish();
    terms_.clear();

    format::FileWriter dict_file(index::segment_file(dir_, name_, index::kTermDictExtension), format::FileKind::TermDict);
    dictionary.finish(dict_file);
    dict_file.finish();

    format::FileWriter length_file(index::segment_file(dir_, name_, index::kLengthsExtension), format::FileKind::Lengths);
    store::write_lengths(length_file, lengths_);
    length_file.finish();

    store_.finish();
    return {name_, doc_count_};
}

}  // namespace quarry::indexer
