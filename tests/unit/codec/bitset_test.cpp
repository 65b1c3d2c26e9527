// Dense blocks as bit sets: pack_bitset and unpack_bitset round-trip random sets of every
// density against plain arrays, the bytes follow the documented bit order, and bitset_holds
// and bitset_rank agree with searching the plain array, and a set laid over a window of words
// marks and counts the same documents as one bit at a time.
#include "codec/bitset.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace quarry::codec {
namespace {

// `count` distinct documents from [first, first + span), increasing, the last one always
// first + span - 1 (as in a block, whose range ends at its last document).
std::vector<std::uint32_t> random_set(std::mt19937_64& random, std::uint32_t first, std::uint32_t span, std::uint32_t count) {
    std::vector<std::uint32_t> offsets(span - 1);
    for (std::uint32_t i = 0; i < span - 1; ++i) offsets[i] = i;
    std::shuffle(offsets.begin(), offsets.end(), random);
    offsets.resize(count - 1);
    offsets.push_back(span - 1);
    std::sort(offsets.begin(), offsets.end());
    for (auto& offset : offsets) offset += first;
    return offsets;
}

TEST(Bitset, RoundTripsRandomSetsOfEveryDensity) {
    const std::uint64_t seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 random(seed);
    for (int trial = 0; trial < 500; ++trial) {
        const std::uint32_t count = 1 + static_cast<std::uint32_t>(random() % 128);
        const std::uint32_t span = count + static_cast<std::uint32_t>(random() % (trial % 2 ? 64 : 4000));
        const std::uint32_t first = trial % 3 == 0 ? 0 : static_cast<std::uint32_t>(random() % 4'000'000'000u);
        const std::vector<std::uint32_t> ids = random_set(random, first, span, count);
        std::vector<std::uint8_t> bytes(bitset_bytes(span) + 3, 0xee);  // guard bytes after
        pack_bitset(ids.data(), ids.size(), first, span, bytes.data());
        ASSERT_EQ(bytes[bitset_bytes(span)], 0xee) << "wrote past its size";

        // The run-time choice (AVX-512 where present) and the portable byte table alike.
        for (auto unpack : {unpack_bitset, unpack_bitset_portable}) {
            std::vector<std::uint32_t> decoded(128 + kBitsetSlack);
            ASSERT_EQ(unpack(bytes.data(), span, first, decoded.data(), 128), count);
            decoded.resize(count);
            ASSERT_EQ(decoded, ids) << "span " << span << " first " << first;
        }

        for (std::uint32_t offset = 0; offset < span; ++offset) {
            const auto at = std::lower_bound(ids.begin(), ids.end(), first + offset);
            ASSERT_EQ(bitset_holds(bytes.data(), offset), at != ids.end() && *at == first + offset) << "offset " << offset;
            ASSERT_EQ(bitset_rank(bytes.data(), offset), at - ids.begin()) << "offset " << offset;
        }
    }
}

TEST(Bitset, WindowWordsAndCommonCountsMatchTheDocumentsOneByOne) {
    const std::uint64_t seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 random(seed);
    for (int trial = 0; trial < 300; ++trial) {
        const std::uint32_t count = 1 + static_cast<std::uint32_t>(random() % 128);
        const std::uint32_t span = count + static_cast<std::uint32_t>(random() % (trial % 2 ? 64 : 1000));
        const std::uint32_t offset = static_cast<std::uint32_t>(random() % 300);  // where the set starts in the window
        const std::vector<std::uint32_t> ids = random_set(random, offset, span, count);  // as window bits
        std::vector<std::uint8_t> bytes(bitset_bytes(span));
        pack_bitset(ids.data(), ids.size(), offset, span, bytes.data());
        const std::size_t window_words = (offset + span) / 64 + 2;
        std::vector<std::uint64_t> window(window_words);
        for (auto& word : window) word = random() & random();  // a quarter of the bits set
        std::uint64_t expected = 0;
        for (std::uint32_t bit : ids) expected += window[bit / 64] >> (bit % 64) & 1;
        ASSERT_EQ(bitset_count_common(bytes.data(), span, window.data(), offset), expected) << "span " << span << " offset " << offset;

        // The set's words laid over an empty window mark exactly its documents.
        std::vector<std::uint64_t> marked(window_words, 0);
        for_each_window_word(bytes.data(), span, offset, [&](std::uint32_t w, std::uint64_t bits) { marked[w] |= bits; });
        std::vector<std::uint64_t> plain(window_words, 0);
        for (std::uint32_t bit : ids) plain[bit / 64] |= std::uint64_t{1} << (bit % 64);
        ASSERT_EQ(marked, plain) << "span " << span << " offset " << offset;
    }
}

TEST(Bitset, BitOrderIsLowBitOfTheFirstByteFirst) {
    const std::vector<std::uint32_t> ids = {100, 101, 108, 163, 164};
    const std::uint32_t span = 65;  // documents 100 .. 164: two 64-bit words
    ASSERT_EQ(bitset_bytes(span), 16u);
    std::vector<std::uint8_t> bytes(16);
    pack_bitset(ids.data(), ids.size(), 100, span, bytes.data());
    const std::vector<std::uint8_t> expected = {0x03, 0x01, 0, 0, 0, 0, 0, 0x80, 0x01, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(bytes, expected);
}

TEST(Bitset, StopsOnceMoreThanCapacityAreSet) {
    std::vector<std::uint8_t> bytes(bitset_bytes(1024), 0xff);  // 1024 documents, all held
    std::vector<std::uint32_t> decoded(128 + kBitsetSlack);
    EXPECT_GT(unpack_bitset(bytes.data(), 1024, 0, decoded.data(), 128), 128u);
    EXPECT_GT(unpack_bitset_portable(bytes.data(), 1024, 0, decoded.data(), 128), 128u);
}

}  // namespace
}  // namespace quarry::codec
