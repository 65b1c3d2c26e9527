#include "store/doc_store.hpp"

#include <zstd.h>

#include "quarry/errors.hpp"

namespace quarry::store {
namespace {

constexpr std::size_t kTrailerSize = 32;
constexpr std::size_t kIndexEntrySize = 12;  // u32 first doc, u64 block offset

}  // namespace

StoreWriter::StoreWriter(std::unique_ptr<format::FileWriter> out, int compression_level)
    : out_(std::move(out)), level_(compression_level), context_(ZSTD_createCCtx()) {
    if (!context_) throw Error("zstd: cannot allocate a compression context");
    ZSTD_CCtx_setParameter(static_cast<ZSTD_CCtx*>(context_), ZSTD_c_compressionLevel, level_);
    ZSTD_CCtx_setParameter(static_cast<ZSTD_CCtx*>(context_), ZSTD_c_checksumFlag, 1);
}

StoreWriter::~StoreWriter() { ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(context_)); }

void StoreWriter::add_id(std::string_view id) {
    format::put_u64(id_offsets_, ids_.size());
    format::put_bytes(ids_, id);
}

void StoreWriter::write_frame(const void* frame, std::size_t size) {
    format::put_u32(index_, block_first_doc_);
    format::put_u64(index_, out_->position());
    out_->write(frame, size);
    ++block_count_;
}

void StoreWriter::add(const Document& doc) {
    add_id(doc.id);
    format::put_string(block_, doc.id);
    format::put_string(block_, doc.title);
    format::put_string(block_, doc.text);
    format::put_varint(block_, doc.extra.size());
    for (const auto& [name, value] : doc.extra) {
        format::put_string(block_, name);
        format::put_string(block_, value);
    }
    ++doc_count_;
    if (block_.size() >= kTargetBlockBytes) flush_block();
}

void StoreWriter::add_block(const std::uint8_t* frame, std::size_t frame_size, const std::vector<std::string_view>& ids) {
    flush_block();  // the records added one by one so far end their own block
    write_frame(frame, frame_size);
    for (std::string_view id : ids) add_id(id);
    doc_count_ += static_cast<std::uint32_t>(ids.size());
    block_first_doc_ = doc_count_;
}

void StoreWriter::flush_block() {
    if (block_first_doc_ == doc_count_) return;
    compressed_.resize(ZSTD_compressBound(block_.size()));
    const std::size_t size = ZSTD_compress2(static_cast<ZSTD_CCtx*>(context_), compressed_.data(),
                                            compressed_.size(), block_.data(), block_.size());
    if (ZSTD_isError(size)) throw Error(std::string("zstd compression failed: ") + ZSTD_getErrorName(size));
    write_frame(compressed_.data(), size);
    block_.clear();
    block_first_doc_ = doc_count_;
}

void StoreWriter::finish() {
    flush_block();
    const std::uint64_t index_offset = out_->position();
    out_->write(index_);
    const std::uint64_t ids_offset = out_->position();
    out_->write(ids_);
    format::put_u64(id_offsets_, ids_.size());
    const std::uint64_t id_offsets_offset = out_->position();
    out_->write(id_offsets_);
    format::Bytes trailer;
    format::put_u32(trailer, doc_count_);
    format::put_u32(trailer, block_count_);
    format::put_u64(trailer, index_offset);
    format::put_u64(trailer, ids_offset);
    format::put_u64(trailer, id_offsets_offset);
    out_->write(trailer);
    out_->finish();
}

StoreReader::StoreReader(std::shared_ptr<format::MappedFile> file) : file_(std::move(file)) {
    if (file_->size() < kTrailerSize) file_->fail(-1, "document store too small for its trailer");
    const std::uint8_t* trailer = file_->verified(file_->size() - kTrailerSize, kTrailerSize);
    doc_count_ = format::get_u32(trailer);
    block_count_ = format::get_u32(trailer + 4);
    index_offset_ = format::get_u64(trailer + 8);
    ids_offset_ = format::get_u64(trailer + 16);
    id_offsets_offset_ = format::get_u64(trailer + 24);
    if (index_offset_ + std::uint64_t{block_count_} * kIndexEntrySize != ids_offset_ || ids_offset_ > id_offsets_offset_ ||
        id_offsets_offset_ + (std::uint64_t{doc_count_} + 1) * 8 + kTrailerSize != file_->size() ||
        (doc_count_ > 0) != (block_count_ > 0))
        file_->fail(static_cast<std::int64_t>(file_->size() - kTrailerSize),
                    "document store trailer is inconsistent with the file size");
}

StoreReader::~StoreReader() = default;

std::pair<std::uint64_t, std::uint64_t> StoreReader::frame_span(std::uint32_t block) const {
    const std::uint8_t* entry = file_->verified(index_offset_ + std::uint64_t{block} * kIndexEntrySize, kIndexEntrySize);
    const std::uint64_t start = format::get_u64(entry + 4);
    const std::uint64_t end = block + 1 < block_count_
                                  ? format::get_u64(file_->verified(index_offset_ + std::uint64_t{block + 1} * kIndexEntrySize + 4, 8))
                                  : index_offset_;
    if (start > end || end > index_offset_) file_->fail(static_cast<std::int64_t>(start), "document store block offsets out of order");
    return {start, end};
}

std::uint32_t StoreReader::block_first_doc(std::uint32_t block) const {
    return format::get_u32(file_->verified(index_offset_ + std::uint64_t{block} * kIndexEntrySize, 4));
}

StoreReader::Block StoreReader::block(std::uint32_t i) const {
    const auto [start, end] = frame_span(i);
    const std::uint32_t first = block_first_doc(i);
    const std::uint32_t next = i + 1 < block_count_ ? block_first_doc(i + 1) : doc_count_;
    if (first >= next || next > doc_count_)
        file_->fail(static_cast<std::int64_t>(index_offset_ + std::uint64_t{i} * kIndexEntrySize), "document store block index out of order");
    return {first, next, file_->verified(start, end - start), static_cast<std::size_t>(end - start)};
}

std::string StoreReader::decompress_block(std::uint32_t block) const {
    const auto [start, end] = frame_span(block);
    const std::uint8_t* bytes = file_->verified(start, end - start);
    const unsigned long long content = ZSTD_getFrameContentSize(bytes, end - start);
    if (content == ZSTD_CONTENTSIZE_ERROR || content == ZSTD_CONTENTSIZE_UNKNOWN || content > (1u << 30))
        file_->fail(static_cast<std::int64_t>(start), "document store block is not a valid zstd frame");
    std::string out(content, '\0');
    const std::size_t size = ZSTD_decompress(out.data(), out.size(), bytes, end - start);
    if (ZSTD_isError(size) || size != content)
        file_->fail(static_cast<std::int64_t>(start),
                    std::string("document store block does not decompress: ") + ZSTD_getErrorName(size));
    return out;
}

static Document parse_record(format::ByteReader& in) {
    Document doc;
    doc.id = in.string();
    doc.title = in.string();
    doc.text = in.string();
    const std::uint64_t extra = in.varint();
    for (std::uint64_t i = 0; i < extra; ++i) {
        std::string name(in.string());
        doc.extra.emplace_back(std::move(name), std::string(in.string()));
    }
    return doc;
}

std::string_view StoreReader::id(std::uint32_t doc) const {
    if (doc >= doc_count_) throw Error("internal error: document " + std::to_string(doc) + " is not in this segment");
    const std::uint8_t* offsets = file_->verified(id_offsets_offset_ + std::uint64_t{doc} * 8, 16);
    const std::uint64_t begin = format::get_u64(offsets), end = format::get_u64(offsets + 8);
    if (begin > end || end > id_offsets_offset_ - ids_offset_)
        file_->fail(static_cast<std::int64_t>(id_offsets_offset_), "document id table is inconsistent");
    return {reinterpret_cast<const char*>(file_->verified(ids_offset_ + begin, end - begin)), end - begin};
}

Document StoreReader::get(std::uint32_t doc) const {
    if (doc >= doc_count_) throw Error("internal error: document " + std::to_string(doc) + " is not in this segment");
    // The block holding `doc` is the last whose first doc is <= doc.
    std::uint32_t low = 0, high = block_count_;
    while (high - low > 1) {
        const std::uint32_t mid = low + (high - low) / 2;
        if (format::get_u32(file_->verified(index_offset_ + std::uint64_t{mid} * kIndexEntrySize, 4)) <= doc) low = mid;
        else high = mid;
    }
    const std::uint32_t first = format::get_u32(file_->verified(index_offset_ + std::uint64_t{low} * kIndexEntrySize, 4));
    std::lock_guard lock(cache_mutex_);
    if (cached_block_ != low) {
        cached_bytes_ = decompress_block(low);
        cached_block_ = low;
    }
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(cached_bytes_.data());
    const std::string where = file_->name() + " (decompressed block " + std::to_string(low) + ")";
    format::ByteReader in(bytes, bytes + cached_bytes_.size(), where, 0);
    for (std::uint32_t skip = first; skip < doc; ++skip) parse_record(in);
    return parse_record(in);
}

void StoreReader::release_before(std::uint32_t doc) const {
    std::uint32_t low = 0, high = block_count_;
    while (high - low > 1) {
        const std::uint32_t mid = low + (high - low) / 2;
        if (format::get_u32(file_->verified(index_offset_ + std::uint64_t{mid} * kIndexEntrySize, 4)) <= doc) low = mid;
        else high = mid;
    }
    if (block_count_ > 0) file_->release_before(format::get_u64(file_->verified(index_offset_ + std::uint64_t{low} * kIndexEntrySize + 4, 8)));
}

void StoreReader::verify() const {
    std::uint32_t expected_first = 0;
    for (std::uint32_t block = 0; block < block_count_; ++block) {
        const std::uint32_t first = format::get_u32(file_->verified(index_offset_ + std::uint64_t{block} * kIndexEntrySize, 4));
        if (first != expected_first) file_->fail(-1, "document store block index is inconsistent");
        const std::string bytes = decompress_block(block);
        const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
        const std::string where = file_->name() + " (decompressed block " + std::to_string(block) + ")";
        format::ByteReader in(data, data + bytes.size(), where, 0);
        while (!in.at_end()) {
            parse_record(in);
            ++expected_first;
        }
    }
    if (expected_first != doc_count_) file_->fail(-1, "document store holds a different number of documents than recorded");
    for (std::uint32_t doc = 0; doc < doc_count_; ++doc)
        if (id(doc) != get(doc).id) file_->fail(-1, "document id table disagrees with the stored document " + std::to_string(doc));
}

}  // namespace quarry::store
