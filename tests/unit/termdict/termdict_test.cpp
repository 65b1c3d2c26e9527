// The term dictionary against std::map: every key found with its exact TermInfo, absent keys
// not found, prefix scans returning exactly the map's range, across many front-coded blocks.
#include "termdict/termdict.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <iterator>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "format/file_format.hpp"
#include "quarry/errors.hpp"
#include "support/temp_dir.hpp"

namespace quarry::termdict {
namespace {

namespace fs = std::filesystem;
using postings::TermInfo;
using quarry::testing::TempDir;
using Map = std::map<std::string, TermInfo>;

std::string describe(const TermInfo& info) {
    std::string out = std::to_string(info.doc_freq);
    out.append("/").append(std::to_string(info.max_freq)).append("/").append(std::to_string(info.min_length));
    out.append("/").append(std::to_string(info.doc_offset)).append("+").append(std::to_string(info.doc_length));
    out.append("/").append(std::to_string(info.pos_offset)).append("+").append(std::to_string(info.pos_length));
    return out;
}

TermInfo random_info(std::mt19937_64& random) {
    TermInfo info;
    info.doc_freq = 1 + static_cast<std::uint32_t>(random() % (random() % 2 ? 10 : 0xfffffffe));
    info.max_freq = static_cast<std::uint32_t>(random());
    info.min_length = static_cast<std::uint32_t>(random() % 1000);
    info.doc_offset = random() >> (random() % 64);
    info.doc_length = random() % 100000;
    info.pos_offset = random();
    info.pos_length = random() >> 20;
    return info;
}

// Lays the lists of `map`'s entries end to end in key order, as a segment's files hold them
// (the dictionary stores a list's offsets only in the first entry of a block), from offsets
// far enough out that they take several varint bytes.
void lay_end_to_end(Map& map, std::mt19937_64& random) {
    std::uint64_t doc_end = random() >> 24, pos_end = random() >> 20;
    for (auto& [key, info] : map) {
        info.doc_offset = doc_end;
        info.pos_offset = pos_end;
        doc_end += info.doc_length;
        pos_end += info.pos_length;
    }
}

// Writes `map` as a dictionary file and opens it.
TermDictReader build(const TempDir& dir, const Map& map, const std::string& name = "dict") {
    const fs::path path = dir / name;
    {
        format::FileWriter out(path, format::FileKind::TermDict);
        TermDictBuilder builder;
        for (const auto& [key, info] : map) builder.add(key, info);
        EXPECT_EQ(builder.term_count(), map.size());
        builder.finish(out);
        out.finish();
    }
    return TermDictReader(format::MappedFile::open(path, format::FileKind::TermDict));
}

std::vector<std::pair<std::string, std::string>> scan_all(const TermDictReader& reader, const std::string& prefix) {
    std::vector<std::pair<std::string, std::string>> out;
    reader.scan(prefix, [&](std::string_view key, const TermInfo& info) {
        out.emplace_back(std::string(key), describe(info));
        return true;
    });
    return out;
}

std::vector<std::pair<std::string, std::string>> map_range(const Map& map, const std::string& prefix) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto it = map.lower_bound(prefix); it != map.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
        out.emplace_back(it->first, describe(it->second));
    return out;
}

// A key made of a few long shared stems, so that front coding shares long prefixes, with
// bytes from the whole 0..255 range (keys compare as unsigned bytes).
std::string random_key(std::mt19937_64& random) {
    static const std::string stems[] = {"", "a", "inter", "internationalization", std::string(300, 'q'),
                                        "\x01" "field", "\xE5\xB0\x8F\xE7\xB1\xB3", std::string("\xff\xfe", 2),
                                        std::string("\x00\x00", 2)};
    std::string key = stems[random() % std::size(stems)];
    const std::size_t tail = random() % 6;
    for (std::size_t i = 0; i < tail; ++i) {
        const auto r = random() % 10;
        key.push_back(r < 6 ? static_cast<char>('a' + random() % 4) : static_cast<char>(random() % 256));
    }
    return key;
}

void check_against_map(const TermDictReader& reader, const Map& map, std::mt19937_64& random) {
    EXPECT_EQ(reader.term_count(), map.size());
    // Every present key, with its exact info.
    for (const auto& [key, info] : map) {
        const auto found = reader.find(key);
        ASSERT_TRUE(found.has_value()) << "key of " << key.size() << " bytes not found";
        ASSERT_EQ(describe(*found), describe(info));
    }
    // Absent keys: random ones, and neighbours of present ones (one byte more, one byte less).
    std::vector<std::string> probes;
    for (int i = 0; i < 300; ++i) probes.push_back(random_key(random));
    for (const auto& [key, info] : map) {
        probes.push_back(key + "a");
        probes.push_back(key + std::string(1, '\0'));
        if (!key.empty()) probes.push_back(key.substr(0, key.size() - 1));
        if (!key.empty()) {
            std::string bumped = key;
            bumped.back() = static_cast<char>(bumped.back() + 1);
            probes.push_back(bumped);
        }
        if (probes.size() > 1500) break;
    }
    for (const std::string& probe : probes) {
        const auto found = reader.find(probe);
        const auto it = map.find(probe);
        ASSERT_EQ(found.has_value(), it != map.end()) << "probe of " << probe.size() << " bytes";
        if (found) {
            ASSERT_EQ(describe(*found), describe(it->second));
        }
    }
    // Prefix scans: random prefixes and prefixes of present keys.
    std::vector<std::string> prefixes = {"", "a", "i", "inter", "q", "qq", "\xff", std::string(1, '\0'), "zzz"};
    for (int i = 0; i < 40; ++i) {
        std::string key = random_key(random);
        prefixes.push_back(key.substr(0, random() % (key.size() + 1)));
    }
    for (const auto& [key, info] : map) {
        if (random() % 32 == 0) prefixes.push_back(key.substr(0, random() % (key.size() + 1)));
    }
    for (const std::string& prefix : prefixes) {
        ASSERT_EQ(scan_all(reader, prefix), map_range(map, prefix)) << "prefix of " << prefix.size() << " bytes";
    }
}

TEST(TermDict, RandomKeysAgainstStdMap) {
    TempDir dir;
    for (std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
        SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
        std::mt19937_64 random(seed);
        Map map;
        const std::size_t target = seed == 1 ? 33 : 50 + random() % 1200;  // crosses 32-key blocks
        while (map.size() < target) map.emplace(random_key(random), random_info(random));
        lay_end_to_end(map, random);
        const TermDictReader reader = build(dir, map, std::string("dict").append(std::to_string(seed)));
        check_against_map(reader, map, random);
    }
}

TEST(TermDict, BlockBoundaries) {
    // Exactly 31, 32, 33, 64 and 65 keys: the last block full, short or of one key.
    TempDir dir;
    for (std::size_t count : {1u, 31u, 32u, 33u, 64u, 65u}) {
        SCOPED_TRACE(std::string("keys ").append(std::to_string(count)));
        std::mt19937_64 random(count);
        Map map;
        for (std::size_t i = 0; i < count; ++i) {
            char name[16];
            std::snprintf(name, sizeof name, "term%05zu", i * 7);
            map.emplace(name, random_info(random));
        }
        lay_end_to_end(map, random);
        const TermDictReader reader = build(dir, map, std::string("dict").append(std::to_string(count)));
        check_against_map(reader, map, random);
        EXPECT_FALSE(reader.find("term").has_value());
        EXPECT_FALSE(reader.find("term00001").has_value());
        EXPECT_FALSE(reader.find("a").has_value());    // before the first key
        EXPECT_FALSE(reader.find("zzz").has_value());  // after the last key
        EXPECT_EQ(scan_all(reader, "term").size(), count);
    }
}

TEST(TermDict, KeysSharingTheirFirstEightBytes) {
    // The block search settles most probes on the keys' first 8 bytes: here every block's
    // first key shares them with the keys probed, so each probe needs the whole key.
    TempDir dir;
    std::mt19937_64 random(8);
    Map map;
    while (map.size() < 400) {
        std::string key = "\x01" "internationalization";
        key.resize(1 + random() % 12);  // some keys shorter than 8 bytes, most not
        const std::size_t tail = random() % 4;
        for (std::size_t i = 0; i < tail; ++i) key.push_back(static_cast<char>('a' + random() % 3));
        map.emplace(key, random_info(random));
    }
    lay_end_to_end(map, random);
    const TermDictReader reader = build(dir, map);
    check_against_map(reader, map, random);
}

TEST(TermDict, SingleKey) {
    TempDir dir;
    Map map;
    map.emplace("\x01solo", TermInfo{3, 2, 1, 10, 20, 30, 40});
    const TermDictReader reader = build(dir, map);
    EXPECT_EQ(reader.term_count(), 1u);
    ASSERT_TRUE(reader.find("\x01solo").has_value());
    EXPECT_EQ(describe(*reader.find("\x01solo")), "3/2/1/10+20/30+40");
    EXPECT_FALSE(reader.find("\x01sol").has_value());
    EXPECT_FALSE(reader.find("\x01solos").has_value());
    EXPECT_FALSE(reader.find("").has_value());
    EXPECT_EQ(scan_all(reader, "\x01s").size(), 1u);
    EXPECT_EQ(scan_all(reader, "").size(), 1u);
    EXPECT_TRUE(scan_all(reader, "\x02").empty());
    EXPECT_TRUE(scan_all(reader, "\x01solox").empty());
}

TEST(TermDict, PairRuleRoundTrips) {
    TempDir dir;
    const fs::path path = dir / "dict";
    {
        format::FileWriter out(path, format::FileKind::TermDict);
        TermDictBuilder builder;
        builder.set_pair_rule({37, 123456789});
        builder.finish(out);
        out.finish();
    }
    const TermDictReader reader(format::MappedFile::open(path, format::FileKind::TermDict));
    EXPECT_EQ(reader.pair_rule().min_doc_freq, 37u);
    EXPECT_EQ(reader.pair_rule().min_product, 123456789u);
    EXPECT_TRUE(reader.pairs_cover(37, 37));
    EXPECT_FALSE(reader.pairs_cover(36, 3429355));  // 123,456,780
    EXPECT_FALSE(reader.pairs_cover(3429355, 36));
    EXPECT_TRUE(reader.pairs_cover(36, 3429356));   // 123,456,816
    EXPECT_TRUE(reader.pairs_cover(3429356, 36));
}

TEST(TermDict, AVersionSevenTrailerHasNoPairProduct) {
    // Versions 6 and 7 end with term_count, block_count, index_offset and the pair threshold.
    TempDir dir;
    const fs::path path = dir / "dict";
    {
        format::FileWriter out(path, format::FileKind::TermDict, 7);
        format::Bytes trailer;
        for (const std::uint64_t field : {0, 0, 0, 37}) format::put_u64(trailer, field);
        out.write(trailer);
        out.finish();
    }
    const TermDictReader reader(format::MappedFile::open(path, format::FileKind::TermDict));
    EXPECT_EQ(reader.term_count(), 0u);
    EXPECT_EQ(reader.pair_rule().min_doc_freq, 37u);
    EXPECT_EQ(reader.pair_rule().min_product, kNoPairs);
    EXPECT_TRUE(reader.pairs_cover(37, 37));
    EXPECT_FALSE(reader.pairs_cover(36, 0xffffffffu));
}

TEST(TermDict, EmptyDictionary) {
    TempDir dir;
    const TermDictReader reader = build(dir, {});
    EXPECT_EQ(reader.term_count(), 0u);
    EXPECT_FALSE(reader.find("").has_value());
    EXPECT_FALSE(reader.find("anything").has_value());
    EXPECT_TRUE(scan_all(reader, "").empty());
    EXPECT_TRUE(scan_all(reader, "a").empty());
}

TEST(TermDict, ScanStopsWhenTheVisitorSaysSo) {
    TempDir dir;
    Map map;
    std::mt19937_64 random(6);
    for (int i = 0; i < 100; ++i) map.emplace(std::string("k").append(std::to_string(1000 + i)), random_info(random));
    lay_end_to_end(map, random);
    const TermDictReader reader = build(dir, map);
    std::vector<std::string> seen;
    reader.scan("k1", [&](std::string_view key, const TermInfo&) {
        seen.emplace_back(key);
        return seen.size() < 40;  // crosses one block boundary, then stops
    });
    ASSERT_EQ(seen.size(), 40u);
    EXPECT_EQ(seen.front(), "k1000");
    EXPECT_EQ(seen.back(), "k1039");
}

TEST(TermDict, ListsNotLaidEndToEndThrow) {
    // Within a block, an entry's offsets are not stored but taken from the entry before it:
    // lists with a gap or overlap between them could not be found again.
    TermDictBuilder builder;
    builder.add("a", TermInfo{1, 1, 1, 100, 10, 200, 20});
    EXPECT_THROW(builder.add("b", TermInfo{1, 1, 1, 111, 10, 220, 20}), Error);
    EXPECT_THROW(builder.add("b", TermInfo{1, 1, 1, 110, 10, 219, 20}), Error);
    EXPECT_NO_THROW(builder.add("b", TermInfo{1, 1, 1, 110, 10, 220, 0}));
    // A block's first entry stores its offsets: it may start anywhere.
    for (int i = 0; i < 30; ++i) builder.add(std::string("c").append(1, static_cast<char>('A' + i)), TermInfo{1, 1, 1, 120, 0, 220, 0});
    EXPECT_NO_THROW(builder.add("d", TermInfo{1, 1, 1, 5, 1, 7, 1}));
}

TEST(TermDict, KeysOutOfOrderOrRepeatedThrow) {
    TermDictBuilder builder;
    builder.add("b", TermInfo{1, 1, 1, 0, 0, 0, 0});
    EXPECT_THROW(builder.add("a", TermInfo{1, 1, 1, 0, 0, 0, 0}), Error);
    EXPECT_THROW(builder.add("b", TermInfo{1, 1, 1, 0, 0, 0, 0}), Error);
    try {
        builder.add("", TermInfo{1, 1, 1, 0, 0, 0, 0});
        ADD_FAILURE() << "no error";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("out of order"), std::string::npos) << error.what();
    }
    EXPECT_EQ(builder.term_count(), 1u);
    EXPECT_NO_THROW(builder.add("ba", TermInfo{1, 1, 1, 0, 0, 0, 0}));
    // Byte order is unsigned: 0xff sorts after 'z'.
    EXPECT_NO_THROW(builder.add("\xff", TermInfo{1, 1, 1, 0, 0, 0, 0}));
    EXPECT_THROW(builder.add("z", TermInfo{1, 1, 1, 0, 0, 0, 0}), Error);
    EXPECT_EQ(builder.term_count(), 3u);
}

TEST(TermDict, ZeroDocFreqIsReportedAsCorruption) {
    TempDir dir;
    Map map;
    map.emplace("a", TermInfo{0, 1, 1, 0, 0, 0, 0});
    const TermDictReader reader = build(dir, map);
    try {
        reader.find("a");
        ADD_FAILURE() << "no error";
    } catch (const CorruptIndexError& error) {
        EXPECT_NE(std::string(error.what()).find("document frequency of 0"), std::string::npos) << error.what();
        EXPECT_EQ(error.file(), (dir / "dict").string());
    }
}

}  // namespace
}  // namespace quarry::termdict
