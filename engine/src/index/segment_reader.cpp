#include "index/segment_reader.hpp"

#include "postings/postings_cursor.hpp"
#include "quarry/errors.hpp"

namespace quarry::index {
namespace {

std::shared_ptr<format::MappedFile> open_component(const std::filesystem::path& dir, const SegmentMeta& meta,
                                                   const char* extension, format::FileKind kind) {
    return format::MappedFile::open(segment_file(dir, meta.name, extension), kind);
}

}  // namespace

SegmentReader::SegmentReader(const std::filesystem::path& dir, const SegmentMeta& meta)
    : name_(meta.name),
      terms_(open_component(dir, meta, kTermDictExtension, format::FileKind::TermDict)),
      postings_(open_component(dir, meta, kPostingsExtension, format::FileKind::Postings)),
      positions_(open_component(dir, meta, kPositionsExtension, format::FileKind::Positions)),
      lengths_(open_component(dir, meta, kLengthsExtension, format::FileKind::Lengths)),
      store_(open_component(dir, meta, kStoreExtension, format::FileKind::Store)) {
    if (lengths_.doc_count() != meta.doc_count || store_.doc_count() != meta.doc_count)
        throw CorruptIndexError(segment_file(dir, meta.name, kLengthsExtension).string(), -1,
                                "segment " + meta.name + " holds a different number of documents (" +
                                    std::to_string(lengths_.doc_count()) + " lengths, " +
                                    std::to_string(store_.doc_count()) + " stored) than the manifest records (" +
                                    std::to_string(meta.doc_count) + ")");
    if (meta.deletions_generation > 0) {
        deleted_ = read_deletions(deletions_file(dir, meta.name, meta.deletions_generation), meta.doc_count, meta.deleted_count);
        deleted_count_ = meta.deleted_count;
    }
}

std::vector<std::pair<std::string, std::uint64_t>> SegmentReader::component_sizes() const {
    return {{"terms", terms_.file().file_size()},
            {"postings", postings_->file_size()},
            {"positions", positions_->file_size()},
            {"lengths", lengths_.file().file_size()},
            {"store", store_.file().file_size()}};
}

void SegmentReader::check() const {
    terms_.file().verify_all();
    postings_->verify_all();
    positions_->verify_all();
    lengths_.file().verify_all();
    store_.verify();
    const std::uint32_t docs = doc_count();
    std::uint64_t ids = 0;
    std::string failure;
    std::string previous_key;
    const std::vector<std::uint32_t> no_positions;
    terms_.scan("", [&](std::string_view key, const postings::TermInfo& info) {
        if (!previous_key.empty() && !(previous_key < key)) {
            failure = "term dictionary keys are not in increasing order";
            return false;
        }
        previous_key.assign(key);
        if (key.empty() || static_cast<std::uint8_t>(key[0]) > static_cast<std::uint8_t>(Field::AllPairs)) {
            failure = "term dictionary holds a key with an unknown field";
            return false;
        }
        const Field field = static_cast<Field>(key[0]);
        const std::uint32_t* lengths = field == Field::Id ? nullptr : lengths_.lengths(length_field(field));
        const bool with_positions = field != Field::AllPairs;  // a pair's list has none
        if (!with_positions && info.pos_length != 0) {
            failure = "pair key '" + std::string(key.substr(1)) + "' has positions";
            return false;
        }
        postings::PostingsCursor cursor(*postings_, positions_.get(), info);
        std::uint32_t count = 0, previous = 0, max_freq = 0;
        // The block-max data must be the true bounds of each block, or pruning goes wrong.
        // A document's frequency must also lie within its length step.
        std::uint32_t block_max_freq = 0, block_min_length = UINT32_MAX;
        bool within_steps = true;
        for (std::uint32_t doc = cursor.doc(); doc != postings::kEndDoc; doc = cursor.next(), ++count) {
            const std::uint32_t freq = cursor.freq();
            const scoring::BlockLimits block = cursor.block_limits();
            block_max_freq = std::max(block_max_freq, freq);
            if (lengths) block_min_length = std::min(block_min_length, lengths[doc]);
            if (lengths && !scoring::within_steps(block.steps, freq, lengths[doc])) within_steps = false;
            if (cursor.is_last_in_block()) {
                const bool bounds_hold = block_max_freq == block.max_freq && (!lengths || block_min_length == block.min_length) &&
                                         within_steps && cursor.doc() == cursor.block_last_doc();
                if (!bounds_hold) {
                    failure = "skip data of term '" + std::string(key.substr(1)) + "' does not match its block ending at document " +
                              std::to_string(doc);
                    return false;
                }
                block_max_freq = 0;
                block_min_length = UINT32_MAX;
                within_steps = true;
            }
            if (doc >= docs || (count > 0 && doc <= previous) || freq == 0 ||
                (lengths && (freq > lengths[doc] || lengths[doc] < info.min_length))) {
                failure = "postings of term '" + std::string(key.substr(1)) + "' are inconsistent at document " + std::to_string(doc);
                return false;
            }
            const auto& positions = with_positions ? cursor.positions() : no_positions;
            for (std::size_t p = 1; p < positions.size(); ++p)
                if (positions[p] <= positions[p - 1]) {
                    failure = "positions of term '" + std::string(key.substr(1)) + "' are not increasing";
                    return false;
                }
            max_freq = std::max(max_freq, freq);
            previous = doc;
        }
        if (count != info.doc_freq || max_freq != info.max_freq) {
            failure = "term '" + std::string(key.substr(1)) + "' has a document count or frequency bound that does not match its postings";
            return false;
        }
        if (field == Field::Id) ids += count;
        return true;
    });
    if (!failure.empty()) throw CorruptIndexError(postings_->name(), -1, postings_->name() + ": " + failure);
    if (ids != docs)
        throw CorruptIndexError(terms_.file().name(), -1,
                                terms_.file().name() + ": " + std::to_string(ids) + " document ids for " + std::to_string(docs) + " documents");
}

}  // namespace quarry::index
