// Primitive encodings: fixed-width little-endian integers and LEB128 varints, and the checked
// ByteReader whose every failure must be a CorruptIndexError naming the file and offset.
#include "format/coding.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "quarry/errors.hpp"

namespace quarry::format {
namespace {

const std::string kFile = "/idx/seg_000001.tdict";

TEST(Coding, FixedWidthIsLittleEndian) {
    Bytes out;
    put_u32(out, 0x01020304u);
    put_u64(out, 0x1122334455667788ull);
    const Bytes expected = {0x04, 0x03, 0x02, 0x01, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11};
    EXPECT_EQ(out, expected);
    EXPECT_EQ(get_u32(out.data()), 0x01020304u);
    EXPECT_EQ(get_u64(out.data() + 4), 0x1122334455667788ull);
}

TEST(Coding, FixedWidthRoundTripsEdgeValues) {
    for (std::uint32_t value : {0u, 1u, 0x7fu, 0x80u, 0xffu, 0x100u, 0x7fffffffu, 0x80000000u, 0xffffffffu}) {
        Bytes out;
        put_u32(out, value);
        ASSERT_EQ(out.size(), 4u);
        EXPECT_EQ(get_u32(out.data()), value);
        ByteReader in(out.data(), out.data() + out.size(), kFile, 0);
        EXPECT_EQ(in.u32(), value);
        EXPECT_TRUE(in.at_end());
    }
    for (std::uint64_t value : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{0xffffffff}, std::uint64_t{1} << 32,
                                std::uint64_t{1} << 63, std::numeric_limits<std::uint64_t>::max()}) {
        Bytes out;
        put_u64(out, value);
        ASSERT_EQ(out.size(), 8u);
        EXPECT_EQ(get_u64(out.data()), value);
        ByteReader in(out.data(), out.data() + out.size(), kFile, 0);
        EXPECT_EQ(in.u64(), value);
        EXPECT_TRUE(in.at_end());
    }
}

TEST(Coding, VarintKnownEncodings) {
    auto encode = [](std::uint64_t value) {
        Bytes out;
        put_varint(out, value);
        return out;
    };
    EXPECT_EQ(encode(0), (Bytes{0x00}));
    EXPECT_EQ(encode(1), (Bytes{0x01}));
    EXPECT_EQ(encode(127), (Bytes{0x7f}));
    EXPECT_EQ(encode(128), (Bytes{0x80, 0x01}));
    EXPECT_EQ(encode(300), (Bytes{0xac, 0x02}));  // 300 = 0b10'0101100
    EXPECT_EQ(encode(16383), (Bytes{0xff, 0x7f}));
    EXPECT_EQ(encode(16384), (Bytes{0x80, 0x80, 0x01}));
    EXPECT_EQ(encode(0xffffffffu), (Bytes{0xff, 0xff, 0xff, 0xff, 0x0f}));
    EXPECT_EQ(encode(std::numeric_limits<std::uint64_t>::max()),
              (Bytes{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
}

TEST(Coding, VarintRoundTripsEdgeAndRandomValues) {
    std::vector<std::uint64_t> values;
    for (unsigned shift = 0; shift < 64; ++shift) {
        const std::uint64_t power = std::uint64_t{1} << shift;
        values.push_back(power - 1);
        values.push_back(power);
        values.push_back(power + 1);
    }
    values.push_back(std::numeric_limits<std::uint64_t>::max());
    const std::uint64_t seed = 1234;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    for (int i = 0; i < 1000; ++i) values.push_back(random() >> (random() % 64));

    Bytes out;
    for (std::uint64_t value : values) put_varint(out, value);
    // Checked and unchecked decoders both give every value back, consuming exactly the bytes.
    ByteReader in(out.data(), out.data() + out.size(), kFile, 0);
    const std::uint8_t* p = out.data();
    for (std::uint64_t value : values) {
        ASSERT_EQ(in.varint(), value);
        ASSERT_EQ(get_varint(p), value);
    }
    EXPECT_TRUE(in.at_end());
    EXPECT_EQ(p, out.data() + out.size());
}

TEST(Coding, Varint32RoundTripsEveryWidth) {
    // One, two (the inline paths) and up to five bytes, at each width's edges.
    std::vector<std::uint32_t> values;
    for (unsigned shift = 0; shift < 32; ++shift)
        for (std::uint32_t value : {(1u << shift) - 1, 1u << shift, (1u << shift) + 1}) values.push_back(value);
    values.push_back(0xffffffffu);
    Bytes out;
    for (std::uint32_t value : values) put_varint(out, value);
    ByteReader in(out.data(), out.data() + out.size(), kFile, 0);
    for (std::uint32_t value : values) ASSERT_EQ(in.varint32(), value);
    EXPECT_TRUE(in.at_end());
}

TEST(Coding, Varint32AcceptsTheLargest32BitValue) {
    Bytes out;
    put_varint(out, 0xffffffffu);
    put_varint(out, 0);
    ByteReader in(out.data(), out.data() + out.size(), kFile, 0);
    EXPECT_EQ(in.varint32(), 0xffffffffu);
    EXPECT_EQ(in.varint32(), 0u);
    EXPECT_TRUE(in.at_end());
}

TEST(Coding, SkipVarintsLandsWhereDecodingDoes) {
    // Random runs of varints of every length, skipped from every start by every count, with
    // the end of the readable bytes at the last varint (the SSE2 path must stop short of it).
    std::mt19937_64 random(5);
    for (int round = 0; round < 50; ++round) {
        Bytes bytes;
        const int count = 1 + static_cast<int>(random() % 80);
        for (int i = 0; i < count; ++i) {
            const int width = static_cast<int>(random() % 5);  // 1 to 5 bytes
            put_varint(bytes, width == 0 ? random() % 128 : (std::uint64_t{1} << (7 * width)) + random() % 100);
        }
        const std::uint8_t* end = bytes.data() + bytes.size();
        for (int start = 0; start < count; ++start) {
            const std::uint8_t* from = bytes.data();
            for (int i = 0; i < start; ++i) get_varint(from);
            const std::uint8_t* decoded = from;
            for (int skipped = 0; start + skipped <= count; ++skipped) {
                ASSERT_EQ(skip_varints(from, end, static_cast<std::uint64_t>(skipped)), decoded)
                    << "round " << round << ", from varint " << start << ", skipping " << skipped;
                if (start + skipped < count) get_varint(decoded);
            }
        }
    }
}

TEST(Coding, EndOfVarint32sAcceptsWhatTheCheckedReaderReads) {
    // The check before a postings tail is decoded unchecked: it must accept exactly the runs
    // that ByteReader::varint32 reads without an error, each varint in at most five bytes (the
    // most a 32-bit value takes), and end where the reader does. Random bytes, mostly varints:
    // short, long, too wide for 32 bits in five bytes or in more, and stray bytes that may
    // continue into the next.
    for (unsigned seed = 1; seed <= 3000; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        std::mt19937_64 random(seed);
        Bytes bytes;
        const std::uint64_t values = random() % 12;
        for (std::uint64_t i = 0; i < values; ++i) {
            switch (random() % 5) {
                case 0: put_varint(bytes, random() % 128); break;
                case 1: put_varint(bytes, random() % (std::uint64_t{1} << 32)); break;
                case 2: put_varint(bytes, (std::uint64_t{1} << 32) + random() % (std::uint64_t{7} << 32)); break;  // five bytes
                case 3: put_varint(bytes, (std::uint64_t{1} << 35) + random() % (std::uint64_t{1} << 40)); break;  // six or more
                default: bytes.push_back(static_cast<std::uint8_t>(random())); break;
            }
        }
        const std::uint64_t count = random() % (values + 2);
        const std::uint8_t* end = bytes.data() + bytes.size();
        const std::uint8_t* expected = nullptr;
        try {
            ByteReader in(bytes.data(), end, kFile, 0);
            bool within_five_bytes = true;
            for (std::uint64_t i = 0; i < count; ++i) {
                const std::uint64_t before = in.remaining();
                in.varint32();
                within_five_bytes = within_five_bytes && before - in.remaining() <= 5;
            }
            if (within_five_bytes) expected = in.cursor();
        } catch (const CorruptIndexError&) {
        }
        EXPECT_EQ(end_of_varint32s(bytes.data(), end, count), expected) << count << " varints of " << bytes.size() << " bytes";
    }
}

TEST(Coding, StringsAndBytes) {
    Bytes out;
    put_string(out, "");
    put_string(out, "h\xC3\xA9llo");
    put_string(out, std::string(200, 'x'));  // a two-byte length
    put_bytes(out, "raw");
    ByteReader in(out.data(), out.data() + out.size(), kFile, 0);
    EXPECT_EQ(in.string(), "");
    EXPECT_EQ(in.string(), "h\xC3\xA9llo");
    EXPECT_EQ(in.string(), std::string(200, 'x'));
    EXPECT_EQ(in.remaining(), 3u);
    EXPECT_EQ(in.bytes(3), "raw");
    EXPECT_TRUE(in.at_end());
}

TEST(Coding, ReaderOffsetCountsFromTheBase) {
    const Bytes data = {1, 2, 3, 4, 5, 6};
    ByteReader in(data.data(), data.data() + data.size(), kFile, 1000);
    EXPECT_EQ(in.offset(), 1000u);
    EXPECT_EQ(in.u8(), 1);
    EXPECT_EQ(in.offset(), 1001u);
    EXPECT_EQ(in.cursor(), data.data() + 1);
    EXPECT_EQ(in.remaining(), 5u);
    EXPECT_FALSE(in.at_end());
}

// Runs `read` and expects a CorruptIndexError naming kFile at `offset` whose message contains `part`.
template <typename Read>
void expect_corrupt(Read read, std::int64_t offset, const std::string& part) {
    try {
        read();
        ADD_FAILURE() << "no error";
    } catch (const CorruptIndexError& error) {
        EXPECT_EQ(error.file(), kFile);
        EXPECT_EQ(error.offset(), offset) << error.what();
        const std::string message = error.what();
        EXPECT_NE(message.find(kFile), std::string::npos) << message;
        EXPECT_NE(message.find(std::string("at byte ").append(std::to_string(offset))), std::string::npos) << message;
        EXPECT_NE(message.find(part), std::string::npos) << message << "\nexpected to contain: " << part;
    }
}

TEST(CodingErrors, TruncatedFixedWidth) {
    const Bytes data = {1, 2, 3};
    expect_corrupt([&] { ByteReader(data.data(), data.data() + 3, kFile, 50).u32(); }, 50,
                   "unexpected end of data (needed 4 bytes)");
    expect_corrupt([&] { ByteReader(data.data(), data.data() + 3, kFile, 0).u64(); }, 0, "needed 8 bytes");
    expect_corrupt([&] { ByteReader(data.data(), data.data(), kFile, 7).u8(); }, 7, "needed 1 bytes");
    expect_corrupt(
        [&] {
            ByteReader in(data.data(), data.data() + 3, kFile, 10);
            in.u8();
            in.u8();
            in.u32();
        },
        12, "unexpected end of data");
}

TEST(CodingErrors, TruncatedVarint) {
    // A continuation bit on the last byte: the varint runs off the end.
    const Bytes data = {0x05, 0x80, 0x80};
    expect_corrupt(
        [&] {
            ByteReader in(data.data(), data.data() + data.size(), kFile, 100);
            EXPECT_EQ(in.varint(), 5u);
            in.varint();
        },
        103, "unexpected end of data");
}

TEST(CodingErrors, TruncatedStringAndBytes) {
    Bytes data;
    put_varint(data, 10);
    put_bytes(data, "abc");
    expect_corrupt([&] { ByteReader(data.data(), data.data() + data.size(), kFile, 0).string(); }, 1,
                   "needed 10 bytes");
    expect_corrupt([&] { ByteReader(data.data(), data.data() + data.size(), kFile, 0).bytes(5); }, 0,
                   "needed 5 bytes");
    // A huge length must not wrap around the bounds check.
    Bytes huge;
    put_varint(huge, std::numeric_limits<std::uint64_t>::max());
    expect_corrupt([&] { ByteReader(huge.data(), huge.data() + huge.size(), kFile, 0).string(); }, 10,
                   "unexpected end of data");
}

TEST(CodingErrors, OverlongVarint) {
    const Bytes data(11, 0x80);  // eleven continuation bytes
    expect_corrupt([&] { ByteReader(data.data(), data.data() + data.size(), kFile, 20).varint(); }, 30,
                   "varint longer than 10 bytes");
}

TEST(CodingErrors, TenByteVarintBeyond64Bits) {
    // The 10th byte holds bit 63 only: anything above 1 there does not fit 64 bits and must not
    // be silently truncated.
    Bytes data(9, 0xff);
    data.push_back(0x7f);
    expect_corrupt([&] { ByteReader(data.data(), data.data() + data.size(), kFile, 0).varint(); }, 10,
                   "does not fit 64 bits");
    // The largest value, whose 10th byte is 1, is still fine.
    Bytes max(9, 0xff);
    max.push_back(0x01);
    ByteReader in(max.data(), max.data() + max.size(), kFile, 0);
    EXPECT_EQ(in.varint(), std::numeric_limits<std::uint64_t>::max());
}

TEST(CodingErrors, Varint32Overflow) {
    Bytes data;
    put_varint(data, 0x100000000ull);
    expect_corrupt([&] { ByteReader(data.data(), data.data() + data.size(), kFile, 40).varint32(); }, 45,
                   "value 4294967296 does not fit 32 bits");
}

TEST(CodingErrors, FailNamesTheFileAndCurrentOffset) {
    const Bytes data = {1, 2};
    ByteReader in(data.data(), data.data() + data.size(), kFile, 64);
    in.u8();
    expect_corrupt([&] { in.fail("something is wrong"); }, 65, "something is wrong");
    // A VersionError is a kind of CorruptIndexError, but plain faults are not version errors.
    try {
        in.fail("x");
    } catch (const VersionError&) {
        ADD_FAILURE() << "fail() threw a VersionError";
    } catch (const CorruptIndexError&) {
    }
}

}  // namespace
}  // namespace quarry::format
