// The file envelope: FileWriter and MappedFile round-trip bodies of any size, bounds are checked,
// damage is found chunk by chunk exactly when the damaged chunk is touched, and a writer that
// does not finish leaves nothing behind.
#include "format/file_format.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "format/coding.hpp"
#include "quarry/errors.hpp"
#include "support/temp_dir.hpp"

namespace quarry::format {
namespace {

namespace fs = std::filesystem;
using quarry::testing::TempDir;

std::vector<std::uint8_t> random_bytes(std::size_t size, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::vector<std::uint8_t> bytes(size);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
    return bytes;
}

// Writes `body` in uneven pieces, checking position() as it goes.
void write_file(const fs::path& path, FileKind kind, const std::vector<std::uint8_t>& body) {
    FileWriter writer(path, kind);
    EXPECT_EQ(writer.position(), 0u);
    std::size_t at = 0, piece = 1;
    while (at < body.size()) {
        const std::size_t take = std::min(piece, body.size() - at);
        writer.write(body.data() + at, take);
        at += take;
        EXPECT_EQ(writer.position(), at);
        piece = piece * 3 + 7;  // 1, 10, 37, ... crosses chunk boundaries mid-write
    }
    writer.finish();
}

void flip_byte(const fs::path& path, std::uint64_t offset) {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(static_cast<std::streamoff>(offset));
    char c = 0;
    file.read(&c, 1);
    c = static_cast<char>(c ^ 0x5A);
    file.seekp(static_cast<std::streamoff>(offset));
    file.write(&c, 1);
}

void truncate_to(const fs::path& path, std::uint64_t size) { fs::resize_file(path, size); }

// Expects `action` to throw a CorruptIndexError naming `path` whose message contains `part`.
template <typename Action>
void expect_corrupt(Action action, const fs::path& path, const std::string& part) {
    try {
        action();
        ADD_FAILURE() << "no error; expected one containing: " << part;
    } catch (const CorruptIndexError& error) {
        const std::string message = error.what();
        EXPECT_EQ(error.file(), path.string());
        EXPECT_NE(message.find(path.string()), std::string::npos) << message;
        EXPECT_NE(message.find(part), std::string::npos) << message << "\nexpected to contain: " << part;
    }
}

TEST(FileFormat, RoundTripsBodiesOfManySizes) {
    TempDir dir;
    // Sizes around the chunk boundaries (the header takes 16 bytes of the first chunk).
    const std::size_t sizes[] = {0, 1, 100, kChunkSize - kHeaderSize - 1, kChunkSize - kHeaderSize,
                                 kChunkSize - kHeaderSize + 1, 3 * kChunkSize + 12345, 4 * kChunkSize - kHeaderSize};
    for (std::size_t size : sizes) {
        SCOPED_TRACE(std::string("body size ").append(std::to_string(size)));
        const auto body = random_bytes(size, size);
        const fs::path path = dir / (std::string("f").append(std::to_string(size)));
        write_file(path, FileKind::Postings, body);
        const std::uint64_t chunks = (size + kHeaderSize + kChunkSize - 1) / kChunkSize;
        EXPECT_EQ(fs::file_size(path), kHeaderSize + size + 8 * chunks + kFooterSize);

        auto file = MappedFile::open(path, FileKind::Postings);
        EXPECT_EQ(file->size(), size);
        EXPECT_EQ(file->file_size(), fs::file_size(path));
        EXPECT_EQ(file->name(), path.string());
        const std::uint8_t* all = file->verified(0, size);
        ASSERT_TRUE(std::equal(body.begin(), body.end(), all));
        file->verify_all();
        // Random sub-ranges give the same bytes.
        std::mt19937_64 random(size + 1);
        for (int i = 0; i < 20 && size > 0; ++i) {
            const std::uint64_t offset = random() % size;
            const std::uint64_t length = random() % (size - offset + 1);
            const std::uint8_t* bytes = file->verified(offset, length);
            ASSERT_EQ(bytes, all + offset);
            ASSERT_TRUE(std::equal(body.begin() + static_cast<std::ptrdiff_t>(offset),
                                   body.begin() + static_cast<std::ptrdiff_t>(offset + length), bytes));
        }
    }
}

TEST(FileFormat, HeaderAndFooterLayout) {
    TempDir dir;
    const fs::path path = dir / "f";
    write_file(path, FileKind::TermDict, {1, 2, 3});
    const std::string raw = quarry::testing::read_file(path);
    ASSERT_EQ(raw.size(), 16u + 3 + 8 + 32);
    EXPECT_EQ(raw.substr(0, 8), "QRYTDICT");
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(raw.data());
    EXPECT_EQ(get_u32(bytes + 8), kFormatVersion);
    EXPECT_EQ(get_u32(bytes + 12), 0u);
    const std::uint8_t* footer = bytes + raw.size() - 32;
    EXPECT_EQ(get_u64(footer), 19u);  // header + data
    EXPECT_EQ(get_u32(footer + 8), kChunkSize);
    EXPECT_EQ(get_u32(footer + 12), kFormatVersion);
    EXPECT_EQ(raw.substr(raw.size() - 8), "QRYFOOT1");
    EXPECT_EQ(read_small_file(path, FileKind::TermDict), std::string("\x01\x02\x03", 3));
}

TEST(FileFormat, EveryKindHasItsOwnMagic) {
    const FileKind kinds[] = {FileKind::Manifest, FileKind::TermDict, FileKind::Postings, FileKind::Positions,
                              FileKind::Lengths, FileKind::Store, FileKind::Deletions};
    std::vector<std::string> seen;
    for (FileKind kind : kinds) {
        const std::string magic(magic_of(kind));
        EXPECT_EQ(magic.size(), 8u);
        EXPECT_EQ(magic.substr(0, 3), "QRY");
        EXPECT_EQ(std::count(seen.begin(), seen.end(), magic), 0) << magic;
        seen.push_back(magic);
    }
}

TEST(FileFormat, VerifiedChecksRanges) {
    TempDir dir;
    const fs::path path = dir / "f";
    write_file(path, FileKind::Store, random_bytes(1000, 1));
    auto file = MappedFile::open(path, FileKind::Store);
    EXPECT_NO_THROW(file->verified(0, 1000));
    EXPECT_NO_THROW(file->verified(1000, 0));  // an empty range at the very end
    EXPECT_NO_THROW(file->verified(999, 1));
    expect_corrupt([&] { file->verified(1000, 1); }, path, "a reference points outside the file (bytes 1000+1 of 1000)");
    expect_corrupt([&] { file->verified(0, 1001); }, path, "outside the file");
    expect_corrupt([&] { file->verified(1001, 0); }, path, "outside the file");
    // Offset + length overflowing 64 bits must not wrap around the check.
    expect_corrupt([&] { file->verified(10, ~std::uint64_t{0} - 5); }, path, "outside the file");
    expect_corrupt([&] { file->verified(~std::uint64_t{0}, 2); }, path, "outside the file");
    try {
        file->verified(1000, 1);
    } catch (const CorruptIndexError& error) {
        EXPECT_EQ(error.offset(), 1016);  // reported as a file offset: header + body offset
    }
}

// A body of 5 chunks; a flipped byte in chunk N is only reported when chunk N is read.
TEST(FileFormat, DamageIsReportedOnlyWhenItsChunkIsTouched) {
    const std::size_t body_size = 5 * kChunkSize - kHeaderSize - 100;  // chunks 0..4, the last short
    const auto body = random_bytes(body_size, 5);
    for (std::uint64_t damaged = 1; damaged < 5; ++damaged) {
        SCOPED_TRACE(std::string("damaged chunk ").append(std::to_string(damaged)));
        TempDir dir;
        const fs::path path = dir / "f";
        write_file(path, FileKind::Postings, body);
        const std::uint64_t file_offset = damaged * kChunkSize + 777;  // inside chunk `damaged`
        flip_byte(path, file_offset);
        auto file = MappedFile::open(path, FileKind::Postings);  // opening verifies chunk 0 only
        for (std::uint64_t chunk = 0; chunk < 5; ++chunk) {
            if (chunk == damaged) continue;
            // Every byte of every other chunk is readable (the first chunk's body starts after the header).
            const std::uint64_t begin = chunk == 0 ? 0 : chunk * kChunkSize - kHeaderSize;
            const std::uint64_t end = std::min<std::uint64_t>((chunk + 1) * kChunkSize - kHeaderSize, body_size);
            const std::uint8_t* bytes = file->verified(begin, end - begin);
            EXPECT_TRUE(std::equal(body.begin() + static_cast<std::ptrdiff_t>(begin),
                                   body.begin() + static_cast<std::ptrdiff_t>(end), bytes));
        }
        // One byte of the damaged chunk, far from the flipped one, is enough to detect it.
        const std::uint64_t chunk_start_body = damaged * kChunkSize - kHeaderSize;
        try {
            file->verified(chunk_start_body + 5, 1);
            ADD_FAILURE() << "damage not detected";
        } catch (const CorruptIndexError& error) {
            EXPECT_EQ(error.file(), path.string());
            EXPECT_EQ(error.offset(), static_cast<std::int64_t>(damaged * kChunkSize));
            const std::string message = error.what();
            EXPECT_NE(message.find(std::string("checksum mismatch in bytes ").append(std::to_string(damaged * kChunkSize)) + " to "),
                      std::string::npos)
                << message;
        }
        // A range spanning into the damaged chunk fails too, and so does verify_all, every time.
        expect_corrupt([&] { file->verified(chunk_start_body - 10, 20); }, path, "checksum mismatch");
        expect_corrupt([&] { file->verify_all(); }, path, "checksum mismatch");
        expect_corrupt([&] { file->verified(chunk_start_body, 1); }, path, "checksum mismatch");
    }
}

TEST(FileFormat, DamagedFirstChunkIsReportedAtOpen) {
    TempDir dir;
    const fs::path path = dir / "f";
    write_file(path, FileKind::Postings, random_bytes(3 * kChunkSize, 6));
    flip_byte(path, kHeaderSize + 40000);  // body byte in chunk 0
    expect_corrupt([&] { MappedFile::open(path, FileKind::Postings); }, path, "checksum mismatch in bytes 0 to 65536");
}

TEST(FileFormat, DamagedLastShortChunk) {
    TempDir dir;
    const fs::path path = dir / "f";
    const std::size_t body_size = 2 * kChunkSize + 10;  // header+data = 2 chunks + 26 bytes
    write_file(path, FileKind::Postings, random_bytes(body_size, 7));
    flip_byte(path, 2 * kChunkSize + 20);
    auto file = MappedFile::open(path, FileKind::Postings);
    EXPECT_NO_THROW(file->verified(0, 2 * kChunkSize - kHeaderSize));
    expect_corrupt([&] { file->verified(body_size - 1, 1); }, path,
                   "checksum mismatch in bytes 131072 to 131098");
}

TEST(FileFormat, DamagedChecksumTableOrFooterIsReportedAtOpen) {
    TempDir dir;
    const auto body = random_bytes(2 * kChunkSize, 8);
    const fs::path path = dir / "f";
    write_file(path, FileKind::Postings, body);
    const std::uint64_t size = fs::file_size(path);
    const std::uint64_t table = kHeaderSize + body.size();
    {
        const fs::path copy = dir / "table";
        fs::copy_file(path, copy);
        flip_byte(copy, table + 3);  // first chunk hash
        expect_corrupt([&] { MappedFile::open(copy, FileKind::Postings); }, copy, "checksum table or footer is damaged");
    }
    {
        const fs::path copy = dir / "footer_hash";
        fs::copy_file(path, copy);
        flip_byte(copy, size - 12);  // inside the table hash
        expect_corrupt([&] { MappedFile::open(copy, FileKind::Postings); }, copy, "checksum table or footer is damaged");
    }
    {
        const fs::path copy = dir / "footer_magic";
        fs::copy_file(path, copy);
        flip_byte(copy, size - 1);
        expect_corrupt([&] { MappedFile::open(copy, FileKind::Postings); }, copy, "its footer is missing");
    }
    {
        const fs::path copy = dir / "chunk_size";
        fs::copy_file(path, copy);
        flip_byte(copy, size - 32 + 8);
        expect_corrupt([&] { MappedFile::open(copy, FileKind::Postings); }, copy, "footer fields are invalid");
    }
}

TEST(FileFormat, WrongKindAndWrongMagic) {
    TempDir dir;
    const fs::path path = dir / "f";
    write_file(path, FileKind::Postings, random_bytes(100, 9));
    expect_corrupt([&] { MappedFile::open(path, FileKind::Positions); }, path,
                   "not a quarry POSIT file (bad magic number at its start)");
    try {
        MappedFile::open(path, FileKind::Store);
        ADD_FAILURE() << "opened as the wrong kind";
    } catch (const CorruptIndexError& error) {
        EXPECT_EQ(error.offset(), 0);
    }
    flip_byte(path, 0);  // "QRY" damaged
    expect_corrupt([&] { MappedFile::open(path, FileKind::Postings); }, path, "bad magic number");

    const fs::path text = dir / "notes.txt";
    quarry::testing::write_file(text, std::string(200, 'z'));
    expect_corrupt([&] { MappedFile::open(text, FileKind::Manifest); }, text, "bad magic number");
}

TEST(FileFormat, VersionMismatchAndUnsupportedVersion) {
    TempDir dir;
    const fs::path path = dir / "f";
    write_file(path, FileKind::Postings, random_bytes(100, 10));
    {
        const fs::path copy = dir / "header_version";
        fs::copy_file(path, copy);
        flip_byte(copy, 8);
        expect_corrupt([&] { MappedFile::open(copy, FileKind::Postings); }, copy, "header says format version");
    }
}

TEST(FileFormat, TruncatedFiles) {
    TempDir dir;
    const fs::path path = dir / "f";
    const auto body = random_bytes(kChunkSize + 500, 11);
    write_file(path, FileKind::Lengths, body);
    const std::uint64_t size = fs::file_size(path);
    const std::uint64_t cuts[] = {0, 1, 15, 47, 48, 1000, kChunkSize, size - 40, size - 32, size - 8, size - 1};
    for (std::uint64_t cut : cuts) {
        SCOPED_TRACE(std::string("truncated to ").append(std::to_string(cut)));
        const fs::path copy = dir / (std::string("cut").append(std::to_string(cut)));
        fs::copy_file(path, copy);
        truncate_to(copy, cut);
        expect_corrupt([&] { MappedFile::open(copy, FileKind::Lengths); }, copy, "truncated");
    }
    // Tiny files get the specific message.
    const fs::path tiny = dir / "cut15";
    expect_corrupt([&] { MappedFile::open(tiny, FileKind::Lengths); }, tiny,
                   "file is truncated: 15 bytes is smaller than any quarry file");
    // Extra bytes after the footer are not accepted either.
    const fs::path longer = dir / "longer";
    fs::copy_file(path, longer);
    fs::resize_file(longer, size + 8);
    expect_corrupt([&] { MappedFile::open(longer, FileKind::Lengths); }, longer, "");
}

TEST(FileFormat, MissingFileIsAnIoError) {
    TempDir dir;
    EXPECT_THROW(MappedFile::open(dir / "absent", FileKind::Postings), IoError);
}

TEST(FileFormat, UnfinishedWriterRemovesItsFile) {
    TempDir dir;
    const fs::path path = dir / "partial";
    {
        FileWriter writer(path, FileKind::Store);
        const auto body = random_bytes(3 * kChunkSize, 12);
        writer.write(body);
        EXPECT_TRUE(fs::exists(path));
    }
    EXPECT_FALSE(fs::exists(path));

    // A writer destroyed by an exception in flight behaves the same.
    try {
        FileWriter writer(path, FileKind::Store);
        writer.write(random_bytes(10, 13));
        throw std::runtime_error("boom");
    } catch (const std::runtime_error&) {
    }
    EXPECT_FALSE(fs::exists(path));

    // A finished writer keeps its file.
    {
        FileWriter writer(path, FileKind::Store);
        writer.write(random_bytes(10, 14));
        writer.finish();
        EXPECT_EQ(writer.path(), path);
    }
    EXPECT_TRUE(fs::exists(path));
    EXPECT_EQ(MappedFile::open(path, FileKind::Store)->size(), 10u);
}

TEST(FileFormat, WriterIntoMissingDirectoryIsAnIoError) {
    TempDir dir;
    EXPECT_THROW(FileWriter(dir / "no" / "such" / "dir", FileKind::Store), IoError);
}

}  // namespace
}  // namespace quarry::format
