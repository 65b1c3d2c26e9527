// Field lengths: per-document lengths and per-field totals round-trip exactly, and a lengths
// file whose header disagrees with its size is reported as corrupt.
#include "store/doc_lengths.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "format/coding.hpp"
#include "format/file_format.hpp"
#include "quarry/errors.hpp"
#include "support/temp_dir.hpp"

namespace quarry::store {
namespace {

namespace fs = std::filesystem;
using index::Field;
using quarry::testing::TempDir;

LengthsReader write_and_open(const fs::path& path, const FieldLengths& lengths) {
    {
        format::FileWriter out(path, format::FileKind::Lengths);
        write_lengths(out, lengths);
        out.finish();
    }
    return LengthsReader(format::MappedFile::open(path, format::FileKind::Lengths));
}

TEST(DocLengths, KnownValues) {
    TempDir dir;
    FieldLengths lengths;
    lengths[index::scored_index(Field::All)] = {5, 0, 12};
    lengths[index::scored_index(Field::Title)] = {2, 0, 1};
    const LengthsReader reader = write_and_open(dir / "l.len", lengths);
    EXPECT_EQ(reader.doc_count(), 3u);
    EXPECT_EQ(reader.total_length(Field::All), 17u);
    EXPECT_EQ(reader.total_length(Field::Title), 3u);
    const std::uint32_t* all = reader.lengths(Field::All);
    const std::uint32_t* title = reader.lengths(Field::Title);
    EXPECT_EQ(all[0], 5u);
    EXPECT_EQ(all[1], 0u);
    EXPECT_EQ(all[2], 12u);
    EXPECT_EQ(title[0], 2u);
    EXPECT_EQ(title[1], 0u);
    EXPECT_EQ(title[2], 1u);
    EXPECT_EQ(reader.lengths(Field::All), all);  // the same mapped array each time
    // Layout: u32 doc count, u32 field count, u64 totals, then the arrays field by field.
    EXPECT_EQ(reader.file().size(), 8u + 16 + 3 * 4 * 2);
}

TEST(DocLengths, RandomRoundTripAcrossChunks) {
    const std::uint64_t seed = 31;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    TempDir dir;
    FieldLengths lengths;
    const std::size_t docs = 40000;  // 320 KB of lengths: several 64 KiB chunks
    std::uint64_t totals[2] = {0, 0};
    for (std::size_t f = 0; f < 2; ++f)
        for (std::size_t d = 0; d < docs; ++d) {
            const auto length = static_cast<std::uint32_t>(random() % 10 == 0 ? random() : random() % 500);
            lengths[f].push_back(length);
            totals[f] += length;
        }
    const LengthsReader reader = write_and_open(dir / "l.len", lengths);
    EXPECT_EQ(reader.doc_count(), docs);
    EXPECT_EQ(reader.total_length(Field::All), totals[index::scored_index(Field::All)]);
    EXPECT_EQ(reader.total_length(Field::Title), totals[index::scored_index(Field::Title)]);
    // Totals beyond 32 bits are kept whole.
    EXPECT_GT(totals[0], std::uint64_t{0xffffffff});
    for (Field field : index::kScoredFields) {
        const std::uint32_t* array = reader.lengths(field);
        const auto& expected = lengths[index::scored_index(field)];
        for (std::size_t d = 0; d < docs; ++d) ASSERT_EQ(array[d], expected[d]) << "doc " << d;
    }
}

TEST(DocLengths, NoDocuments) {
    TempDir dir;
    const LengthsReader reader = write_and_open(dir / "l.len", FieldLengths{});
    EXPECT_EQ(reader.doc_count(), 0u);
    EXPECT_EQ(reader.total_length(Field::All), 0u);
    EXPECT_EQ(reader.total_length(Field::Title), 0u);
    EXPECT_NO_THROW(reader.lengths(Field::Title));
}

// Writes a lengths file body by hand.
fs::path write_raw(const fs::path& path, const format::Bytes& body) {
    format::FileWriter out(path, format::FileKind::Lengths);
    out.write(body);
    out.finish();
    return path;
}

void expect_corrupt(const fs::path& path, const std::string& part) {
    try {
        LengthsReader reader(format::MappedFile::open(path, format::FileKind::Lengths));
        ADD_FAILURE() << "no error for " << path;
    } catch (const CorruptIndexError& error) {
        EXPECT_EQ(error.file(), path.string());
        EXPECT_NE(std::string(error.what()).find(part), std::string::npos) << error.what();
    }
}

TEST(DocLengths, InconsistentFilesAreCorrupt) {
    TempDir dir;
    expect_corrupt(write_raw(dir / "small.len", {1, 0, 0, 0}), "field lengths file too small");
    {
        format::Bytes body;
        format::put_u32(body, 0);
        format::put_u32(body, 3);  // three fields
        for (int f = 0; f < 2; ++f) format::put_u64(body, 0);
        expect_corrupt(write_raw(dir / "fields.len", body), "unexpected number of fields");
    }
    {
        format::Bytes body;
        format::put_u32(body, 2);  // two documents, but lengths for one
        format::put_u32(body, 2);
        for (int f = 0; f < 2; ++f) format::put_u64(body, 1);
        for (int f = 0; f < 2; ++f) format::put_u32(body, 1);
        expect_corrupt(write_raw(dir / "count.len", body), "does not match its document count");
    }
}

}  // namespace
}  // namespace quarry::store
