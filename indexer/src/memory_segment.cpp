#include "memory_segment.hpp"

#include <algorithm>

#include "index/fields.hpp"
#include "index/segment_reader.hpp"
#include "quarry/errors.hpp"
#include "segment_writer.hpp"

namespace quarry::indexer {
MemorySegment::MemorySegment(std::filesystem::path dir, std::string name)
    : dir_(std::move(dir)), name_(std::move(name)),
      store_(std::make_unique<format::FileWriter>(index::segment_file(dir_, name_, index::kStoreExtension),
                                                  format::FileKind::Store)) {}

void MemorySegment::add_token(const std::string& key, std::uint32_t position) {
    auto [entry, added] = terms_.try_emplace(key);
    TermPostings& postings = entry->second;
    // The table's slots are counted by approximate_bytes(); a long key also has a heap copy.
    if (added && key.size() >= sizeof(std::string)) bytes_ += key.capacity() + 1;
    // Count what the vectors reserve, not what they hold: growth doubles their capacity.
    const std::size_t capacity_before = postings.docs.capacity() + postings.freqs.capacity() + postings.positions.capacity();
    if (!postings.docs.empty() && postings.docs.back() == doc_count_) {
        ++postings.freqs.back();
    } else {
        postings.docs.push_back(doc_count_);
        postings.freqs.push_back(1);
    }
    postings.positions.push_back(position);
    bytes_ += 4 * (postings.docs.capacity() + postings.freqs.capacity() + postings.positions.capacity() - capacity_before);
}

void MemorySegment::add(const Document& doc, analysis::Analyzer& analyzer) {
    if (doc_count_ == UINT32_MAX - 1) throw Error("a segment cannot hold more than 4294967294 documents");
    title_tokens_.clear();
    text_tokens_.clear();
    const std::uint32_t title_end = analyzer.analyze(doc.title, title_tokens_);
    analyzer.analyze(doc.text, text_tokens_, title_end + index::kFieldGap);

    // Keys are built in one reused buffer: a token costs no allocation unless its term is new.
    auto add_field_token = [&](index::Field field, const std::string& term, std::uint32_t position) {
        key_.assign(1, static_cast<char>(field));
        key_.append(term);
        add_token(key_, position);
    };
    add_field_token(index::Field::Id, doc.id, 0);
    for (const auto& token : title_tokens_) {
        add_field_token(index::Field::All, token.term, token.position);
        add_field_token(index::Field::Title, token.term, token.position);
    }
    for (const auto& token : text_tokens_) add_field_token(index::Field::All, token.term, token.position);
    lengths_[index::scored_index(index::Field::All)].push_back(static_cast<std::uint32_t>(title_tokens_.size() + text_tokens_.size()));
    lengths_[index::scored_index(index::Field::Title)].push_back(static_cast<std::uint32_t>(title_tokens_.size()));
    store_.add(doc);
    ++doc_count_;
}

index::SegmentMeta MemorySegment::write() {
    using Entry = std::pair<const std::string, TermPostings>;
    std::vector<const Entry*> entries;
    entries.reserve(terms_.size());
    for (const auto& entry : terms_) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(), [](const Entry* a, const Entry* b) { return a->first < b->first; });
    SegmentWriter writer(dir_, name_, lengths_);
    for (const Entry* entry : entries) {
        const TermPostings& postings = entry->second;
        writer.add_term(entry->first, postings.docs, postings.freqs, postings.positions, SegmentWriter::Postings::KeptUntilFinish);
    }
    writer.finish();
    terms_.clear();
    store_.finish();
    return {name_, doc_count_};
}

}  // namespace quarry::indexer
