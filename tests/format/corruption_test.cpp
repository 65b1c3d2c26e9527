// Damaged indexes: every truncation, flipped byte and version change must give an error that
// names the damaged file (from open, search or check), never a crash or a wrong result.
#include <algorithm>
#include <cstring>
#include <random>

#include <gtest/gtest.h>
#include <xxhash.h>

#include "format/file_format.hpp"
#include "index/fields.hpp"
#include "index/manifest.hpp"
#include "index/segment_reader.hpp"
#include "postings/postings_cursor.hpp"
#include "quarry/errors.hpp"
#include "quarry/index.hpp"
#include "quarry/index_writer.hpp"
#include "support/temp_dir.hpp"

namespace quarry::testing {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kQueries = {"factory", "smart phone", "\"smart factory\"", "title:xiaomi", "vehicle -pilot",
                                           "produc*", "+autonomous +traffic", "a1 b2 c3 d4 e5"};

// Builds an index of enough documents that every file spans more than one 64 KiB chunk.
fs::path build_index(const TempDir& dir) {
    std::mt19937_64 random(7);
    const char* words[] = {"smart", "factory", "xiaomi", "phone", "vehicle", "pilot", "autonomous", "traffic",
                           "production", "product", "line", "capacity", "a1", "b2", "c3", "d4", "e5"};
    IndexWriter writer = IndexWriter::create(dir / "index", {}, false);
    for (int d = 0; d < 3000; ++d) {
        Document doc;
        doc.id = std::string("doc").append(std::to_string(d));
        for (int w = 0; w < 4; ++w) doc.title += std::string(words[random() % 17]) + " ";
        for (int w = 0; w < 60; ++w) doc.text += std::string(words[random() % 17]) + " ";
        doc.text.append("n").append(std::to_string(random() % 1000)).append(" ");
        writer.add(doc);
    }
    writer.commit();
    return dir / "index";
}

// What every query returns, as text, to compare damaged indexes against.
std::string all_results(const Index& index) {
    std::string out;
    SearchOptions options;
    options.k = 20;
    for (const auto& query : kQueries) {
        for (const Hit& hit : index.search(query, options).hits)
            out += hit.id + " " + std::to_string(hit.score) + " " + hit.title + hit.snippet + "\n";
        out += "--\n";
    }
    return out;
}

// Runs open + queries + check on a damaged copy. Either all results equal `pristine` and check
// passes (impossible for real damage, since check verifies every byte) or an error names `file`.
void expect_detected(const fs::path& dir, const fs::path& file, const std::string& pristine, const std::string& what) {
    SCOPED_TRACE(what);
    try {
        Index index = Index::open(dir);
        const std::string results = all_results(index);
        EXPECT_EQ(results, pristine) << "a damaged index gave different results without an error";
        index.check();
        ADD_FAILURE() << "check passed on a damaged index";
    } catch (const CorruptIndexError& error) {
        EXPECT_NE(std::string(error.what()).find(file.filename().string()), std::string::npos)
            << "error does not name the file: " << error.what();
    }
}

class Corruption : public ::testing::Test {
protected:
    void SetUp() override {
        pristine_dir_ = build_index(dir_);
        pristine_ = all_results(Index::open(pristine_dir_));
        for (const auto& entry : fs::directory_iterator(pristine_dir_))
            if (entry.path().filename() != "LOCK") files_.push_back(entry.path().filename());
        std::sort(files_.begin(), files_.end());
        ASSERT_EQ(files_.size(), 6u);  // manifest + five components
    }
    // A fresh copy of the pristine index to damage.
    fs::path copy() {
        const fs::path target = dir_ / std::string("copy").append(std::to_string(copies_++));
        fs::copy(pristine_dir_, target);
        return target;
    }

    TempDir dir_;
    fs::path pristine_dir_;
    std::string pristine_;
    std::vector<fs::path> files_;
    int copies_ = 0;
};

TEST_F(Corruption, PristineIndexPassesCheck) {
    Index index = Index::open(pristine_dir_);
    EXPECT_NO_THROW(index.check());
    EXPECT_EQ(index.document_count(), 3000u);
}

TEST_F(Corruption, EveryTruncationIsReported) {
    std::mt19937_64 random(11);
    for (const auto& name : files_) {
        const auto size = fs::file_size(pristine_dir_ / name);
        for (std::uint64_t length : {std::uint64_t{0}, std::uint64_t{10}, size / 2, size - 1, size - 33,
                                     static_cast<std::uint64_t>(random() % size)}) {
            const fs::path target = copy();
            fs::resize_file(target / name, length);
            expect_detected(target, name, pristine_, name.string() + " truncated to " + std::to_string(length));
            fs::remove_all(target);
        }
    }
}

TEST_F(Corruption, FlippedBytesAreReported) {
    const std::uint64_t seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 random(seed);
    for (const auto& name : files_) {
        const auto size = fs::file_size(pristine_dir_ / name);
        for (int trial = 0; trial < 12; ++trial) {
            const fs::path target = copy();
            std::string bytes = read_file(target / name);
            const std::uint64_t offset = random() % size;
            bytes[offset] = static_cast<char>(bytes[offset] ^ (1 + random() % 255));
            write_file(target / name, bytes);
            expect_detected(target, name, pristine_, name.string() + " byte " + std::to_string(offset) + " flipped");
            fs::remove_all(target);
        }
    }
}

TEST_F(Corruption, NewerFormatVersionIsReportedAsSuch) {
    for (const auto& name : files_) {
        const fs::path target = copy();
        std::string bytes = read_file(target / name);
        // Rewrite header and footer versions and re-seal the footer checksum, as a future
        // quarry would have written the file.
        const std::uint32_t future = format::kFormatVersion + 1;
        std::memcpy(bytes.data() + 8, &future, 4);
        const std::size_t footer = bytes.size() - format::kFooterSize;
        std::memcpy(bytes.data() + footer + 12, &future, 4);
        std::uint64_t data_size;
        std::memcpy(&data_size, bytes.data() + footer, 8);
        const std::uint64_t table_hash = XXH3_64bits(bytes.data() + data_size, footer + 16 - data_size);
        std::memcpy(bytes.data() + footer + 16, &table_hash, 8);
        write_file(target / name, bytes);
        try {
            Index index = Index::open(target);
            index.check();
            ADD_FAILURE() << name << ": a newer format version was not reported";
        } catch (const VersionError& error) {
            EXPECT_NE(std::string(error.what()).find(name.string()), std::string::npos) << error.what();
            EXPECT_NE(std::string(error.what()).find(std::string("version ").append(std::to_string(future))), std::string::npos)
                << error.what();
        }
        fs::remove_all(target);
    }
}

// Recomputes every checksum of a file whose body was changed, as a buggy writer would have
// sealed it: only quarry check's own verification of the contents can catch the change.
void reseal(std::string& bytes) {
    const std::size_t footer = bytes.size() - format::kFooterSize;
    std::uint64_t data_size;
    std::memcpy(&data_size, bytes.data() + footer, 8);
    for (std::uint64_t chunk = 0; chunk * format::kChunkSize < data_size; ++chunk) {
        const std::uint64_t begin = chunk * format::kChunkSize, end = std::min<std::uint64_t>(begin + format::kChunkSize, data_size);
        const std::uint64_t hash = XXH3_64bits(bytes.data() + begin, end - begin);
        std::memcpy(bytes.data() + data_size + chunk * 8, &hash, 8);
    }
    const std::uint64_t table_hash = XXH3_64bits(bytes.data() + data_size, footer + 16 - data_size);
    std::memcpy(bytes.data() + footer + 16, &table_hash, 8);
}

TEST_F(Corruption, BlockBoundsBelowADocumentFailCheck) {
    // Pruning trusts the skip table's bounds: check must refuse a length step that a document
    // of its block exceeds, even in a file whose checksums all match.
    const index::Manifest manifest = index::read_manifest(pristine_dir_);
    ASSERT_EQ(manifest.segments.size(), 1u);
    const index::SegmentReader segment(pristine_dir_, manifest.segments[0]);
    const auto info = segment.terms().find(index::make_key(index::Field::All, "smart"));
    ASSERT_TRUE(info && info->doc_freq > 128);
    const std::uint32_t* lengths = segment.lengths().lengths(index::Field::All);
    postings::PostingsCursor cursor(segment.postings(), nullptr, *info);
    // The first block whose longest document lies in the last range and holds the word more
    // often than the middle range allows: moving the step past that document's length puts
    // it in the middle range.
    std::uint32_t block = 0, longest = 0, longest_freq = 0;
    for (std::uint32_t doc = cursor.doc(); doc != postings::kEndDoc; doc = cursor.next()) {
        if (lengths[doc] > longest) {
            longest = lengths[doc];
            longest_freq = cursor.freq();
        }
        if (!cursor.is_last_in_block()) continue;
        const scoring::BlockLimits limits = cursor.block_limits();
        if (longest >= limits.steps.length[1] && longest_freq > limits.steps.freq[1]) break;
        ++block;
        longest = 0;
    }
    ASSERT_NE(cursor.doc(), postings::kEndDoc) << "no block with a document in its last range";

    const fs::path target = copy();
    const fs::path postings = target / segment.postings().name().substr(segment.postings().name().rfind('/') + 1);
    std::string bytes = read_file(postings);
    const std::uint64_t entry = 16 + info->doc_offset + std::uint64_t{block} * postings::kSkipEntrySize;
    const auto raised = static_cast<std::uint16_t>(longest + 1);  // step_length[1]
    std::memcpy(bytes.data() + entry + 26, &raised, 2);
    reseal(bytes);
    write_file(postings, bytes);
    try {
        Index::open(target).check();
        ADD_FAILURE() << "check passed with a length step below a document's frequency";
    } catch (const CorruptIndexError& error) {
        EXPECT_NE(std::string(error.what()).find("skip data of term 'smart'"), std::string::npos) << error.what();
    }
}

TEST_F(Corruption, MissingSegmentFileIsReported) {
    for (const auto& name : files_) {
        if (name == "MANIFEST") continue;
        const fs::path target = copy();
        fs::remove(target / name);
        try {
            Index::open(target);
            ADD_FAILURE() << "opening without " << name << " succeeded";
        } catch (const Error& error) {
            EXPECT_NE(std::string(error.what()).find(name.string()), std::string::npos) << error.what();
        }
        fs::remove_all(target);
    }
}

}  // namespace
}  // namespace quarry::testing
