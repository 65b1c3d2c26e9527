// A segment being built in memory: documents are analysed and inverted as they arrive, their
// stored form streams straight to the segment's store file; write() serialises the rest.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "analysis/analyzer.hpp"
#include "index/manifest.hpp"
#include "quarry/document.hpp"
#include "store/doc_lengths.hpp"
#include "store/doc_store.hpp"

namespace quarry::indexer {

class MemorySegment {
public:
    MemorySegment(std::filesystem::path dir, std::string name);
    void add(const Document& doc, analysis::Analyzer& analyzer);
    std::uint32_t doc_count() const { return doc_count_; }
    /// Memory the postings take, approximately (what the memory budget is compared with).
    std::uint64_t approximate_bytes() const {
        // The open-addressing table: one slot and one control byte per bucket.
        return bytes_ + terms_.capacity() * (sizeof(decltype(terms_)::value_type) + 1);
    }
    /// Writes and fsyncs every component file; returns the segment's manifest entry.
    index::SegmentMeta write();

private:
    struct TermPostings {
        std::vector<std::uint32_t> docs;
        std::vector<std::uint32_t> freqs;
        std::vector<std::uint32_t> positions;
    };
    void add_token(const std::string& key, std::uint32_t position);

    std::filesystem::path dir_;
    std::string name_;
    absl::flat_hash_map<std::string, TermPostings> terms_;
    store::FieldLengths lengths_;
    store::StoreWriter store_;
    std::uint32_t doc_count_ = 0;
    std::uint64_t bytes_ = 0;
    std::vector<analysis::Token> title_tokens_, text_tokens_;
    std::string key_;
};

}  // namespace quarry::indexer
