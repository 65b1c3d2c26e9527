#include "index/deletions.hpp"

#include <bit>

#include "format/coding.hpp"
#include "quarry/errors.hpp"

namespace quarry::index {

std::filesystem::path deletions_file(const std::filesystem::path& dir, const std::string& segment, std::uint64_t generation) {
    return dir / (segment + "." + std::to_string(generation) + ".del");
}

void write_deletions(const std::filesystem::path& path, const std::vector<std::uint8_t>& bits, std::uint32_t doc_count) {
    std::uint32_t deleted = 0;
    for (std::uint8_t byte : bits) deleted += static_cast<std::uint32_t>(std::popcount(byte));
    format::FileWriter out(path, format::FileKind::Deletions);
    format::Bytes head;
    format::put_u32(head, doc_count);
    format::put_u32(head, deleted);
    out.write(head);
    out.write(bits);
    out.finish();
}

std::vector<std::uint8_t> read_deletions(const std::filesystem::path& path, std::uint32_t doc_count,
                                         std::uint32_t deleted_count) {
    auto file = format::MappedFile::open(path, format::FileKind::Deletions);
    const std::uint64_t bytes = (std::uint64_t{doc_count} + 7) / 8;
    if (file->size() != 8 + bytes) file->fail(-1, "deletions file does not match its segment's document count");
    const std::uint8_t* body = file->verified(0, file->size());
    std::vector<std::uint8_t> bits(body + 8, body + 8 + bytes);
    if (doc_count % 8 != 0 && (bits.back() >> (doc_count % 8)) != 0)
        file->fail(8 + static_cast<std::int64_t>(bytes) - 1, "deletions bitmap marks documents past the segment's end");
    std::uint32_t counted = 0;
    for (std::uint8_t byte : bits) counted += static_cast<std::uint32_t>(std::popcount(byte));
    if (format::get_u32(body) != doc_count || format::get_u32(body + 4) != counted || counted != deleted_count)
        file->fail(0, "deletions file disagrees with the manifest about how many documents are deleted");
    return bits;
}

}  // namespace quarry::index
