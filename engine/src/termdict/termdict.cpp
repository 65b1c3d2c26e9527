#include "termdict/termdict.hpp"

#include <algorithm>

#include "quarry/errors.hpp"

namespace quarry::termdict {
namespace {

// Version 6 appended the pair threshold to the three counts of versions 4 and 5, and version 8
// the pair rule's product after it.
constexpr std::uint32_t kPairThresholdVersion = 6;
constexpr std::uint32_t kPairProductVersion = 8;
constexpr std::size_t kTrailerSize = 40;
constexpr std::size_t kTrailerSizeWithoutProduct = 32;
constexpr std::size_t kTrailerSizeWithoutPairs = 24;
constexpr int kTermInfoFields = 7;  // the varints of an entry before version 7
// Version 7 stores a list's offsets only in the first entry of a block: the lists are laid
// end to end in key order (FORMAT.md §8, §9), so each further entry's lists start where the
// previous entry's end. On Gutenberg that saved a quarter of the dictionary, mostly on pair keys.
constexpr std::uint32_t kChainedOffsetsVersion = 7;

void put_term_info(format::Bytes& out, const postings::TermInfo& info, bool with_offsets) {
    format::put_varint(out, info.doc_freq);
    format::put_varint(out, info.max_freq);
    format::put_varint(out, info.min_length);
    if (with_offsets) format::put_varint(out, info.doc_offset);
    format::put_varint(out, info.doc_length);
    if (with_offsets) format::put_varint(out, info.pos_offset);
    format::put_varint(out, info.pos_length);
}

// Reads an entry's TermInfo. `previous` is the entry before it in its block, whose lists'
// ends are where this entry's lists start (null for a block's first entry); `chained`: the
// file stores offsets only in the first entry of a block (version 7 on).
postings::TermInfo get_term_info(format::ByteReader& in, const postings::TermInfo* previous, bool chained) {
    postings::TermInfo info;
    info.doc_freq = in.varint32();
    info.max_freq = in.varint32();
    info.min_length = in.varint32();
    const bool with_offsets = !chained || previous == nullptr;
    info.doc_offset = with_offsets ? in.varint() : previous->doc_offset + previous->doc_length;
    info.doc_length = in.varint();
    info.pos_offset = with_offsets ? in.varint() : previous->pos_offset + previous->pos_length;
    info.pos_length = in.varint();
    if (info.doc_freq == 0) in.fail("term with a document frequency of 0");
    return info;
}

// The first 8 bytes of `key` as a big-endian number, zero-padded. Padding only merges
// orders: two keys whose heads differ compare as their heads do; equal heads say nothing.
std::uint64_t key_head(std::string_view key) {
    std::uint64_t head = 0;
    const std::size_t n = std::min<std::size_t>(key.size(), 8);
    for (std::size_t i = 0; i < n; ++i) head |= std::uint64_t{static_cast<std::uint8_t>(key[i])} << (56 - 8 * i);
    return head;
}

}  // namespace

void TermDictBuilder::add(std::string_view key, const postings::TermInfo& info) {
    if (term_count_ > 0 && !(std::string_view(previous_key_) < key))
        throw Error("internal error: term dictionary keys out of order");
    std::size_t shared = 0;
    if (term_count_ % kTermsPerBlock == 0) {
        format::put_u64(block_offsets_, blocks_.size());
    } else {
        const std::size_t limit = std::min(previous_key_.size(), key.size());
        while (shared < limit && previous_key_[shared] == key[shared]) ++shared;
    }
    format::put_varint(blocks_, shared);
    format::put_string(blocks_, key.substr(shared));
    const bool first_in_block = term_count_ % kTermsPerBlock == 0;
    if (!first_in_block && (info.doc_offset != previous_info_.doc_offset + previous_info_.doc_length ||
                            info.pos_offset != previous_info_.pos_offset + previous_info_.pos_length))
        throw Error("internal error: term dictionary entries whose lists are not laid end to end");
    put_term_info(blocks_, info, first_in_block);
    previous_info_ = info;
    previous_key_.assign(key);
    ++term_count_;
}

void TermDictBuilder::finish(format::FileWriter& out) {
    format::Bytes trailer;
    format::put_u64(trailer, term_count_);
    format::put_u64(trailer, block_offsets_.size() / 8);
    format::put_u64(trailer, blocks_.size());
    format::put_u64(trailer, pair_rule_.min_doc_freq);
    format::put_u64(trailer, pair_rule_.min_product);
    out.write(blocks_);
    out.write(block_offsets_);
    out.write(trailer);
}

TermDictReader::TermDictReader(std::shared_ptr<format::MappedFile> file) : file_(std::move(file)) {
    const std::size_t trailer_size = file_->version() >= kPairProductVersion     ? kTrailerSize
                                     : file_->version() >= kPairThresholdVersion ? kTrailerSizeWithoutProduct
                                                                                 : kTrailerSizeWithoutPairs;
    if (file_->size() < trailer_size) file_->fail(-1, "term dictionary too small for its trailer");
    const std::uint8_t* trailer = file_->verified(file_->size() - trailer_size, trailer_size);
    term_count_ = format::get_u64(trailer);
    block_count_ = format::get_u64(trailer + 8);
    index_offset_ = format::get_u64(trailer + 16);
    if (trailer_size >= kTrailerSizeWithoutProduct) pair_rule_.min_doc_freq = format::get_u64(trailer + 24);
    if (trailer_size >= kTrailerSize) pair_rule_.min_product = format::get_u64(trailer + 32);
    chained_offsets_ = file_->version() >= kChainedOffsetsVersion;
    if (block_count_ != (term_count_ + kTermsPerBlock - 1) / kTermsPerBlock ||
        index_offset_ + block_count_ * 8 + trailer_size != file_->size())
        file_->fail(static_cast<std::int64_t>(file_->size() - trailer_size),
                    "term dictionary trailer is inconsistent with the file size");
    // Every query term's lookup binary-searches the blocks by their first keys: read from the
    // map, each probe is a cache miss on a different page, which cost a tenth of a short
    // conjunction. Copied once into one small buffer (a 330,000-term dictionary's 10,000 first
    // keys take about 200 KB), the probes stay in the cache.
    std::string key;
    for (std::uint64_t block = 0; block < block_count_; ++block) {
        std::uint64_t entries = 0;
        format::ByteReader in = open_block(block, entries);
        read_key(in, key, true);
        first_keys_.append(key);
        first_key_ends_.push_back(first_keys_.size());
        first_key_heads_.push_back(key_head(key));
    }
}

std::uint64_t TermDictReader::block_start(std::uint64_t block) const {
    if (block == block_count_) return index_offset_;
    std::uint64_t start = format::get_u64(file_->verified(index_offset_ + block * 8, 8));
    if (start >= index_offset_) file_->fail(-1, "term dictionary block offset out of range");
    return start;
}

std::uint64_t TermDictReader::find_block(std::string_view key) const {
    const std::uint64_t head = key_head(key);
    std::uint64_t low = 0, high = block_count_;  // answer in [low, high)
    while (high - low > 1) {
        const std::uint64_t mid = low + (high - low) / 2;
        bool at_or_before = first_key_heads_[mid] < head;
        if (first_key_heads_[mid] == head) {
            const std::size_t begin = mid == 0 ? 0 : first_key_ends_[mid - 1];
            at_or_before = std::string_view(first_keys_).substr(begin, first_key_ends_[mid] - begin) <= key;
        }
        if (at_or_before) low = mid;
        else high = mid;
    }
    return low;
}

format::ByteReader TermDictReader::open_block(std::uint64_t block, std::uint64_t& entries) const {
    const std::uint64_t start = block_start(block);
    const std::uint64_t end = block_start(block + 1);
    if (end < start) file_->fail(static_cast<std::int64_t>(start), "term dictionary blocks out of order");
    const std::uint8_t* bytes = file_->verified(start, end - start);
    entries = std::min<std::uint64_t>(kTermsPerBlock, term_count_ - block * kTermsPerBlock);
    return format::ByteReader(bytes, bytes + (end - start), file_->name(), start);
}

void TermDictReader::read_key(format::ByteReader& in, std::string& key, bool first_in_block) {
    const std::uint64_t shared = in.varint();
    if (shared > key.size()) in.fail("front-coded prefix longer than the previous term");
    if (first_in_block && shared != 0) in.fail("first term of a block is front-coded");
    key.resize(shared);
    key.append(in.string());
}

std::optional<postings::TermInfo> TermDictReader::find(std::string_view key) const {
    // scan() without its generality: every query term comes here. No key is rebuilt: the
    // walk keeps how many leading bytes the previous entry shares with `key`, and front
    // coding says how each entry relates to the previous one, so only a suffix that starts
    // exactly where the match ends is ever compared. Term infos of passed entries are stepped
    // over, not decoded; the walk stops at the first key past `key`.
    std::optional<postings::TermInfo> found;
    if (block_count_ == 0) return found;
    std::uint64_t entries = 0;
    format::ByteReader in = open_block(find_block(key), entries);
    std::size_t matched = 0;        // leading bytes the previous entry shares with `key`
    std::size_t previous_size = 0;  // the previous entry's key length
    postings::TermInfo previous;    // read only where offsets are chained
    for (std::uint64_t i = 0; i < entries; ++i) {
        const std::uint64_t shared = in.varint();
        if (shared > previous_size) in.fail("front-coded prefix longer than the previous term");
        if (i == 0 && shared != 0) in.fail("first term of a block is front-coded");
        const std::string_view suffix = in.string();
        previous_size = shared + suffix.size();
        // Keys increase, and the previous entry is below `key`. Sharing less with it than
        // `key` does, this entry rose above `key` at byte `shared`; sharing more, it still
        // holds the byte where the previous entry fell below `key`.
        if (shared < matched) return found;
        if (shared == matched) {
            const std::string_view rest = key.substr(matched);
            const std::size_t limit = std::min(rest.size(), suffix.size());
            std::size_t same = 0;
            while (same < limit && rest[same] == suffix[same]) ++same;
            matched += same;
            if (same == suffix.size()) {
                if (same == rest.size()) return get_term_info(in, i == 0 ? nullptr : &previous, chained_offsets_);  // the key itself
            } else if (same == rest.size() || static_cast<std::uint8_t>(suffix[same]) > static_cast<std::uint8_t>(rest[same])) {
                return found;  // past `key`
            }
        }
        if (!chained_offsets_) {
            in.skip_varints(kTermInfoFields);
        } else if (i == 0) {
            previous = get_term_info(in, nullptr, chained_offsets_);
        } else {  // only where the lists end matters to the entries after it
            in.skip_varints(3);
            previous.doc_offset += previous.doc_length;
            previous.doc_length = in.varint();
            previous.pos_offset += previous.pos_length;
            previous.pos_length = in.varint();
        }
    }
    return found;
}

TermDictReader::Iterator::Iterator(const TermDictReader& reader) : reader_(&reader) {
    if (valid()) load();
}

void TermDictReader::Iterator::next() {
    ++index_;
    if (index_ % kTermsPerBlock == 0 && !in_->at_end()) in_->fail("term dictionary block has trailing bytes");
    if (valid()) load();
}

void TermDictReader::Iterator::load() {
    const std::uint64_t block = index_ / kTermsPerBlock;
    if (index_ % kTermsPerBlock == 0) {
        std::uint64_t entries = 0;
        in_ = std::make_unique<format::ByteReader>(reader_->open_block(block, entries));
    }
    const bool first_in_block = index_ % kTermsPerBlock == 0;
    read_key(*in_, key_, first_in_block);
    info_ = get_term_info(*in_, first_in_block ? nullptr : &info_, reader_->chained_offsets_);
}

void TermDictReader::scan(std::string_view prefix,
                          const std::function<bool(std::string_view, const postings::TermInfo&)>& visit) const {
    if (block_count_ == 0) return;
    std::string key;
    for (std::uint64_t block = find_block(prefix); block < block_count_; ++block) {
        std::uint64_t entries = 0;
        format::ByteReader in = open_block(block, entries);
        postings::TermInfo info;
        for (std::uint64_t i = 0; i < entries; ++i) {
            read_key(in, key, i == 0);
            info = get_term_info(in, i == 0 ? nullptr : &info, chained_offsets_);
            if (key < prefix) continue;
            if (key.compare(0, prefix.size(), prefix) != 0) return;
            if (!visit(key, info)) return;
        }
        if (!in.at_end()) in.fail("term dictionary block has trailing bytes");
    }
}

}  // namespace quarry::termdict
