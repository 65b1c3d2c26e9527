// The document store: what goes in comes back byte for byte, in any access order, across
// many compressed blocks, and verify() accepts what the writer wrote.
#include "store/doc_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "format/file_format.hpp"
#include "quarry/errors.hpp"
#include "support/temp_dir.hpp"

namespace quarry::store {
namespace {

namespace fs = std::filesystem;
using quarry::testing::TempDir;

std::string describe(const Document& doc) {
    std::string out = std::string("id=").append(doc.id).append(" title=").append(doc.title).append(" text(").append(std::to_string(doc.text.size())).append(")=").append(
                      doc.text.substr(0, 40));
    for (const auto& [name, value] : doc.extra) out.append(" ").append(name).append("=").append(value);
    return out;
}

void expect_same(const Document& actual, const Document& expected) {
    EXPECT_EQ(actual.id, expected.id);
    EXPECT_EQ(actual.title, expected.title);
    EXPECT_EQ(actual.text, expected.text) << "texts of " << actual.text.size() << " and " << expected.text.size() << " bytes";
    EXPECT_EQ(actual.extra, expected.extra);
}

std::string random_text(std::mt19937_64& random, std::size_t words) {
    static const char* vocabulary[] = {"factory", "smart", "小米", "智能工厂", "Straße", "naïve", "😀", "x",
                                       "\t", "\n", "Ünïcödé", "", "42", "   "};
    std::string text;
    for (std::size_t i = 0; i < words; ++i) {
        text += vocabulary[random() % std::size(vocabulary)];
        text += ' ';
    }
    return text;
}

std::vector<Document> random_documents(std::mt19937_64& random, std::size_t count) {
    std::vector<Document> docs;
    for (std::size_t i = 0; i < count; ++i) {
        Document doc;
        doc.id = std::string("doc-").append(std::to_string(i));
        const auto kind = random() % 10;
        if (kind == 0) {
            doc.title = "";  // empty fields
            doc.text = "";
        } else if (kind == 1) {
            doc.text = random_text(random, 5000 + random() % 20000);  // larger than a block
            doc.title = random_text(random, 3);
        } else {
            doc.title = random_text(random, random() % 8);
            doc.text = random_text(random, random() % 300);
        }
        const auto extras = random() % 4;
        for (std::size_t e = 0; e < extras; ++e)
            doc.extra.emplace_back(e == 0 ? "url" : std::string("field").append(std::to_string(e)), random_text(random, random() % 4));
        if (random() % 20 == 0) doc.extra.emplace_back("", "");  // empty name and value
        docs.push_back(std::move(doc));
    }
    return docs;
}

fs::path write_store(const TempDir& dir, const std::vector<Document>& docs, const std::string& name = "s.store") {
    const fs::path path = dir / name;
    StoreWriter writer(std::make_unique<format::FileWriter>(path, format::FileKind::Store));
    for (const Document& doc : docs) writer.add(doc);
    EXPECT_EQ(writer.doc_count(), docs.size());
    writer.finish();
    return path;
}

StoreReader open_store(const fs::path& path) {
    return StoreReader(format::MappedFile::open(path, format::FileKind::Store));
}

TEST(DocStore, RoundTripInOrderAndInRandomOrder) {
    const std::uint64_t seed = 11;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    const std::vector<Document> docs = random_documents(random, 400);
    TempDir dir;
    const StoreReader reader = open_store(write_store(dir, docs));
    ASSERT_EQ(reader.doc_count(), docs.size());
    // The documents span many 16 KiB blocks.
    std::size_t raw = 0;
    for (const Document& doc : docs) raw += doc.id.size() + doc.title.size() + doc.text.size();
    ASSERT_GT(raw, 20 * kTargetBlockBytes);
    for (std::uint32_t i = 0; i < docs.size(); ++i) {
        SCOPED_TRACE(describe(docs[i]));
        expect_same(reader.get(i), docs[i]);
        EXPECT_EQ(reader.id(i), docs[i].id);
    }
    std::vector<std::uint32_t> order(docs.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), random);
    for (std::uint32_t i : order) {
        SCOPED_TRACE(std::string("doc ").append(std::to_string(i)));
        expect_same(reader.get(i), docs[i]);
    }
    // Backwards, and the same document twice in a row.
    for (std::uint32_t i = static_cast<std::uint32_t>(docs.size()); i-- > 0;) {
        expect_same(reader.get(i), docs[i]);
        if (i % 50 == 0) expect_same(reader.get(i), docs[i]);
    }
    EXPECT_NO_THROW(reader.verify());
}

TEST(DocStore, SmallDocumentsShareBlocksAndLargeOnesGetTheirOwn) {
    std::vector<Document> docs;
    for (int i = 0; i < 3000; ++i) docs.push_back({std::string("id").append(std::to_string(i)), "t", std::string("short text ").append(std::to_string(i)), {}});
    docs.push_back({"big", "", std::string(100000, 'z') + "end", {{"k", "v"}}});
    for (int i = 0; i < 10; ++i) docs.push_back({std::string("after").append(std::to_string(i)), "", "", {}});
    TempDir dir;
    const StoreReader reader = open_store(write_store(dir, docs));
    ASSERT_EQ(reader.doc_count(), docs.size());
    for (std::uint32_t i = 0; i < docs.size(); i += 97) expect_same(reader.get(i), docs[i]);
    expect_same(reader.get(3000), docs[3000]);
    expect_same(reader.get(3001), docs[3001]);
    expect_same(reader.get(static_cast<std::uint32_t>(docs.size() - 1)), docs.back());
    expect_same(reader.get(2999), docs[2999]);
    EXPECT_NO_THROW(reader.verify());
}

// A merge copies whole blocks from other stores (add_block) between documents it adds one by
// one: the result reads back as if every document had been added, and verify() accepts it.
TEST(DocStore, CopiedBlocksMixWithAddedDocuments) {
    const std::uint64_t seed = 23;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    const std::vector<Document> first = random_documents(random, 150), second = random_documents(random, 120);
    TempDir dir;
    const StoreReader a = open_store(write_store(dir, first, "a.store"));
    const StoreReader b = open_store(write_store(dir, second, "b.store"));
    ASSERT_GT(a.block_count(), 5u);
    ASSERT_GT(b.block_count(), 5u);

    std::vector<Document> expected;
    const fs::path merged_path = dir / "merged.store";
    {
        StoreWriter merged(std::make_unique<format::FileWriter>(merged_path, format::FileKind::Store));
        merged.add(first.front());  // a partial block before the first copy
        expected.push_back(first.front());
        for (const auto* source : {&a, &b}) {
            const std::vector<Document>& docs = source == &a ? first : second;
            for (std::uint32_t i = 0; i < source->block_count(); ++i) {
                const StoreReader::Block block = source->block(i);
                ASSERT_LT(block.first_doc, block.end_doc);
                if (random() % 3 == 0) {  // added one by one, as a block that lost a document is
                    for (std::uint32_t doc = block.first_doc; doc < block.end_doc; ++doc) {
                        merged.add(source->get(doc));
                        expected.push_back(docs[doc]);
                    }
                    continue;
                }
                std::vector<std::string_view> ids;
                for (std::uint32_t doc = block.first_doc; doc < block.end_doc; ++doc) {
                    ids.push_back(source->id(doc));
                    expected.push_back(docs[doc]);
                }
                merged.add_block(block.frame, block.frame_size, ids);
            }
        }
        merged.finish();
    }
    const StoreReader reader = open_store(merged_path);
    ASSERT_EQ(reader.doc_count(), expected.size());
    for (std::uint32_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE(describe(expected[i]));
        expect_same(reader.get(i), expected[i]);
        EXPECT_EQ(reader.id(i), expected[i].id);
    }
    EXPECT_NO_THROW(reader.verify());
}

TEST(DocStore, UnicodeAndBinarySafeFields) {
    std::vector<Document> docs = {
        {"小米", "Xiaomi’s 智能工厂", "ＡＢＣ ﬁle Straße 😀", {{"名", "値"}}},
        {"nul", std::string("a\0b", 3), std::string("\0\0\0", 3), {{std::string("\0", 1), "x"}}},
        {"bytes", "\xff\xfe", "\x80", {}},
        {"ws", "  ", "\t\n\r", {{"a", ""}, {"b", " "}}},
    };
    TempDir dir;
    const StoreReader reader = open_store(write_store(dir, docs));
    for (std::uint32_t i = 0; i < docs.size(); ++i) {
        expect_same(reader.get(i), docs[i]);
        EXPECT_EQ(reader.id(i), docs[i].id);
    }
    EXPECT_NO_THROW(reader.verify());
}

TEST(DocStore, SingleAndEmptyStores) {
    TempDir dir;
    {
        const StoreReader reader = open_store(write_store(dir, {{"only", "", "", {}}}, "one.store"));
        EXPECT_EQ(reader.doc_count(), 1u);
        expect_same(reader.get(0), {"only", "", "", {}});
        EXPECT_NO_THROW(reader.verify());
    }
    {
        const StoreReader reader = open_store(write_store(dir, {}, "empty.store"));
        EXPECT_EQ(reader.doc_count(), 0u);
        EXPECT_NO_THROW(reader.verify());
        EXPECT_THROW(reader.get(0), Error);
    }
}

TEST(DocStore, OutOfRangeDocumentIsAnError) {
    TempDir dir;
    const StoreReader reader = open_store(write_store(dir, {{"a", "", "", {}}, {"b", "", "", {}}}));
    try {
        reader.get(2);
        ADD_FAILURE() << "no error";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("document 2 is not in this segment"), std::string::npos) << error.what();
    }
    EXPECT_THROW(reader.get(UINT32_MAX), Error);
    EXPECT_THROW(reader.id(2), Error);
    expect_same(reader.get(1), {"b", "", "", {}});  // the reader still works
}

TEST(DocStore, UnfinishedWriterLeavesNoFile) {
    TempDir dir;
    {
        StoreWriter writer(std::make_unique<format::FileWriter>(dir / "s.store", format::FileKind::Store));
        for (int i = 0; i < 2000; ++i) writer.add({std::string("id").append(std::to_string(i)), "title", std::string(100, 'x'), {}});
        EXPECT_TRUE(fs::exists(dir / "s.store"));
    }
    EXPECT_FALSE(fs::exists(dir / "s.store"));
}

TEST(DocStore, InconsistentTrailerIsCorruption) {
    TempDir dir;
    // A valid store's body shifted by one byte: every offset of its trailer is now off by one.
    const std::string body = format::read_small_file(write_store(dir, {{"a", "t", "x", {}}, {"b", "", "", {}}}),
                                                     format::FileKind::Store);
    const fs::path path = dir / "bad.store";
    {
        format::FileWriter out(path, format::FileKind::Store);
        const std::uint8_t zero = 0;
        out.write(&zero, 1);
        out.write(body.data(), body.size());
        out.finish();
    }
    try {
        open_store(path);
        ADD_FAILURE() << "no error";
    } catch (const CorruptIndexError& error) {
        EXPECT_EQ(error.file(), path.string());
        EXPECT_NE(std::string(error.what()).find("trailer is inconsistent"), std::string::npos) << error.what();
    }
    const fs::path tiny = dir / "tiny.store";
    {
        format::FileWriter out(tiny, format::FileKind::Store);
        out.write(format::Bytes{1, 2, 3});
        out.finish();
    }
    try {
        open_store(tiny);
        ADD_FAILURE() << "no error";
    } catch (const CorruptIndexError& error) {
        EXPECT_NE(std::string(error.what()).find("too small"), std::string::npos) << error.what();
    }
}

}  // namespace
}  // namespace quarry::store
