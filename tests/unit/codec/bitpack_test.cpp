// Bit packing of 128-value blocks: every width round-trips against plain arrays, the packed
// bytes follow the documented little-endian bit layout, and the helpers compute what they say.
#include "codec/bitpack.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace quarry::codec {
namespace {

using Block = std::array<std::uint32_t, kBlockSize>;

std::uint32_t mask_of(std::uint32_t bits) {
    return bits == 32 ? 0xffffffffu : ((std::uint32_t{1} << bits) - 1);
}

// Value i must sit in lane i % 4, at bits [(i/4)*w, (i/4+1)*w) of that lane's bit stream,
// whose word k is the (4k + lane)-th little-endian u32 of the block (FORMAT.md).
std::uint32_t read_value(const std::vector<std::uint8_t>& bytes, std::size_t index, std::uint32_t bits) {
    const std::size_t lane = index % 4;
    std::uint32_t value = 0;
    for (std::uint32_t b = 0; b < bits; ++b) {
        const std::size_t lane_bit = (index / 4) * bits + b;
        const std::size_t byte = 4 * (4 * (lane_bit / 32) + lane) + (lane_bit % 32) / 8;
        if ((bytes[byte] >> (lane_bit % 8)) & 1u) value |= std::uint32_t{1} << b;
    }
    return value;
}

TEST(Bitpack, RoundTripsEveryWidthOnRandomData) {
    const std::uint64_t seed = 20240601;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    for (std::uint32_t bits = 0; bits <= 32; ++bits) {
        SCOPED_TRACE(std::string("bits ").append(std::to_string(bits)));
        for (int round = 0; round < 20; ++round) {
            Block values{};
            for (auto& v : values) v = static_cast<std::uint32_t>(random()) & mask_of(bits);
            if (bits > 0 && round == 0) values.fill(mask_of(bits));  // all bits set
            if (bits > 0 && round == 1) values[127] = mask_of(bits);  // the last value at the top

            // Guard bytes on both sides catch writes outside the 16*bits bytes.
            std::vector<std::uint8_t> packed(16 * bits + 32, 0xAB);
            ASSERT_EQ(pack128(values.data(), bits, packed.data() + 16), 16u * bits);
            for (std::size_t i = 0; i < 16; ++i) {
                ASSERT_EQ(packed[i], 0xAB) << "pack128 wrote before its output";
                ASSERT_EQ(packed[16 + 16 * bits + i], 0xAB) << "pack128 wrote past 16*bits bytes";
            }
            const std::vector<std::uint8_t> body(packed.begin() + 16, packed.begin() + 16 + 16 * bits);
            for (std::size_t i = 0; i < kBlockSize; ++i)
                ASSERT_EQ(read_value(body, i, bits), values[i]) << "layout of value " << i;

            Block unpacked;
            unpacked.fill(0xDEADBEEF);
            ASSERT_EQ(unpack128(packed.data() + 16, bits, unpacked.data()), 16u * bits);
            ASSERT_EQ(unpacked, values);
        }
    }
}

TEST(Bitpack, WidthZeroWritesNothingAndUnpacksZeros) {
    Block values{};
    std::uint8_t out[4] = {1, 2, 3, 4};
    EXPECT_EQ(pack128(values.data(), 0, out), 0u);
    EXPECT_EQ(out[0], 1);
    Block unpacked;
    unpacked.fill(7);
    EXPECT_EQ(unpack128(out, 0, unpacked.data()), 0u);
    for (std::uint32_t v : unpacked) EXPECT_EQ(v, 0u);
}

TEST(Bitpack, KnownLayoutForWidthThree) {
    // Four-lane vertical layout: value i is in lane i % 4, and word k of lane l is the
    // (4k + l)-th u32 of the block. Values 0..3 are each the first (lowest) bits of their lane's
    // word 0; value 4 sits at bits 3..5 of lane 0's word 0.
    Block values{};
    values[0] = 5;
    values[1] = 3;
    values[2] = 7;
    values[4] = 6;
    values[40] = 7;  // lane 0, index 10 in the lane: bits 30..32 straddle words 0 and 1 of lane 0
    std::vector<std::uint8_t> packed(48);
    pack128(values.data(), 3, packed.data());
    // lane 0 word 0 (bytes 0..3): 5 | 6 << 3 | 7 << 30 = 0xC0000035; lane 0 word 1 (bytes 16..19): 7 >> 2 = 1.
    EXPECT_EQ(packed[0], 0x35);
    EXPECT_EQ(packed[3], 0xC0);
    EXPECT_EQ(packed[4], 0x03);   // lane 1 word 0
    EXPECT_EQ(packed[8], 0x07);   // lane 2 word 0
    EXPECT_EQ(packed[16], 0x01);  // lane 0 word 1
    for (std::size_t i : {1u, 2u, 5u, 6u, 7u, 9u, 10u, 11u, 12u, 13u, 14u, 15u, 17u, 18u, 19u, 20u})
        EXPECT_EQ(packed[i], 0) << i;
    Block unpacked{};
    unpack128(packed.data(), 3, unpacked.data());
    EXPECT_EQ(unpacked, values);
}

TEST(Bitpack, MaxBits) {
    const std::uint32_t zeros[4] = {0, 0, 0, 0};
    EXPECT_EQ(max_bits(zeros, 4), 0u);
    EXPECT_EQ(max_bits(zeros, 0), 0u);
    const std::uint32_t one[] = {0, 1, 0};
    EXPECT_EQ(max_bits(one, 3), 1u);
    const std::uint32_t mixed[] = {3, 4, 1};  // 4 needs 3 bits
    EXPECT_EQ(max_bits(mixed, 3), 3u);
    const std::uint32_t top[] = {0x80000000u};
    EXPECT_EQ(max_bits(top, 1), 32u);
    const std::uint32_t all[] = {0xffffffffu, 0};
    EXPECT_EQ(max_bits(all, 2), 32u);
    // Only the first `count` values count.
    const std::uint32_t tail[] = {1, 1, 1000};
    EXPECT_EQ(max_bits(tail, 2), 1u);
    for (std::uint32_t bits = 1; bits <= 32; ++bits) {
        const std::uint32_t exact[] = {std::uint32_t{1} << (bits - 1)};
        EXPECT_EQ(max_bits(exact, 1), bits);
        const std::uint32_t full[] = {mask_of(bits)};
        EXPECT_EQ(max_bits(full, 1), bits);
    }
}

TEST(Bitpack, PrefixSumGapsFromTheStart) {
    // previous = -1: the first gap is the first id itself.
    std::uint32_t values[] = {0, 0, 4, 1};
    prefix_sum_gaps(values, 4, 0xffffffffu);
    EXPECT_EQ(values[0], 0u);
    EXPECT_EQ(values[1], 1u);
    EXPECT_EQ(values[2], 6u);
    EXPECT_EQ(values[3], 8u);
}

TEST(Bitpack, PrefixSumGapsContinuesFromPrevious) {
    std::uint32_t values[] = {0, 9, 2};
    prefix_sum_gaps(values, 3, 100);
    EXPECT_EQ(values[0], 101u);
    EXPECT_EQ(values[1], 111u);
    EXPECT_EQ(values[2], 114u);
    std::uint32_t untouched[] = {5};
    prefix_sum_gaps(untouched, 0, 100);
    EXPECT_EQ(untouched[0], 5u);
}

TEST(Bitpack, PrefixSumGapsInvertsGapEncodingOfRandomIds) {
    const std::uint64_t seed = 99;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    std::vector<std::uint32_t> ids;
    std::uint32_t id = static_cast<std::uint32_t>(random() % 10);
    for (int i = 0; i < 500; ++i) {
        ids.push_back(id);
        id += 1 + static_cast<std::uint32_t>(random() % (i % 7 == 0 ? 100000 : 5));
    }
    std::vector<std::uint32_t> gaps(ids.size());
    std::uint32_t previous = 0xffffffffu;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        gaps[i] = ids[i] - previous - 1;
        previous = ids[i];
    }
    // Decode in two pieces, the second continuing from the last id of the first.
    prefix_sum_gaps(gaps.data(), 200, 0xffffffffu);
    prefix_sum_gaps(gaps.data() + 200, gaps.size() - 200, gaps[199]);
    EXPECT_EQ(gaps, ids);
}

TEST(Bitpack, UnpackGapsMatchesUnpackThenPrefixSumAtEveryWidth) {
    // The fused decode of a block of doc ids against the two-pass one, at every width, from
    // the list's start (previous = -1) and from a random previous id.
    const std::uint64_t seed = 404;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    for (std::uint32_t bits = 0; bits <= 32; ++bits) {
        SCOPED_TRACE(std::string("bits ").append(std::to_string(bits)));
        for (const std::uint32_t previous : {0xffffffffu, static_cast<std::uint32_t>(random() % 1000000)}) {
            Block gaps;
            for (auto& gap : gaps) gap = static_cast<std::uint32_t>(random()) & mask_of(bits) & (bits < 32 ? ~0u : 0xffffu);
            std::vector<std::uint8_t> packed(16 * 32);
            pack128(gaps.data(), bits, packed.data());
            Block expected, fused;
            unpack128(packed.data(), bits, expected.data());
            prefix_sum_gaps(expected.data(), kBlockSize, previous);
            ASSERT_EQ(unpack128_gaps(packed.data(), bits, fused.data(), previous), 16u * bits);
            ASSERT_EQ(fused, expected);
        }
    }
}

TEST(Bitpack, PackBitsRoundTripsEveryCountAndWidth) {
    // Against plain arrays: each value read back bit by bit from the documented stream (value
    // i at bit i * bits, little-endian), then alone by value_at_bits, for every width and count
    // a positions run can leave (0..128), with the stream at the end of a buffer so that a read
    // past its last byte would show under a sanitizer.
    const std::uint64_t seed = 20261123;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    for (std::uint32_t bits = 0; bits <= 32; ++bits) {
        for (std::size_t count = 0; count <= kBlockSize; ++count) {
            SCOPED_TRACE(std::string("bits ").append(std::to_string(bits)).append(", count ").append(std::to_string(count)));
            std::vector<std::uint32_t> values(count);
            for (auto& value : values) value = static_cast<std::uint32_t>(random()) & mask_of(bits);
            if (count > 0 && bits > 0) values[random() % count] = mask_of(bits);  // the widest value
            std::vector<std::uint8_t> bytes(packed_bytes(count, bits));
            ASSERT_EQ(pack_bits(values.data(), count, bits, bytes.data()), bytes.size());
            for (std::size_t i = 0; i < count; ++i) {
                std::uint32_t value = 0;
                for (std::uint32_t b = 0; b < bits; ++b)
                    if ((bytes[(i * bits + b) / 8] >> ((i * bits + b) % 8)) & 1u) value |= std::uint32_t{1} << b;
                ASSERT_EQ(value, values[i]) << "value " << i << " in the stream";
            }
            const std::vector<std::uint8_t> exact(bytes.begin(), bytes.end());  // no slack after the stream
            for (std::size_t i = 0; i < count; ++i)
                ASSERT_EQ(value_at_bits(exact.data(), exact.size(), bits, i), values[i]) << "value " << i << " read alone";
        }
    }
}

TEST(Bitpack, ValueAt128ReadsEachValueAloneAtEveryWidth) {
    const std::uint64_t seed = 20261124;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    for (std::uint32_t bits = 0; bits <= 32; ++bits) {
        SCOPED_TRACE(std::string("bits ").append(std::to_string(bits)));
        Block values;
        for (auto& value : values) value = static_cast<std::uint32_t>(random()) & mask_of(bits);
        std::vector<std::uint8_t> bytes(16 * bits);
        pack128(values.data(), bits, bytes.data());
        for (std::size_t i = 0; i < kBlockSize; ++i) ASSERT_EQ(value_at128(bytes.data(), bits, i), values[i]) << "value " << i;
    }
}

}  // namespace
}  // namespace quarry::codec
