// The term dictionary of a segment (FORMAT.md, "Term dictionary"): every key (a field byte
// followed by the term's UTF-8 bytes) in byte order, in front-coded blocks of up to 32 entries.
// A block starts with a full key so that lookups binary-search the blocks by their first keys
// and then scan at most one block; prefix queries walk a key range the same way.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "format/coding.hpp"
#include "format/file_format.hpp"
#include "postings/term_info.hpp"

namespace quarry::termdict {

inline constexpr std::uint32_t kTermsPerBlock = 32;
/// A pair threshold that no term reaches: the segment has no pair keys.
inline constexpr std::uint64_t kNoPairs = UINT64_MAX;

/// Which two All terms found at adjacent positions have a pair key in a segment (FORMAT.md §6,
/// "Pair keys"), by their doc_freqs there: both common (at least `min_doc_freq`), or one so
/// common that the two together are (the product at least `min_product`). kNoPairs turns a
/// part off.
struct PairRule {
    std::uint64_t min_doc_freq = kNoPairs;
    std::uint64_t min_product = kNoPairs;

    bool covers(std::uint32_t first_doc_freq, std::uint32_t second_doc_freq) const {
        // Below 2^64 - 1 = kNoPairs: (2^32 - 1)^2 is.
        return (first_doc_freq >= min_doc_freq && second_doc_freq >= min_doc_freq) ||
               std::uint64_t{first_doc_freq} * second_doc_freq >= min_product;
    }
    /// The least doc_freq a term of a covered pair has in a segment of `doc_count` documents:
    /// min_doc_freq, or what makes min_product with a term in every document.
    std::uint64_t least_doc_freq(std::uint64_t doc_count) const {
        if (min_product == kNoPairs || doc_count == 0) return min_doc_freq;
        return std::min(min_doc_freq, (min_product + doc_count - 1) / doc_count);
    }
};

/// Builds the dictionary in memory; keys must be added in strictly increasing byte order.
class TermDictBuilder {
public:
    void add(std::string_view key, const postings::TermInfo& info);
    /// Writes the dictionary body (blocks, block index, trailer) to `out`.
    void finish(format::FileWriter& out);
    std::uint64_t term_count() const { return term_count_; }
    /// Records that the segment holds the pair key of every two All terms found at adjacent
    /// positions that `rule` covers.
    void set_pair_rule(const PairRule& rule) { pair_rule_ = rule; }

private:
    PairRule pair_rule_;
    format::Bytes blocks_;
    format::Bytes block_offsets_;
    std::string previous_key_;
    postings::TermInfo previous_info_;
    std::uint64_t term_count_ = 0;
};

/// Reads a dictionary off its mapped file. Lookups are thread-safe.
class TermDictReader {
public:
    explicit TermDictReader(std::shared_ptr<format::MappedFile> file);

    std::optional<postings::TermInfo> find(std::string_view key) const;
    /// Calls `visit(key, info)` for every key that starts with `prefix`, in key order,
    /// until `visit` returns false.
    void scan(std::string_view prefix,
              const std::function<bool(std::string_view, const postings::TermInfo&)>& visit) const;
    std::uint64_t term_count() const { return term_count_; }
    /// The segment's pair rule (TermDictBuilder::set_pair_rule): no pairs before version 6,
    /// and no product part before version 8.
    const PairRule& pair_rule() const { return pair_rule_; }
    /// Whether the segment holds the pair of two terms whose dictionary entries say these
    /// doc_freqs, wherever they are adjacent: then a pair that has no key occurs nowhere in it.
    bool pairs_cover(std::uint32_t first_doc_freq, std::uint32_t second_doc_freq) const {
        return pair_rule_.covers(first_doc_freq, second_doc_freq);
    }
    const format::MappedFile& file() const { return *file_; }

    /// Walks every key in order, one at a time (for merging dictionaries).
    class Iterator {
    public:
        explicit Iterator(const TermDictReader& reader);
        bool valid() const { return index_ < reader_->term_count_; }
        const std::string& key() const { return key_; }
        const postings::TermInfo& info() const { return info_; }
        void next();

    private:
        void load();
        const TermDictReader* reader_;
        std::uint64_t index_ = 0;
        std::unique_ptr<format::ByteReader> in_;
        std::string key_;
        postings::TermInfo info_;
    };

private:
    std::uint64_t block_start(std::uint64_t block) const;
    /// Index of the last block whose first key is <= key (0 if none).
    std::uint64_t find_block(std::string_view key) const;
    // A reader over block `block`'s bytes; `entries` receives how many terms it holds.
    format::ByteReader open_block(std::uint64_t block, std::uint64_t& entries) const;
    // Reads the next key of a block into `key`, undoing the front coding.
    static void read_key(format::ByteReader& in, std::string& key, bool first_in_block);

    std::shared_ptr<format::MappedFile> file_;
    std::uint64_t term_count_ = 0;
    std::uint64_t block_count_ = 0;
    std::uint64_t index_offset_ = 0;
    PairRule pair_rule_;
    bool chained_offsets_ = false;  // entries after a block's first hold no offsets (version 7 on)
    // The blocks' first keys, concatenated; block b's ends at first_key_ends_[b].
    std::string first_keys_;
    std::vector<std::size_t> first_key_ends_;
    // Each first key's first 8 bytes as a big-endian number, zero-padded (key_head): most
    // probes of the binary search are settled by one integer compare, without a memcmp call.
    std::vector<std::uint64_t> first_key_heads_;
};

}  // namespace quarry::termdict
