#include "merger.hpp"

#include <queue>

#include "index/deletions.hpp"
#include "postings/postings_cursor.hpp"
#include "quarry/errors.hpp"
#include "segment_writer.hpp"
#include "store/doc_store.hpp"

namespace quarry::indexer {

index::SegmentMeta merge_segments(const std::filesystem::path& dir, const std::string& name,
                                  const std::vector<std::shared_ptr<index::SegmentReader>>& segments) {
    // New numbers: live documents in segment order; kEndDoc for deleted ones.
    std::vector<std::vector<std::uint32_t>> renumber(segments.size());
    store::FieldLengths lengths;
    std::uint64_t next = 0;
    store::StoreWriter store(std::make_unique<format::FileWriter>(index::segment_file(dir, name, index::kStoreExtension),
                                                                  format::FileKind::Store));
    std::vector<std::string_view> block_ids;
    for (std::size_t s = 0; s < segments.size(); ++s) {
        const index::SegmentReader& segment = *segments[s];
        const std::uint8_t* deleted = segment.deleted_bits();
        renumber[s].assign(segment.doc_count(), postings::kEndDoc);
        for (std::uint32_t doc = 0; doc < segment.doc_count(); ++doc) {
            if (index::is_deleted(deleted, doc)) continue;
            if (next >= UINT32_MAX - 1) throw Error("a merged segment cannot hold more than 4294967294 documents");
            renumber[s][doc] = static_cast<std::uint32_t>(next++);
            for (index::Field field : index::kScoredFields)
                lengths[index::scored_index(field)].push_back(segment.lengths().lengths(field)[doc]);
        }
        // Stored documents: a block that lost none of its documents is copied as it is (its
        // frame is checksummed twice, by the file's chunk table and by zstd); the others are
        // decompressed and their live documents added again.
        const store::StoreReader& documents = segment.store();
        for (std::uint32_t b = 0; b < documents.block_count(); ++b) {
            const store::StoreReader::Block block = documents.block(b);
            bool whole = true;
            for (std::uint32_t doc = block.first_doc; doc < block.end_doc && whole; ++doc) whole = !index::is_deleted(deleted, doc);
            if (whole) {
                block_ids.clear();
                for (std::uint32_t doc = block.first_doc; doc < block.end_doc; ++doc) block_ids.push_back(documents.id(doc));
                store.add_block(block.frame, block.frame_size, block_ids);
            } else {
                for (std::uint32_t doc = block.first_doc; doc < block.end_doc; ++doc)
                    if (!index::is_deleted(deleted, doc)) store.add(documents.get(doc));
            }
            if (b % 64 == 0) documents.release_before(block.first_doc);  // keep memory bounded
        }
        documents.release_before(segment.doc_count());
        documents.file().release_before(documents.file().size());
    }

    SegmentWriter writer(dir, name, lengths);
    std::vector<termdict::TermDictReader::Iterator> terms;
    for (const auto& segment : segments) terms.emplace_back(segment->terms());
    // Smallest key first; among equal keys, the earlier segment first (its documents come first).
    auto later = [&](std::size_t a, std::size_t b) { return terms[a].key() > terms[b].key() || (terms[a].key() == terms[b].key() && a > b); };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> heads(later);
    for (std::size_t s = 0; s < terms.size(); ++s)
        if (terms[s].valid()) heads.push(s);

    std::vector<std::uint32_t> docs, freqs, positions;
    std::string key;
    std::uint64_t terms_merged = 0;
    while (!heads.empty()) {
        key = terms[heads.top()].key();
        // Pair keys sort last (their field byte is the highest): every key left is one. The
        // writer builds them anew from the merged lists: a term common in the merged segment may
        // not have been in each of the segments merged, which then hold none of its pairs.
        if (static_cast<index::Field>(key[0]) == index::Field::AllPairs) break;
        docs.clear();
        freqs.clear();
        positions.clear();
        while (!heads.empty() && terms[heads.top()].key() == key) {
            const std::size_t s = heads.top();
            heads.pop();
            const index::SegmentReader& segment = *segments[s];
            postings::PostingsCursor cursor(segment.postings(), &segment.positions(), terms[s].info());
            for (std::uint32_t doc = cursor.doc(); doc != postings::kEndDoc; doc = cursor.next()) {
                if (renumber[s][doc] == postings::kEndDoc) continue;
                docs.push_back(renumber[s][doc]);
                freqs.push_back(cursor.freq());
                const auto& doc_positions = cursor.positions();
                positions.insert(positions.end(), doc_positions.begin(), doc_positions.end());
            }
            // Lists are laid out in key order, so everything before this one is done with.
            if (++terms_merged % 1024 == 0) {
                segment.postings().release_before(terms[s].info().doc_offset);
                segment.positions().release_before(terms[s].info().pos_offset);
            }
            terms[s].next();
            if (terms[s].valid()) heads.push(s);
        }
        if (!docs.empty()) writer.add_term(key, docs, freqs, positions, SegmentWriter::Postings::Reused);
    }
    writer.finish();
    store.finish();
    return {name, static_cast<std::uint32_t>(next), 0, 0};
}

}  // namespace quarry::indexer
