#include "corpus/corpus_reader.hpp"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "quarry/errors.hpp"
#include "support/temp_dir.hpp"

namespace quarry::corpus {
namespace {

namespace fs = std::filesystem;

using quarry::testing::TempDir;

struct ReadResult {
    std::vector<Document> documents;
    std::vector<SourceLocation> locations;
    ReadReport report;

    std::vector<std::string> ids() const {
        std::vector<std::string> ids;
        for (const Document& document : documents) ids.push_back(document.id);
        return ids;
    }
};

ReadResult collect(const std::vector<fs::path>& inputs, ReadOptions options = {}) {
    ReadResult result;
    result.report =
        read_corpus(inputs, options, [&](Document&& document, const SourceLocation& location) {
            result.documents.push_back(std::move(document));
            result.locations.push_back(location);
        });
    return result;
}

/// The InputError that reading `inputs` throws.
InputError input_error(const std::vector<fs::path>& inputs, ReadOptions options = {}) {
    try {
        collect(inputs, options);
    } catch (const InputError& error) {
        return error;
    }
    ADD_FAILURE() << "reading did not throw an InputError";
    return InputError("", 0, 0, "");
}

std::string error_message(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    ADD_FAILURE() << "no quarry::Error thrown";
    return {};
}

std::string zstd_compress(std::string_view data) {
    std::string compressed(ZSTD_compressBound(data.size()), '\0');
    const std::size_t size =
        ZSTD_compress(compressed.data(), compressed.size(), data.data(), data.size(), 3);
    EXPECT_FALSE(ZSTD_isError(size));
    compressed.resize(size);
    return compressed;
}

std::string gzip_compress(std::string_view data) {
    z_stream stream{};
    EXPECT_EQ(
        deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
        Z_OK);
    std::string compressed(deflateBound(&stream, data.size()) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
    stream.avail_out = static_cast<uInt>(compressed.size());
    EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
    compressed.resize(stream.total_out);
    deflateEnd(&stream);
    return compressed;
}

/// `count` JSON Lines records with ids "0", "1", ... and a text that makes each line long.
std::string many_jsonl_records(int count) {
    std::string content;
    for (int index = 0; index < count; ++index) {
        content += "{\"id\":" + std::to_string(index) + ",\"text\":\"record " +
                   std::to_string(index) + std::string(100, 'x') + "\"}\n";
    }
    return content;
}

constexpr std::string_view kExpectedRecord = "; expected one object with \"id\" and \"text\"";

TEST(CorpusReader, ParsesFormatNames) {
    EXPECT_EQ(parse_format("auto"), Format::Auto);
    EXPECT_EQ(parse_format("jsonl"), Format::Jsonl);
    EXPECT_EQ(parse_format("tsv"), Format::Tsv);
    EXPECT_EQ(parse_format("dir"), Format::TextDir);
    EXPECT_EQ(error_message([] { parse_format("csv"); }),
              "unknown corpus format \"csv\"; valid formats are auto, jsonl, tsv and dir");
}

TEST(CorpusReader, ReadsJsonlRecordsWithExtrasAndIntegerIds) {
    TempDir dir;
    const std::string content =
        "{\"id\":\"a\",\"title\":\"T\",\"text\":\"hello\",\"lang\":\"en\",\"n\":3,\"tags\":[\"x\"],"
        "\"src\":\"web\",\"flag\":true}\n"
        "\n"
        "  \t \n"
        "{\"text\":\"no title\",\"id\":42}\n"
        "{\"id\":-7,\"title\":null,\"text\":\"\"}\n"
        "{\"id\":18446744073709551615,\"text\":\"max \\u00e9\\n\"}";  // no final newline
    const fs::path file = dir.write("corpus.jsonl", content);

    const ReadResult result = collect({file});

    ASSERT_EQ(result.documents.size(), 4U);
    EXPECT_EQ(result.ids(), (std::vector<std::string>{"a", "42", "-7", "18446744073709551615"}));
    EXPECT_EQ(result.documents[0].title, "T");
    EXPECT_EQ(result.documents[0].text, "hello");
    EXPECT_EQ(result.documents[0].extra,
              (std::vector<std::pair<std::string, std::string>>{{"lang", "en"}, {"src", "web"}}));
    EXPECT_EQ(result.documents[1].title, "");
    EXPECT_EQ(result.documents[1].text, "no title");
    EXPECT_TRUE(result.documents[1].extra.empty());
    EXPECT_EQ(result.documents[2].title, "");
    EXPECT_EQ(result.documents[2].text, "");
    EXPECT_EQ(result.documents[3].text, "max \xC3\xA9\n");
    ASSERT_EQ(result.locations.size(), 4U);
    EXPECT_EQ(result.locations[0].file, file.string());
    EXPECT_EQ(result.locations[0].line, 1U);
    EXPECT_EQ(result.locations[1].line, 4U);
    EXPECT_EQ(result.locations[2].line, 5U);
    EXPECT_EQ(result.locations[3].line, 6U);
    EXPECT_EQ(result.report.documents, 4U);
    EXPECT_EQ(result.report.skipped, 0U);
    EXPECT_EQ(result.report.bytes, content.size());
}

TEST(CorpusReader, ReadsJsonlWithCrlfLines) {
    TempDir dir;
    const fs::path file = dir.write(
        "crlf.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\r\n\r\n{\"id\":\"b\",\"text\":\"y\"}\r\n");

    const ReadResult result = collect({file});

    EXPECT_EQ(result.ids(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(result.documents[1].text, "y");
    EXPECT_EQ(result.locations[1].line, 3U);
}

TEST(CorpusReader, MalformedJsonNamesFileLineAndLineStart) {
    TempDir dir;
    const std::string first_line = "{\"id\":\"a\",\"text\":\"x\"}\n";
    const fs::path file = dir.write(
        "bad.jsonl", first_line + "\n{\"id\":\"b\",\"text\":}\n{\"id\":\"c\",\"text\":\"z\"}\n");

    const InputError error = input_error({file});

    EXPECT_EQ(error.file(), file.string());
    EXPECT_EQ(error.line(), 3U);
    EXPECT_EQ(error.byte(), static_cast<std::int64_t>(first_line.size() + 1));
    const std::string message = error.what();
    const std::string prefix = file.string() + ":3: invalid JSON record: ";
    EXPECT_TRUE(message.starts_with(prefix)) << message;
    EXPECT_TRUE(message.ends_with(kExpectedRecord)) << message;
    EXPECT_GT(message.size(), prefix.size() + kExpectedRecord.size())
        << "simdjson's error text is missing";
}

TEST(CorpusReader, JsonlFieldErrorsNameTheField) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"{\"text\":\"x\"}", "record has no \"id\" field"},
        {"{\"id\":\"\",\"text\":\"x\"}", "record has an empty \"id\""},
        {"{\"id\":1.5,\"text\":\"x\"}",
         "\"id\" must be a string or an integer, not a number with a fraction or exponent"},
        {"{\"id\":true,\"text\":\"x\"}", "\"id\" must be a string or an integer, not a boolean"},
        {"{\"id\":\"a\"}", "record has no \"text\" field"},
        {"{\"id\":\"a\",\"text\":5}", "\"text\" must be a string, not an integer"},
        {"{\"id\":\"a\",\"text\":null}", "\"text\" must be a string, not null"},
        {"{\"id\":\"a\",\"title\":[\"t\"],\"text\":\"x\"}",
         "\"title\" must be a string, not an array"},
        {"{\"id\":\"a\",\"text\":\"x\",\"text\":\"y\"}", "record has the field \"text\" twice"},
        {"[\"a\",\"x\"]",
         "invalid JSON record: the line holds an array" + std::string(kExpectedRecord)},
        {"\"just a string\"",
         "invalid JSON record: the line holds a string" + std::string(kExpectedRecord)},
    };
    TempDir dir;
    const std::string first_line = "{\"id\":\"ok\",\"text\":\"fine\"}\n";
    for (const auto& [line, problem] : cases) {
        SCOPED_TRACE(line);
        const fs::path file = dir.write("case.jsonl", first_line + line + "\n");
        const InputError error = input_error({file});
        EXPECT_EQ(error.what(), file.string() + ":2: " + problem);
        EXPECT_EQ(error.file(), file.string());
        EXPECT_EQ(error.line(), 2U);
        EXPECT_EQ(error.byte(), static_cast<std::int64_t>(first_line.size()));
    }
}

TEST(CorpusReader, ReadsTsvRecords) {
    TempDir dir;
    const std::string content =
        "d1\tTitle one\tText one\n"
        "d2\tonly text\n"
        "\n"
        "d3\t\ttext with empty title\r\n"
        "d4\tT\t\n"
        "d5\t{not json}\t\"quoted\" text";
    const fs::path file = dir.write("corpus.tsv", content);

    const ReadResult result = collect({file});

    ASSERT_EQ(result.ids(), (std::vector<std::string>{"d1", "d2", "d3", "d4", "d5"}));
    EXPECT_EQ(result.documents[0].title, "Title one");
    EXPECT_EQ(result.documents[0].text, "Text one");
    EXPECT_EQ(result.documents[1].title, "");
    EXPECT_EQ(result.documents[1].text, "only text");
    EXPECT_EQ(result.documents[2].title, "");
    EXPECT_EQ(result.documents[2].text, "text with empty title");
    EXPECT_EQ(result.documents[3].title, "T");
    EXPECT_EQ(result.documents[3].text, "");
    EXPECT_EQ(result.documents[4].title, "{not json}");
    EXPECT_EQ(result.documents[4].text, "\"quoted\" text");
    EXPECT_EQ(result.locations[2].line, 4U);
    EXPECT_EQ(result.locations[4].line, 6U);
    EXPECT_EQ(result.report.bytes, content.size());
}

TEST(CorpusReader, TsvFieldErrors) {
    TempDir dir;
    const std::string first_line = "ok\ttitle\ttext\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"a\tb\tc\td",
         "expected 3 tab-separated fields (id, title, text) or 2 (id, text), found 4"},
        {"just one field",
         "expected 3 tab-separated fields (id, title, text) or 2 (id, text), found 1"},
        {"\ttitle\ttext", "record has an empty id"},
    };
    for (const auto& [line, problem] : cases) {
        SCOPED_TRACE(line);
        const fs::path file = dir.write("case.tsv", first_line + line + "\r\n");
        const InputError error = input_error({file});
        EXPECT_EQ(error.what(), file.string() + ":2: " + problem);
        EXPECT_EQ(error.line(), 2U);
        EXPECT_EQ(error.byte(), static_cast<std::int64_t>(first_line.size()));
    }
}

TEST(CorpusReader, ReadsTextFolderInSortedOrderSkippingHiddenFiles) {
    TempDir dir;
    const fs::path folder = dir.path() / "docs";
    dir.write("docs/b.txt", "  Title B  \n\nbody b\nmore\n");
    dir.write("docs/a/c.md", "\n \t\n  C title\r\nc text");
    dir.write("docs/a/nested/d", "D\n");
    dir.write("docs/empty.txt", "");
    dir.write("docs/.hidden.txt", "hidden\nfile");
    dir.write("docs/.git/config", "hidden\nfolder");
    dir.write("docs/a/.secret.md", "hidden\nfile");

    const ReadResult result = collect({folder});

    ASSERT_EQ(result.ids(), (std::vector<std::string>{"a/c", "a/nested/d", "b", "empty"}));
    EXPECT_EQ(result.documents[0].title, "C title");
    EXPECT_EQ(result.documents[0].text, "c text");
    EXPECT_EQ(result.documents[1].title, "D");
    EXPECT_EQ(result.documents[1].text, "");
    EXPECT_EQ(result.documents[2].title, "Title B");
    EXPECT_EQ(result.documents[2].text, "\nbody b\nmore\n");
    EXPECT_EQ(result.documents[3].title, "");
    EXPECT_EQ(result.documents[3].text, "");
    EXPECT_EQ(result.locations[0].file, (folder / "a/c.md").string());
    EXPECT_EQ(result.locations[0].line, 0U);
    EXPECT_EQ(result.locations[2].file, (folder / "b.txt").string());
    EXPECT_EQ(result.report.documents, 4U);
    EXPECT_EQ(result.report.bytes, 25U + 21U + 2U);
}

TEST(CorpusReader, ReadsCompressedFilesInTextFolder) {
    TempDir dir;
    dir.write("docs/a.txt.gz", gzip_compress("Gzip title\ngzip body"));
    dir.write("docs/b.md.zst", zstd_compress("Zstd title\nzstd body"));

    const ReadResult result = collect({dir.path() / "docs"});

    ASSERT_EQ(result.ids(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(result.documents[0].title, "Gzip title");
    EXPECT_EQ(result.documents[1].text, "zstd body");
}

TEST(CorpusReader, InvalidUtf8InTextFileGivesLineAndColumn) {
    TempDir dir;
    const fs::path file = dir.write("docs/bad.txt", "Title\nok line\nbad \xFF here\n");
    dir.write("docs/good.txt", "Good\ntext");

    const InputError error = input_error({dir.path() / "docs"});

    EXPECT_EQ(error.file(), file.string());
    EXPECT_EQ(error.line(), 3U);
    EXPECT_EQ(error.byte(), 18);
    EXPECT_EQ(error.what(), file.string() + ":3: invalid UTF-8 at byte 18 (line 3, column 5)");

    ReadOptions skip;
    skip.skip_bad = true;
    const ReadResult result = collect({dir.path() / "docs"}, skip);
    EXPECT_EQ(result.ids(), (std::vector<std::string>{"good"}));
    EXPECT_EQ(result.report.skipped, 1U);
}

TEST(CorpusReader, InvalidUtf8InRecordsGivesExactByte) {
    TempDir dir;
    const std::string first_line = "{\"id\":\"a\",\"text\":\"caf\xC3\xA9\"}\n";  // valid
    const fs::path jsonl =
        dir.write("bad.jsonl", first_line + "{\"id\":\"b\",\"text\":\"caf\xC3\"}\n");
    const InputError jsonl_error = input_error({jsonl});
    const std::uint64_t truncated_at = first_line.size() + 21;
    EXPECT_EQ(jsonl_error.line(), 2U);
    EXPECT_EQ(jsonl_error.byte(), static_cast<std::int64_t>(truncated_at));
    EXPECT_EQ(jsonl_error.what(), jsonl.string() + ":2: invalid UTF-8 at byte " +
                                      std::to_string(truncated_at) + " (line 2, column 22)");

    const std::vector<std::pair<std::string, std::uint64_t>> tsv_cases = {
        {"x\t\xED\xA0\x80\tsurrogate", 2},              // U+D800
        {"x\tt\toverlong \xC0\xAF", 13},                // '/' in two bytes
        {"x\tt\tstray \x80 continuation", 10},          //
        {"x\tt\tabove U+10FFFF \xF4\x90\x80\x80", 19},  //
        {"x\tt\t\xE2\x82", 4},                          // cut short by the end of the line
    };
    for (const auto& [line, index] : tsv_cases) {
        SCOPED_TRACE(line);
        const fs::path tsv = dir.write("bad.tsv", "ok\tt\ttext\n" + line + "\n");
        const InputError error = input_error({tsv});
        const std::uint64_t offset = 10 + index;
        EXPECT_EQ(error.line(), 2U);
        EXPECT_EQ(error.byte(), static_cast<std::int64_t>(offset));
        EXPECT_EQ(error.what(), tsv.string() + ":2: invalid UTF-8 at byte " +
                                    std::to_string(offset) + " (line 2, column " +
                                    std::to_string(index + 1) + ")");
    }
}

TEST(CorpusReader, DetectsFormatFromExtensionBeforeContent) {
    TempDir dir;
    const fs::path ndjson = dir.write("a.ndjson", "{\"id\":\"nd\",\"text\":\"x\"}\n");
    const fs::path json = dir.write("b.JSON", "{\"id\":\"js\",\"text\":\"x\"}\n");
    // Starts with '{' but the extension says TSV.
    const fs::path tab = dir.write("c.tab", "{brace\ttitle\ttext\n");
    const fs::path tsv_gz = dir.write("d.tsv.gz", gzip_compress("gz\ttitle\ttext\n"));

    const ReadResult result = collect({ndjson, json, tab, tsv_gz});

    EXPECT_EQ(result.ids(), (std::vector<std::string>{"nd", "js", "{brace", "gz"}));
}

TEST(CorpusReader, SniffsFormatOfOtherFiles) {
    TempDir dir;
    const fs::path jsonl = dir.write("corpus.txt", "\n  \r\n{\"id\":\"j\",\"text\":\"x\"}\n");
    const fs::path tsv = dir.write("corpus", "t\ttitle\ttext\n");
    const fs::path compressed = dir.write("corpus.zst", zstd_compress("z\ttext\n"));
    const fs::path empty = dir.write("empty.dat", "");

    const ReadResult result = collect({jsonl, tsv, compressed, empty});

    EXPECT_EQ(result.ids(), (std::vector<std::string>{"j", "t", "z"}));

    const fs::path prose = dir.write("notes.txt", "hello world\nno tabs here\n");
    EXPECT_EQ(error_message([&] { collect({prose}); }),
              "cannot tell the format of " + prose.string() + "; pass --format jsonl|tsv|dir");
}

TEST(CorpusReader, ExplicitFormatWins) {
    TempDir dir;
    const fs::path file = dir.write("misnamed.jsonl", "id1\ttitle\ttext\n");
    ReadOptions tsv;
    tsv.format = Format::Tsv;
    EXPECT_EQ(collect({file}, tsv).ids(), (std::vector<std::string>{"id1"}));

    ReadOptions text_dir;
    text_dir.format = Format::TextDir;
    EXPECT_EQ(error_message([&] { collect({file}, text_dir); }),
              file.string() + " is not a folder, but --format dir reads folders of text files");

    ReadOptions jsonl;
    jsonl.format = Format::Jsonl;
    EXPECT_EQ(error_message([&] { collect({dir.path()}, jsonl); }),
              dir.path().string() +
                  " is a folder, but --format jsonl reads files; pass --format dir or auto");
}

TEST(CorpusReader, ReadsZstdInputAcrossFramesAndBuffers) {
    TempDir dir;
    // Two frames, and more than one read buffer of uncompressed data.
    const std::string first_half = many_jsonl_records(12000);
    std::string second_half;
    for (int index = 12000; index < 20000; ++index) {
        second_half += "{\"id\":" + std::to_string(index) + ",\"text\":\"r\"}\n";
    }
    const fs::path file =
        dir.write("big.jsonl.zst", zstd_compress(first_half) + zstd_compress(second_half));

    const ReadResult result = collect({file});

    ASSERT_EQ(result.documents.size(), 20000U);
    EXPECT_EQ(result.documents[11999].id, "11999");
    EXPECT_EQ(result.documents[11999].text, "record 11999" + std::string(100, 'x'));
    EXPECT_EQ(result.documents[19999].id, "19999");
    EXPECT_EQ(result.locations[19999].line, 20000U);
    EXPECT_EQ(result.report.bytes, first_half.size() + second_half.size());
}

TEST(CorpusReader, ReadsGzipInputWithSeveralMembers) {
    TempDir dir;
    const std::string first = many_jsonl_records(15000);
    const std::string second = "{\"id\":\"last\",\"text\":\"end\"}\n";
    const fs::path file = dir.write("big.jsonl.gz", gzip_compress(first) + gzip_compress(second));

    const ReadResult result = collect({file});

    ASSERT_EQ(result.documents.size(), 15001U);
    EXPECT_EQ(result.documents[14999].id, "14999");
    EXPECT_EQ(result.documents[15000].id, "last");
    EXPECT_EQ(result.report.bytes, first.size() + second.size());
}

TEST(CorpusReader, CorruptOrTruncatedCompressedInputNamesCompressedOffset) {
    TempDir dir;
    ReadOptions skip;
    skip.skip_bad = true;  // a broken stream is not a bad record: it always stops reading

    const fs::path not_zstd = dir.write("a.jsonl.zst", "this is not zstd data at all");
    InputError error = input_error({not_zstd}, skip);
    EXPECT_EQ(error.file(), not_zstd.string());
    EXPECT_EQ(error.line(), 0U);
    EXPECT_EQ(error.byte(), 0);
    EXPECT_EQ(
        error.what(),
        not_zstd.string() + ": corrupt zstd data at compressed byte 0: Unknown frame descriptor");

    const std::string zstd_data = zstd_compress(many_jsonl_records(1000));
    const fs::path cut_zstd = dir.write("b.jsonl.zst", zstd_data.substr(0, zstd_data.size() - 10));
    error = input_error({cut_zstd}, skip);
    EXPECT_EQ(error.byte(), static_cast<std::int64_t>(zstd_data.size() - 10));
    EXPECT_EQ(error.what(),
              cut_zstd.string() + ": truncated zstd data: the file ends at compressed byte " +
                  std::to_string(zstd_data.size() - 10) + " in the middle of a stream");

    const fs::path not_gzip = dir.write("c.jsonl.gz", "this is not gzip data at all");
    error = input_error({not_gzip}, skip);
    EXPECT_EQ(error.file(), not_gzip.string());
    EXPECT_EQ(error.byte(), 2);
    EXPECT_EQ(error.what(), not_gzip.string() +
                                ": corrupt gzip data at compressed byte 2: incorrect header check");

    const std::string gzip_data = gzip_compress(many_jsonl_records(1000));
    const fs::path cut_gzip = dir.write("d.jsonl.gz", gzip_data.substr(0, gzip_data.size() - 4));
    error = input_error({cut_gzip}, skip);
    EXPECT_EQ(error.byte(), static_cast<std::int64_t>(gzip_data.size() - 4));
    EXPECT_EQ(error.what(),
              cut_gzip.string() + ": truncated gzip data: the file ends at compressed byte " +
                  std::to_string(gzip_data.size() - 4) + " in the middle of a stream");

    std::string damaged = gzip_data;
    damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x55);
    const fs::path damaged_gzip = dir.write("e.jsonl.gz", damaged);
    error = input_error({damaged_gzip}, skip);
    EXPECT_EQ(error.file(), damaged_gzip.string());
    EXPECT_GT(error.byte(), 0);
    EXPECT_LE(error.byte(), static_cast<std::int64_t>(damaged.size()));
}

TEST(CorpusReader, SkipBadCountsRecordsAndKeepsTwentyMessages) {
    TempDir dir;
    std::string content;
    for (int index = 0; index < 30; ++index) {
        content += index % 6 == 0
                       ? "{\"id\":\"good" + std::to_string(index) + "\",\"text\":\"t\"}\n"
                       : "{\"id\":" + std::to_string(index) + "}\n";
    }
    const fs::path file = dir.write("mixed.jsonl", content);
    ReadOptions skip;
    skip.skip_bad = true;

    const ReadResult result = collect({file}, skip);

    EXPECT_EQ(result.ids(),
              (std::vector<std::string>{"good0", "good6", "good12", "good18", "good24"}));
    EXPECT_EQ(result.report.documents, 5U);
    EXPECT_EQ(result.report.skipped, 25U);
    ASSERT_EQ(result.report.skipped_messages.size(), 20U);
    EXPECT_EQ(result.report.skipped_messages[0],
              file.string() + ":2: record has no \"text\" field");
    EXPECT_EQ(result.report.skipped_messages[19],
              file.string() + ":24: record has no \"text\" field");
    EXPECT_EQ(result.report.bytes, content.size());
}

TEST(CorpusReader, FirstBadRecordStopsReadingByDefault) {
    TempDir dir;
    const fs::path file = dir.write("c.tsv", "a\tx\nbroken\nb\ty\n");
    std::vector<std::string> delivered;
    EXPECT_THROW(read_corpus({file}, {},
                             [&](Document&& document, const SourceLocation&) {
                                 delivered.push_back(document.id);
                             }),
                 InputError);
    EXPECT_EQ(delivered, (std::vector<std::string>{"a"}));
}

TEST(CorpusReader, MissingInputIsAnIoErrorEvenWhenSkippingBadRecords) {
    TempDir dir;
    const fs::path missing = dir.path() / "missing.jsonl";
    ReadOptions skip;
    skip.skip_bad = true;
    try {
        collect({missing}, skip);
        ADD_FAILURE() << "no IoError";
    } catch (const IoError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "cannot open " + missing.string() + ": No such file or directory");
    }
}

TEST(CorpusReader, ReadsInputsInOrder) {
    TempDir dir;
    const fs::path tsv = dir.write("one.tsv", "t1\ttext\n");
    const fs::path folder = dir.path() / "folder";
    dir.write("folder/f1.txt", "F\ntext");
    const fs::path jsonl = dir.write("two.jsonl", "{\"id\":\"j1\",\"text\":\"x\"}\n");

    const ReadResult result = collect({jsonl, folder, tsv});

    EXPECT_EQ(result.ids(), (std::vector<std::string>{"j1", "f1", "t1"}));
}

TEST(CorpusReader, ReadsLinesLongerThanTheReadBuffer) {
    TempDir dir;
    const std::string long_text(3 << 20, 'w');
    const std::string content = "{\"id\":\"s\",\"text\":\"short\"}\n{\"id\":\"l\",\"text\":\"" +
                                long_text + "\"}\n{\"id\":\"e\",\"text\":\"end\"}\n";
    const fs::path file = dir.write("long.jsonl", content);

    const ReadResult result = collect({file});

    ASSERT_EQ(result.ids(), (std::vector<std::string>{"s", "l", "e"}));
    EXPECT_EQ(result.documents[1].text, long_text);
    EXPECT_EQ(result.locations[2].line, 3U);
}

TEST(CorpusReader, IgnoresUtf8ByteOrderMark) {
    TempDir dir;
    const fs::path jsonl = dir.write("bom.jsonl", "\xEF\xBB\xBF{\"id\":\"b\",\"text\":\"x\"}\n");
    const fs::path sniffed = dir.write("bom.txt", "\xEF\xBB\xBFs\ttext\n");
    dir.write("docs/bom.txt", "\xEF\xBB\xBFTitle\nbody");

    const ReadResult result = collect({jsonl, sniffed, dir.path() / "docs"});

    ASSERT_EQ(result.ids(), (std::vector<std::string>{"b", "s", "bom"}));
    EXPECT_EQ(result.documents[2].title, "Title");
}

TEST(CorpusReader, SinkExceptionsPassThroughSkipBad) {
    TempDir dir;
    const fs::path file =
        dir.write("c.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}\n");
    ReadOptions skip;
    skip.skip_bad = true;
    std::uint64_t delivered = 0;
    EXPECT_THROW(read_corpus({file}, skip,
                             [&](Document&&, const SourceLocation& location) {
                                 ++delivered;
                                 throw InputError(location.file, location.line, -1, "duplicate id");
                             }),
                 InputError);
    EXPECT_EQ(delivered, 1U);
}

}  // namespace
}  // namespace quarry::corpus
