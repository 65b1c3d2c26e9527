// IndexWriter: commits round-trip through Index::open; an existing index is only replaced on
// request and stays readable until the replacing commit; one writer per directory; bad ids are
// refused; an abandoned writer leaves the last commit intact and nothing behind.
#include "quarry/index_writer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "quarry/errors.hpp"
#include "quarry/index.hpp"
#include "support/temp_dir.hpp"

namespace quarry::testing {
namespace {

namespace fs = std::filesystem;

std::set<std::string> files_in(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir)) out.insert(entry.path().filename().string());
    return out;
}

std::set<std::string> segment_files(const std::string& segment) {
    std::set<std::string> out;
    for (const char* extension : {"tdict", "doc", "pos", "len", "store"}) out.insert(segment + "." + extension);
    return out;
}

std::set<std::string> committed_files(const std::vector<std::string>& segments) {
    std::set<std::string> out = {"MANIFEST", "LOCK"};
    for (const auto& segment : segments) {
        auto files = segment_files(segment);
        out.insert(files.begin(), files.end());
    }
    return out;
}

std::vector<std::string> hit_ids(const Index& index, const std::string& query) {
    SearchOptions options;
    options.k = 100;
    options.snippets = false;
    std::vector<std::string> out;
    for (const Hit& hit : index.search(query, options).hits) out.push_back(hit.id);
    std::sort(out.begin(), out.end());
    return out;
}

template <typename Action>
void expect_error(Action action, const std::string& part) {
    try {
        action();
        ADD_FAILURE() << "no error; expected one containing: " << part;
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find(part), std::string::npos)
            << "message: " << error.what() << "\nexpected to contain: " << part;
    }
}

using Ids = std::vector<std::string>;

TEST(IndexWriter, CreateCommitOpenRoundTrip) {
    TempDir dir;
    const fs::path path = dir / "index";
    const std::vector<Document> docs = {
        {"a", "Smart factory", "Xiaomi builds cars.", {{"url", "https://example.com/a"}}},
        {"b", "", "Phones and factories", {}},
        {"c", "小米", "智能工厂", {{"k1", "v1"}, {"k2", ""}}},
    };
    {
        IndexOptions options;
        options.analyzer.stem = false;
        IndexWriter writer = IndexWriter::create(path, options, false);
        EXPECT_EQ(writer.pending_documents(), 0u);
        for (const auto& doc : docs) writer.add(doc);
        EXPECT_EQ(writer.pending_documents(), 3u);
        EXPECT_TRUE(writer.contains("b"));
        EXPECT_FALSE(writer.contains("z"));
        writer.commit();
        EXPECT_EQ(writer.pending_documents(), 0u);
        EXPECT_TRUE(writer.contains("b"));  // ids stay known after commit
    }
    const Index index = Index::open(path);
    EXPECT_EQ(index.document_count(), 3u);
    EXPECT_FALSE(index.analyzer_options().stem);
    EXPECT_TRUE(index.analyzer_options().stop_words);
    const IndexInfo info = index.info();
    EXPECT_EQ(info.documents, 3u);
    EXPECT_EQ(info.segments, 1u);
    EXPECT_EQ(info.generation, 1u);
    for (std::uint64_t i = 0; i < docs.size(); ++i) {
        const Document stored = index.document(i);
        EXPECT_EQ(stored.id, docs[i].id);
        EXPECT_EQ(stored.title, docs[i].title);
        EXPECT_EQ(stored.text, docs[i].text);
        EXPECT_EQ(stored.extra, docs[i].extra);
    }
    EXPECT_THROW(index.document(3), Error);
    EXPECT_EQ(hit_ids(index, "factory"), (Ids{"a"}));  // no stemming: "factories" is another word
    EXPECT_EQ(hit_ids(index, "factories"), (Ids{"b"}));
    EXPECT_EQ(hit_ids(index, "title:小米"), (Ids{"c"}));
    EXPECT_NO_THROW(index.check());
    EXPECT_EQ(files_in(path), committed_files({"seg_000001"}));
}

TEST(IndexWriter, SeveralCommitsMakeSeveralSegments) {
    TempDir dir;
    const fs::path path = dir / "index";
    IndexWriter writer = IndexWriter::create(path, {}, false);
    writer.add({"a", "", "alpha", {}});
    writer.commit();
    {
        const Index first = Index::open(path);
        EXPECT_EQ(first.document_count(), 1u);
        EXPECT_EQ(first.info().generation, 1u);
    }
    writer.add({"b", "", "alpha beta", {}});
    writer.add({"c", "", "beta", {}});
    writer.commit();
    writer.commit();  // nothing pending: a new generation of the same segments
    const Index index = Index::open(path);
    EXPECT_EQ(index.document_count(), 3u);
    EXPECT_EQ(index.info().segments, 2u);
    EXPECT_EQ(index.info().generation, 3u);
    EXPECT_EQ(index.document(2).id, "c");
    EXPECT_EQ(hit_ids(index, "alpha"), (Ids{"a", "b"}));
    EXPECT_EQ(files_in(path), committed_files({"seg_000001", "seg_000002"}));
    // Ids are unique across the commits of one writer.
    expect_error([&] { writer.add({"a", "", "again", {}}); }, "duplicate document id 'a'");
}

TEST(IndexWriter, EmptyCommitMakesAnEmptyIndex) {
    TempDir dir;
    IndexWriter::create(dir / "index", {}, false).commit();
    const Index index = Index::open(dir / "index");
    EXPECT_EQ(index.document_count(), 0u);
    EXPECT_EQ(index.info().segments, 0u);
    EXPECT_TRUE(index.search("anything").hits.empty());
    EXPECT_EQ(files_in(dir / "index"), committed_files({}));
}

TEST(IndexWriter, RefusesAnExistingIndexWithoutReplace) {
    TempDir dir;
    const fs::path path = dir / "index";
    {
        IndexWriter writer = IndexWriter::create(path, {}, false);
        writer.add({"old", "", "original", {}});
        writer.commit();
    }
    expect_error([&] { IndexWriter::create(path, {}, false); }, "already holds an index; pass --force to replace it");
    // The refusal touched nothing.
    const Index index = Index::open(path);
    EXPECT_EQ(index.document_count(), 1u);
    EXPECT_EQ(files_in(path), committed_files({"seg_000001"}));
}

TEST(IndexWriter, ReplaceKeepsTheOldIndexReadableUntilCommit) {
    TempDir dir;
    const fs::path path = dir / "index";
    {
        IndexWriter writer = IndexWriter::create(path, {}, false);
        writer.add({"old1", "", "original words", {}});
        writer.add({"old2", "", "original text", {}});
        writer.commit();
    }
    const Index before = Index::open(path);
    {
        IndexWriter writer = IndexWriter::create(path, {}, true);
        writer.add({"new1", "", "replacement words", {}});
        // Not committed yet: a reader opening now still sees the old index, whole.
        {
            const Index during = Index::open(path);
            EXPECT_EQ(during.document_count(), 2u);
            EXPECT_EQ(hit_ids(during, "original"), (Ids{"old1", "old2"}));
            EXPECT_TRUE(hit_ids(during, "replacement").empty());
            EXPECT_NO_THROW(during.check());
        }
        writer.commit();
        // After the commit: only the new segment's files are left.
        EXPECT_EQ(files_in(path), committed_files({"seg_000002"}));
    }
    const Index after = Index::open(path);
    EXPECT_EQ(after.document_count(), 1u);
    EXPECT_EQ(hit_ids(after, "replacement"), (Ids{"new1"}));
    EXPECT_TRUE(hit_ids(after, "original").empty());
    EXPECT_EQ(after.info().generation, 2u);  // generations keep counting across a replace
    // A reader opened before the replace keeps its snapshot (its files are still mapped).
    EXPECT_EQ(before.document_count(), 2u);
    EXPECT_EQ(hit_ids(before, "original"), (Ids{"old1", "old2"}));
    EXPECT_EQ(before.document(1).id, "old2");
}

TEST(IndexWriter, ReplaceWithOtherAnalyzerOptions) {
    TempDir dir;
    const fs::path path = dir / "index";
    {
        IndexWriter writer = IndexWriter::create(path, {}, false);
        writer.add({"a", "", "factories", {}});
        writer.commit();
    }
    {
        IndexOptions options;
        options.analyzer.stop_words = false;
        IndexWriter writer = IndexWriter::create(path, options, true);
        writer.add({"b", "", "the factories", {}});
        writer.commit();
    }
    const Index index = Index::open(path);
    EXPECT_FALSE(index.analyzer_options().stop_words);
    EXPECT_EQ(hit_ids(index, "the"), (Ids{"b"}));  // "the" is indexed now
}

TEST(IndexWriter, SecondWriterOnTheSameDirectoryIsRefused) {
    TempDir dir;
    const fs::path path = dir / "index";
    {
        IndexWriter first = IndexWriter::create(path, {}, false);
        first.add({"a", "", "text", {}});
        expect_error([&] { IndexWriter::create(path, {}, false); }, std::string("another quarry process is writing to ").append(path.string()));
        expect_error([&] { IndexWriter::create(path, {}, true); }, "another quarry process is writing to");
        first.commit();
        // Still held after a commit, for as long as the writer lives.
        expect_error([&] { IndexWriter::create(path, {}, true); }, "another quarry process is writing to");
    }
    // Released with the writer.
    IndexWriter again = IndexWriter::create(path, {}, true);
    again.add({"b", "", "text", {}});
    again.commit();
    EXPECT_EQ(Index::open(path).document_count(), 1u);
}

TEST(IndexWriter, MovedWriterKeepsTheLock) {
    TempDir dir;
    const fs::path path = dir / "index";
    IndexWriter first = IndexWriter::create(path, {}, false);
    IndexWriter moved = std::move(first);
    expect_error([&] { IndexWriter::create(path, {}, false); }, "another quarry process");
    moved.add({"a", "", "text", {}});
    moved.commit();
    EXPECT_EQ(Index::open(path).document_count(), 1u);
}

TEST(IndexWriter, DuplicateAndEmptyIdsAreRefused) {
    TempDir dir;
    const fs::path path = dir / "index";
    IndexWriter writer = IndexWriter::create(path, {}, false);
    writer.add({"x", "", "first", {}});
    expect_error([&] { writer.add({"x", "", "second", {}}); }, "duplicate document id 'x'");
    expect_error([&] { writer.add({"", "", "no id", {}}); }, "a document has an empty id");
    // Ids are compared exactly: case and Unicode variants are different ids.
    writer.add({"X", "", "third", {}});
    writer.add({"ｘ", "", "fourth", {}});
    EXPECT_EQ(writer.pending_documents(), 3u);
    writer.commit();
    const Index index = Index::open(path);
    EXPECT_EQ(index.document_count(), 3u);
    EXPECT_EQ(index.document(0).text, "first");  // the refused duplicate did not replace it
    EXPECT_TRUE(hit_ids(index, "second").empty());
}

TEST(IndexWriter, AbandonedWriterLeavesThePreviousCommitIntact) {
    TempDir dir;
    const fs::path path = dir / "index";
    {
        IndexWriter writer = IndexWriter::create(path, {}, false);
        writer.add({"kept", "", "committed words", {}});
        writer.commit();
    }
    {
        // Replacing, with enough documents to write store blocks, then giving up.
        IndexWriter writer = IndexWriter::create(path, {}, true);
        for (int i = 0; i < 2000; ++i)
            writer.add({std::string("lost").append(std::to_string(i)), "title", std::string("abandoned text ").append(100, 'x'), {}});
        EXPECT_GT(files_in(path).size(), committed_files({"seg_000001"}).size()) << "the writer wrote nothing yet?";
    }
    // The previous commit is whole; the abandoned segment's partial files are gone.
    {
        const Index index = Index::open(path);
        EXPECT_EQ(index.document_count(), 1u);
        EXPECT_EQ(hit_ids(index, "committed"), (Ids{"kept"}));
        EXPECT_TRUE(hit_ids(index, "abandoned").empty());
        EXPECT_NO_THROW(index.check());
    }
    // Leftovers of a process that died (no destructor ran) are removed by the next commit.
    write_file(path / "seg_000099.doc", "partial");
    write_file(path / "seg_000002.store", "partial");
    write_file(path / "MANIFEST.tmp", "partial");
    {
        IndexWriter writer = IndexWriter::create(path, {}, true);
        writer.add({"next", "", "fresh words", {}});
        writer.commit();
        const std::set<std::string> files = files_in(path);
        EXPECT_EQ(files, committed_files({"seg_000002"}));
    }
    const Index index = Index::open(path);
    EXPECT_EQ(index.document_count(), 1u);
    EXPECT_EQ(hit_ids(index, "fresh"), (Ids{"next"}));
    EXPECT_EQ(index.info().generation, 2u);
}

TEST(IndexWriter, AbandonedFirstWriterLeavesNoIndex) {
    TempDir dir;
    const fs::path path = dir / "index";
    {
        IndexWriter writer = IndexWriter::create(path, {}, false);
        writer.add({"a", "", "text", {}});
    }
    EXPECT_THROW(Index::open(path), Error);  // no commit, no index
    // The directory holds nothing that blocks a new index.
    IndexWriter writer = IndexWriter::create(path, {}, false);
    writer.add({"b", "", "text", {}});
    writer.commit();
    EXPECT_EQ(files_in(path), committed_files({"seg_000001"}));
}

TEST(IndexWriter, NonIndexDirectoriesAreRefused) {
    TempDir dir;
    write_file(dir / "docs" / "notes.txt", "my notes");
    expect_error([&] { IndexWriter::create(dir / "docs", {}, false); },
                 "is not empty and holds no quarry index (found notes.txt); choose an empty or new directory");
    expect_error([&] { IndexWriter::create(dir / "docs", {}, true); }, "holds no quarry index");
    EXPECT_EQ(files_in(dir / "docs"), (std::set<std::string>{"notes.txt"}));  // nothing written, no LOCK
    // A file where the directory should be.
    write_file(dir / "plain", "x");
    expect_error([&] { IndexWriter::create(dir / "plain", {}, false); }, "exists and is not a directory");
    // An empty existing directory and a missing nested one are fine.
    fs::create_directory(dir / "empty");
    EXPECT_NO_THROW(IndexWriter::create(dir / "empty", {}, false).commit());
    EXPECT_NO_THROW(IndexWriter::create(dir / "a" / "b" / "c", {}, false).commit());
    EXPECT_EQ(Index::open(dir / "a" / "b" / "c").document_count(), 0u);
}

}  // namespace
}  // namespace quarry::testing

namespace quarry::testing {
namespace {

Document doc_of(const std::string& id, const std::string& text) {
    Document doc;
    doc.id = id;
    doc.text = text;
    return doc;
}

// A new index at `path` holding "a: granite quarry" and "b: marble quarry", then `more`, in one commit.
void create_quarry_index(const fs::path& path, const std::vector<Document>& more = {}) {
    IndexWriter writer = IndexWriter::create(path, {}, false);
    writer.add(doc_of("a", "granite quarry"));
    writer.add(doc_of("b", "marble quarry"));
    for (const Document& doc : more) writer.add(doc);
    writer.commit();
}

TEST(IndexWriterUpdates, AppendReplaceDeleteAndOptimize) {
    TempDir dir;
    const fs::path path = dir / "index";
    create_quarry_index(path, {doc_of("c", "slate roof")});
    {
        IndexWriter writer = IndexWriter::open(path, {});
        writer.add(doc_of("b", "sandstone wall"));  // replaces b
        writer.add(doc_of("d", "granite wall"));
        EXPECT_TRUE(writer.remove("c"));
        EXPECT_FALSE(writer.remove("zzz"));
        writer.commit();
        EXPECT_EQ(writer.segment_count(), 2u);
    }
    const Ids expected_quarry = {"a"};
    const Ids expected_wall = {"b", "d"};
    {
        const Index index = Index::open(path);
        EXPECT_EQ(index.document_count(), 3u);
        EXPECT_EQ(hit_ids(index, "quarry"), expected_quarry);
        EXPECT_EQ(hit_ids(index, "wall"), expected_wall);
        EXPECT_TRUE(hit_ids(index, "slate").empty());
        SearchOptions count;
        count.count_only = true;
        EXPECT_EQ(index.search("quarry OR wall OR slate", count).matches, 3u);
        EXPECT_EQ(index.info().deleted_documents, 2u);
        EXPECT_NO_THROW(index.check());
    }
    {
        IndexWriter writer = IndexWriter::open(path, {});
        writer.optimize();
        EXPECT_EQ(writer.segment_count(), 1u);
    }
    const Index index = Index::open(path);
    EXPECT_EQ(index.info().deleted_documents, 0u);
    EXPECT_EQ(index.document_count(), 3u);
    EXPECT_EQ(hit_ids(index, "quarry"), expected_quarry);
    EXPECT_EQ(hit_ids(index, "wall"), expected_wall);
    EXPECT_NO_THROW(index.check());
    // Only the merged segment's files remain.
    std::set<std::string> files = files_in(path);
    EXPECT_EQ(files.size(), 7u);  // MANIFEST, LOCK and five components
}

TEST(IndexWriterUpdates, MemoryBudgetWritesSeveralSegmentsInOneCommit) {
    TempDir dir;
    IndexOptions options;
    options.memory_budget = 36 * 1024;  // the run's ids take about 17 KB of it
    {
        IndexWriter writer = IndexWriter::create(dir / "index", options, false);
        for (int d = 0; d < 300; ++d)
            writer.add(doc_of(std::string("d").append(std::to_string(d)), std::string("word").append(std::to_string(d % 37)).append(" common text here")));
        writer.commit();
        EXPECT_GT(writer.segment_count(), 3u);
    }
    const Index index = Index::open(dir / "index");
    EXPECT_EQ(index.document_count(), 300u);
    EXPECT_EQ(hit_ids(index, "word5").size(), 8u);  // d5, d42, d79, ..., d264
    EXPECT_NO_THROW(index.check());
}

}  // namespace
}  // namespace quarry::testing

namespace quarry::testing {
namespace {

// The run's ids count against the memory budget, and a run whose ids would take more than
// half of it stops with an error that says what to do, before anything is committed.
TEST(IndexWriterUpdates, IdsBeyondHalfTheBudgetAreAClearError) {
    TempDir dir;
    IndexOptions options;
    options.memory_budget = 16 * 1024;
    IndexWriter writer = IndexWriter::create(dir / "index", options, false);
    try {
        for (int d = 0; d < 5000; ++d) writer.add(doc_of(std::string("a-rather-long-document-id-").append(std::to_string(d)), "text"));
        FAIL() << "5000 ids fit in 8 KB";
    } catch (const Error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("memory budget"), std::string::npos) << message;
        EXPECT_NE(message.find("--memory"), std::string::npos) << message;
        EXPECT_NE(message.find("--append"), std::string::npos) << message;
    }
}

TEST(IndexWriterUpdates, ThreadsGiveTheSameResultsAsOneThread) {
    TempDir dir;
    std::vector<Document> docs;
    for (int d = 0; d < 2000; ++d)
        docs.push_back(doc_of(std::string("d").append(std::to_string(d)),
                              std::string("word").append(std::to_string(d % 53)).append(" shared ").append(std::to_string(d % 7))));
    auto build = [&](const std::string& name, unsigned threads) {
        IndexOptions options;
        options.threads = threads;
        options.memory_budget = 512 * 1024;  // several segments per thread, beside 135 KB of ids
        IndexWriter writer = IndexWriter::create(dir / name, options, false);
        for (const auto& doc : docs) writer.add(doc);
        writer.commit();
        return Index::open(dir / name);
    };
    const Index one = build("one", 1);
    const Index several = build("several", 3);
    EXPECT_EQ(several.document_count(), 2000u);
    EXPECT_NO_THROW(several.check());
    for (const char* query : {"word5", "shared 3", "word12 OR word40", "+shared +word1"}) {
        SearchOptions options;
        options.k = 5000;  // every match: which of several tied documents make a cut depends on their order
        options.snippets = false;
        auto scored = [&](const Index& index) {
            std::vector<std::pair<std::string, double>> out;
            for (const Hit& hit : index.search(query, options).hits) out.emplace_back(hit.id, hit.score);
            std::sort(out.begin(), out.end());
            return out;
        };
        EXPECT_EQ(scored(one), scored(several)) << query;
    }
}

}  // namespace
}  // namespace quarry::testing

namespace quarry::testing {
namespace {

TEST(IndexWriterUpdates, OpenReaderKeepsItsSnapshotAcrossCommitsAndMerges) {
    TempDir dir;
    const fs::path path = dir / "index";
    create_quarry_index(path);
    const Index before = Index::open(path);
    const Ids old_hits = {"a", "b"};
    {
        IndexWriter writer = IndexWriter::open(path, {});
        writer.add(doc_of("c", "slate quarry"));
        EXPECT_TRUE(writer.remove("a"));
        writer.optimize();  // the old segment's files are deleted from the directory
    }
    EXPECT_EQ(hit_ids(before, "quarry"), old_hits);  // still mapped: the same answers
    EXPECT_EQ(before.document_count(), 2u);
    const Index after = Index::open(path);
    const Ids new_hits = {"b", "c"};
    EXPECT_EQ(hit_ids(after, "quarry"), new_hits);
}

}  // namespace
}  // namespace quarry::testing
