#include "store/doc_lengths.hpp"

#include <numeric>

#include "format/coding.hpp"

namespace quarry::store {

void write_lengths(format::FileWriter& out, const FieldLengths& lengths) {
    format::Bytes head;
    format::put_u32(head, static_cast<std::uint32_t>(lengths[0].size()));
    format::put_u32(head, static_cast<std::uint32_t>(lengths.size()));
    for (const auto& field : lengths)
        format::put_u64(head, std::accumulate(field.begin(), field.end(), std::uint64_t{0}));
    out.write(head);
    for (const auto& field : lengths) out.write(field.data(), field.size() * sizeof(std::uint32_t));
}

LengthsReader::LengthsReader(std::shared_ptr<format::MappedFile> file) : file_(std::move(file)) {
    const std::size_t head_size = 8 + 8 * index::kScoredFieldCount;
    if (file_->size() < head_size) file_->fail(-1, "field lengths file too small");
    const std::uint8_t* head = file_->verified(0, head_size);
    doc_count_ = format::get_u32(head);
    if (format::get_u32(head + 4) != index::kScoredFieldCount)
        file_->fail(20, "field lengths file has an unexpected number of fields");
    for (std::size_t f = 0; f < index::kScoredFieldCount; ++f) totals_[f] = format::get_u64(head + 8 + 8 * f);
    if (head_size + std::uint64_t{doc_count_} * 4 * index::kScoredFieldCount != file_->size())
        file_->fail(-1, "field lengths file size does not match its document count");
}

const std::uint32_t* LengthsReader::lengths(index::Field field) const {
    const std::size_t f = index::scored_index(field);
    const std::uint32_t* array = arrays_[f].load(std::memory_order_acquire);
    if (!array) {
        const std::uint64_t offset = 8 + 8 * index::kScoredFieldCount + std::uint64_t{doc_count_} * 4 * f;
        array = reinterpret_cast<const std::uint32_t*>(file_->verified(offset, std::uint64_t{doc_count_} * 4));
        arrays_[f].store(array, std::memory_order_release);
    }
    return array;
}

}  // namespace quarry::store
