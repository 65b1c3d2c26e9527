// Postings lists written by write_postings and read back by PostingsCursor, against the plain
// arrays they were made from: documents, frequencies, positions, seeks and block-max data.
#include "postings/postings_cursor.hpp"
#include "postings/postings_writer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "format/file_format.hpp"
#include "quarry/errors.hpp"
#include "scoring/block_limits.hpp"
#include "support/random_postings.hpp"
#include "support/temp_dir.hpp"

namespace quarry::postings {
namespace {

namespace fs = std::filesystem;
using quarry::testing::TempDir;

using List = quarry::testing::PlainList;
using quarry::testing::random_list;

// Lists of the sizes around block boundaries, and a few at random.
std::vector<std::uint32_t> list_sizes(std::mt19937_64& random) {
    std::vector<std::uint32_t> sizes = {1, 2, 3, 127, 128, 129, 255, 256, 257, 384, 1000, 5000};
    for (int i = 0; i < 8; ++i) sizes.push_back(1 + static_cast<std::uint32_t>(random() % 5000));
    return sizes;
}

class Postings : public ::testing::Test {
protected:
    // Random lists of every size list_sizes() gives, written and opened.
    std::vector<List> write_random_lists(std::mt19937_64& random) {
        std::vector<List> lists;
        for (std::uint32_t df : list_sizes(random)) lists.push_back(random_list(random, df, kMaxDoc));
        write_all(lists);
        return lists;
    }

    // Writes every list to one postings and one positions file, after a few leading bytes
    // so that list offsets are never zero, and opens both.
    void write_all(std::vector<List>& lists) {
        const auto files = quarry::testing::write_lists(dir_.path(), lists, lengths_);
        docs_ = files.docs;
        pos_ = files.positions;
    }

    PostingsCursor cursor(const List& list) const { return PostingsCursor(*docs_, pos_.get(), list.info); }

    void check_info(const List& list) const {
        EXPECT_EQ(list.info.doc_freq, list.docs.size());
        EXPECT_EQ(list.info.max_freq, *std::max_element(list.freqs.begin(), list.freqs.end()));
        std::uint32_t min_length = UINT32_MAX;
        for (std::uint32_t doc : list.docs) min_length = std::min(min_length, lengths_[doc]);
        EXPECT_EQ(list.info.min_length, min_length);
    }

    // Block-max data at index i of the list must be exact for i's block: its last document,
    // the largest frequency and the shortest length in it, and the length steps the writer
    // chose for it (none in a list of one block, whose bounds are the dictionary's).
    void check_block(PostingsCursor& c, const List& list, std::size_t i) const {
        const std::size_t first = i / 128 * 128;
        const std::size_t end = std::min(first + 128, list.docs.size());
        std::uint32_t max_freq = 0, min_length = UINT32_MAX;
        std::vector<std::uint32_t> block_lengths;
        for (std::size_t j = first; j < end; ++j) {
            max_freq = std::max(max_freq, list.freqs[j]);
            min_length = std::min(min_length, lengths_[list.docs[j]]);
            block_lengths.push_back(lengths_[list.docs[j]]);
        }
        const scoring::LengthSteps steps =
            list.docs.size() > 128 ? scoring::choose_length_steps(std::span(list.freqs).subspan(first, end - first), block_lengths, average_length_)
                                   : scoring::LengthSteps{};
        ASSERT_TRUE(c.block_limits().steps == steps) << "at index " << i;
        ASSERT_EQ(c.block_last_doc(), list.docs[end - 1]) << "at index " << i;
        ASSERT_GE(c.block_last_doc(), c.doc());
        ASSERT_EQ(c.block_limits().max_freq, max_freq) << "at index " << i;
        ASSERT_EQ(c.block_limits().min_length, min_length) << "at index " << i;
        ASSERT_GE(c.block_limits().max_freq, c.freq());
        ASSERT_LE(c.block_limits().min_length, lengths_[c.doc()]);
    }

    // For mark_window and count_marked: windows of random widths (down to one word, so that
    // blocks straddle their ends), each started where the cursor is or sought to further on,
    // over every list of write_random_lists(seed). visit(cursor, random, start, end, first,
    // past) takes one window, [first, past) being the list's documents from the cursor's up to
    // `end`; afterwards the cursor must be on the first document past the window, with freqs
    // and positions still right.
    template <typename Visit>
    void for_each_random_window(std::uint64_t seed, Visit visit) {
        SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
        std::mt19937_64 random(seed);
        const std::vector<List> lists = write_random_lists(random);
        for (const List& list : lists) {
            SCOPED_TRACE(std::string("df ").append(std::to_string(list.docs.size())));
            PostingsCursor c = cursor(list);
            while (c.doc() != kEndDoc) {
                if (random() % 4 == 0) c.seek(c.doc() + static_cast<std::uint32_t>(random() % 2000));
                if (c.doc() == kEndDoc) break;
                const std::uint32_t start = c.doc() / 64 * 64;
                const std::uint32_t end = start + 64 * (1 + static_cast<std::uint32_t>(random() % (random() % 2 ? 4 : 1024)));
                const auto first = std::lower_bound(list.docs.begin(), list.docs.end(), c.doc());
                const auto past = std::lower_bound(first, list.docs.end(), end);
                visit(c, random, start, end, first, past);
                if (::testing::Test::HasFatalFailure()) return;
                const std::size_t at = static_cast<std::size_t>(past - list.docs.begin());
                ASSERT_EQ(c.doc(), at < list.docs.size() ? list.docs[at] : kEndDoc);
                if (at < list.docs.size()) {
                    ASSERT_EQ(c.freq(), list.freqs[at]);
                    ASSERT_EQ(c.positions(), list.positions[at]);
                    check_block(c, list, at);
                }
            }
        }
    }

    void SetUp() override {
        std::mt19937_64 random(17);
        lengths_.resize(kMaxDoc);
        for (auto& length : lengths_) length = 1 + static_cast<std::uint32_t>(random() % (random() % 50 == 0 ? 5000 : 300));
        for (std::uint32_t length : lengths_) average_length_ += length;
        average_length_ /= kMaxDoc;
    }

    static constexpr std::uint32_t kMaxDoc = 2'000'000;
    TempDir dir_;
    std::vector<std::uint32_t> lengths_;
    double average_length_ = 0;  // write_lists tunes the length steps to it
    std::shared_ptr<format::MappedFile> docs_, pos_;
};

TEST_F(Postings, NextFreqAndPositionsMatchTheArrays) {
    const std::uint64_t seed = 101;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    const std::vector<List> lists = write_random_lists(random);
    std::size_t dense_blocks = 0, packed_blocks = 0;  // full blocks of each kind met
    for (const List& list : lists) {
        SCOPED_TRACE(std::string("df ").append(std::to_string(list.docs.size())));
        check_info(list);
        PostingsCursor c = cursor(list);
        EXPECT_EQ(c.doc_freq(), list.docs.size());
        for (std::size_t i = 0; i < list.docs.size(); ++i) {
            if (i % 128 == 0 && i + 128 <= list.docs.size()) ++(c.block_is_dense() ? dense_blocks : packed_blocks);
            ASSERT_EQ(c.doc(), list.docs[i]) << "at index " << i;
            ASSERT_EQ(c.freq(), list.freqs[i]) << "at index " << i;
            ASSERT_EQ(c.positions(), list.positions[i]) << "at index " << i;
            check_block(c, list, i);
            const std::uint32_t next = c.next();
            ASSERT_EQ(next, i + 1 < list.docs.size() ? list.docs[i + 1] : kEndDoc);
        }
        EXPECT_EQ(c.doc(), kEndDoc);
        EXPECT_EQ(c.block_last_doc(), kEndDoc);
        EXPECT_EQ(c.next(), kEndDoc);  // stays at the end
        EXPECT_EQ(c.seek(5), kEndDoc);
    }
    // The random lists must exercise both kinds of full block (FORMAT.md §8).
    EXPECT_GT(dense_blocks, 0u);
    EXPECT_GT(packed_blocks, 0u);
}

TEST_F(Postings, PositionsInAnyOrderOfAccess) {
    // Positions asked for on some documents only: skipping documents, whole blocks, asking
    // twice, asking before or without freq().
    const std::uint64_t seed = 202;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    const std::vector<List> lists = write_random_lists(random);
    for (const List& list : lists) {
        SCOPED_TRACE(std::string("df ").append(std::to_string(list.docs.size())));
        for (int round = 0; round < 3; ++round) {
            PostingsCursor c = cursor(list);
            const std::uint32_t every = round == 0 ? 1 : round == 1 ? 7 : 300;
            for (std::size_t i = 0; i < list.docs.size(); ++i, c.next()) {
                ASSERT_EQ(c.doc(), list.docs[i]);
                if (random() % every != 0) continue;
                ASSERT_EQ(c.positions(), list.positions[i]) << "at index " << i;
                if (random() % 4 == 0) {
                    ASSERT_EQ(c.positions(), list.positions[i]) << "asked twice, at index " << i;
                }
                ASSERT_EQ(c.freq(), list.freqs[i]);
            }
        }
    }
}

TEST_F(Postings, SeekToRandomIncreasingTargets) {
    const std::uint64_t seed = 303;
    SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
    std::mt19937_64 random(seed);
    const std::vector<List> lists = write_random_lists(random);
    for (const List& list : lists) {
        SCOPED_TRACE(std::string("df ").append(std::to_string(list.docs.size())));
        const std::uint32_t last = list.docs.back();
        for (int round = 0; round < 6; ++round) {
            PostingsCursor c = cursor(list);
            // Step sizes from "next document" to "jump several blocks".
            const std::uint32_t step = round == 0 ? 2 : round == 1 ? 50 : round == 2 ? 3000 : 1 + (last / (1u << round));
            bool first_seek = true;
            while (true) {
                // Targets beyond the current document (the first one may also be before it).
                const std::uint32_t from = first_seek ? 0 : c.doc() + 1;
                const std::uint32_t target = from + static_cast<std::uint32_t>(random() % step);
                first_seek = false;
                // The first document >= target (seek never goes back), or the end.
                std::size_t expected_index = static_cast<std::size_t>(
                    std::lower_bound(list.docs.begin(), list.docs.end(), std::max(target, c.doc())) - list.docs.begin());
                const std::uint32_t expected = expected_index < list.docs.size() ? list.docs[expected_index] : kEndDoc;
                ASSERT_EQ(c.seek(target), expected) << "seek(" << target << ")";
                ASSERT_EQ(c.doc(), expected);
                if (expected == kEndDoc) break;
                ASSERT_EQ(c.freq(), list.freqs[expected_index]);
                if (random() % 3 == 0) {
                    ASSERT_EQ(c.positions(), list.positions[expected_index]);
                }
                check_block(c, list, expected_index);
                if (random() % 5 == 0) {
                    // A seek at or below the current document does not move.
                    ASSERT_EQ(c.seek(target > 3 ? target - 3 : 0), expected);
                    ASSERT_EQ(c.seek(expected), expected);
                }
                if (random() % 4 == 0) {
                    // Interleave next(): the cursor continues from where seek left it.
                    const std::uint32_t n = c.next();
                    ++expected_index;
                    ASSERT_EQ(n, expected_index < list.docs.size() ? list.docs[expected_index] : kEndDoc);
                    if (n == kEndDoc) break;
                    ASSERT_EQ(c.freq(), list.freqs[expected_index]);
                    ASSERT_EQ(c.positions(), list.positions[expected_index]);
                }
            }
        }
        // Seeking straight past the end, or to exactly the last document, from the start.
        PostingsCursor past = cursor(list);
        EXPECT_EQ(past.seek(last + 1), kEndDoc);
        EXPECT_EQ(past.seek(last + 100), kEndDoc);
        PostingsCursor at_last = cursor(list);
        EXPECT_EQ(at_last.seek(last), last);
        EXPECT_EQ(at_last.freq(), list.freqs.back());
        EXPECT_EQ(at_last.positions(), list.positions.back());
        EXPECT_EQ(at_last.next(), kEndDoc);
        PostingsCursor huge = cursor(list);
        EXPECT_EQ(huge.seek(kEndDoc), kEndDoc);
    }
}

TEST_F(Postings, MarkWindowSetsTheBitsOfTheArrays) {
    for_each_random_window(404, [](PostingsCursor& c, std::mt19937_64&, std::uint32_t start, std::uint32_t end,
                                   std::vector<std::uint32_t>::const_iterator first, std::vector<std::uint32_t>::const_iterator past) {
        std::vector<std::uint64_t> window((end - start) / 64 + 1, 0), expected = window;
        c.mark_window(window.data(), start, end);
        for (auto it = first; it != past; ++it) expected[(*it - start) / 64] |= std::uint64_t{1} << ((*it - start) % 64);
        ASSERT_EQ(window, expected) << "window [" << start << ", " << end << ")";
    });
}

TEST_F(Postings, CountMarkedCountsTheDocumentsWhoseBitsAreSet) {
    // Windows holding random bits, dense and sparse.
    for_each_random_window(405, [](PostingsCursor& c, std::mt19937_64& random, std::uint32_t start, std::uint32_t end,
                                   std::vector<std::uint32_t>::const_iterator first, std::vector<std::uint32_t>::const_iterator past) {
        std::vector<std::uint64_t> window((end - start) / 64 + 1);
        const bool sparse = random() % 2 == 0;
        for (std::uint64_t& word : window) word = sparse ? random() & random() & random() : random() | random();
        std::uint64_t expected = 0;
        for (auto it = first; it != past; ++it) expected += window[(*it - start) / 64] >> ((*it - start) % 64) & 1;
        ASSERT_EQ(c.count_marked(window.data(), start, end), expected) << "window [" << start << ", " << end << ")";
    });
}

TEST_F(Postings, SeekToEveryDocumentOfEachBlock) {
    // Seek to each block's first and last documents, and to one past its last.
    std::mt19937_64 random(404);
    std::vector<List> lists = {random_list(random, 1000, kMaxDoc)};
    write_all(lists);
    const List& list = lists[0];
    for (std::size_t block = 0; block * 128 < list.docs.size(); ++block) {
        const std::size_t first = block * 128;
        const std::size_t last = std::min(first + 127, list.docs.size() - 1);
        for (std::size_t i : {first, last}) {
            PostingsCursor c = cursor(list);
            ASSERT_EQ(c.seek(list.docs[i]), list.docs[i]);
            ASSERT_EQ(c.freq(), list.freqs[i]);
            ASSERT_EQ(c.positions(), list.positions[i]);
            check_block(c, list, i);
        }
        PostingsCursor c = cursor(list);
        const std::uint32_t expected = last + 1 < list.docs.size() ? list.docs[last + 1] : kEndDoc;
        ASSERT_EQ(c.seek(list.docs[last] + 1), expected);
    }
}

TEST_F(Postings, KnownSmallList) {
    std::vector<List> lists(1);
    List& list = lists[0];
    list.docs = {0, 5, 6, 1000};
    list.freqs = {1, 3, 1, 2};
    list.positions = {{4}, {0, 1, 9}, {70000}, {2, 3}};
    lengths_[0] = 10;
    lengths_[5] = 3;
    lengths_[6] = 8;
    lengths_[1000] = 4;
    write_all(lists);
    EXPECT_EQ(list.info.doc_freq, 4u);
    EXPECT_EQ(list.info.max_freq, 3u);
    EXPECT_EQ(list.info.min_length, 3u);
    // A single short block, with no skip table: the gaps 0,4,0,993 as varints (993 takes two
    // bytes), then freq-1 0,2,0,1 at width 2: its width byte and one byte of 4 x 2 bits.
    EXPECT_EQ(list.info.doc_length, 7u);
    // Positions as deltas within each document, 4 | 0,1,8 | 70000 | 2,1: one run of 7 values
    // of 17 bits (for 70000), its width byte then ceil(7 * 17 / 8) = 15 bytes.
    EXPECT_EQ(list.info.pos_length, 16u);
    PostingsCursor c = cursor(list);
    EXPECT_EQ(c.doc(), 0u);
    EXPECT_EQ(c.block_last_doc(), 1000u);
    EXPECT_EQ(c.block_limits().max_freq, 3u);
    EXPECT_EQ(c.block_limits().min_length, 3u);
    EXPECT_EQ(c.seek(6), 6u);
    EXPECT_EQ(c.positions(), (std::vector<std::uint32_t>{70000}));
    EXPECT_EQ(c.next(), 1000u);
    EXPECT_EQ(c.positions(), (std::vector<std::uint32_t>{2, 3}));
    EXPECT_EQ(c.next(), kEndDoc);
}

TEST_F(Postings, ABlockHoldingTwoToThe32PositionsIsRefused) {
    // Two frequencies of 2^31 (with no positions written: the reader sums the block's
    // frequencies before it reads one), which a reader summing in 32 bits would wrap to 0.
    std::vector<List> lists(1);
    lists[0].docs = {3, 9};
    lists[0].freqs = {0x80000000u, 0x80000000u};
    lists[0].positions = {{}, {}};
    write_all(lists);
    PostingsCursor c = cursor(lists[0]);
    EXPECT_EQ(c.freq(), 0x80000000u);
    try {
        c.positions();
        FAIL() << "a block of 2^32 positions was read";
    } catch (const CorruptIndexError& error) {
        EXPECT_NE(std::string(error.what()).find("2^32 positions"), std::string::npos) << error.what();
    }
}

// Tails are checked by a scan of their bytes, then decoded unchecked: a writer's bug that left
// a varint unfinished, one too wide for 32 bits, or packed frequencies that do not fill the
// block must be a corrupt index at the half it is in (the frequencies only once they are
// read), never a read past the block. Checksums pass: the bytes are written as they are.
struct TailCase {
    std::vector<std::uint8_t> block;  // a tail of two documents: two gaps, then two freq - 1
    const char* half;                 // where it is refused; null: read whole, as docs 1 and 4, freqs 1 and 2
};

void expect_tails_read(const fs::path& path, std::uint32_t version, const std::vector<TailCase>& cases) {
    for (const TailCase& tail : cases) {
        SCOPED_TRACE(tail.half ? tail.half : "whole");
        {
            format::FileWriter writer(path, format::FileKind::Postings, version);
            writer.write(tail.block);
            writer.finish();
        }
        const auto file = format::MappedFile::open(path, format::FileKind::Postings);
        TermInfo info;
        info.doc_freq = 2;
        info.max_freq = 2;
        info.min_length = 1;
        info.doc_length = tail.block.size();
        try {
            PostingsCursor c(*file, nullptr, info);
            EXPECT_EQ(c.doc(), 1u);
            EXPECT_EQ(c.freq(), 1u);
            EXPECT_EQ(c.next(), 4u);
            EXPECT_EQ(c.freq(), 2u);
            EXPECT_EQ(tail.half, nullptr) << "an unfinished tail was read";
        } catch (const CorruptIndexError& error) {
            ASSERT_NE(tail.half, nullptr) << error.what();
            EXPECT_NE(std::string(error.what()).find(std::string("tail block's ") + tail.half), std::string::npos) << error.what();
        }
    }
}

TEST_F(Postings, ATailThatIsNotWholeIsRefused) {
    // Varint gaps, then the frequencies' width and their bits: 0 then 1 at width 1 is 0b10.
    expect_tails_read(dir_.path() / "raw.doc", format::kFormatVersion,
                      {
                          {{0x01, 0x02, 0x01, 0x02}, nullptr},
                          {{0x01, 0x82}, "documents"},                                      // the second gap runs off the end
                          {{0x01, 0xff, 0xff, 0xff, 0xff, 0x10, 0x01, 0x02}, "documents"},  // a gap of 2^32 or more
                          {{0x01, 0x02}, "packed frequencies"},                              // no width
                          {{0x01, 0x02, 0x01}, "packed frequencies"},                        // no bits
                          {{0x01, 0x02, 0x01, 0x02, 0x00}, "packed frequencies"},            // a byte too many
                          {{0x01, 0x02, 0x21, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, "packed frequencies"},  // width 33
                      });
}

TEST_F(Postings, AVersionSevenTailThatIsNotWholeIsRefused) {
    // Before version 8 the frequencies were varints too.
    expect_tails_read(dir_.path() / "raw.doc", 7,
                      {
                          {{0x01, 0x02, 0x00, 0x01}, nullptr},
                          {{0x01, 0x82}, "documents"},
                          {{0x01, 0xff, 0xff, 0xff, 0xff, 0x10, 0x00, 0x00}, "documents"},
                          {{0x01, 0x02, 0x00, 0x80}, "frequencies"},                                // the second runs off the end
                          {{0x01, 0x02, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, "frequencies"},  // six bytes
                      });
}

TEST_F(Postings, OffsetsAreRelativeToTheGivenBases) {
    const std::vector<std::uint32_t> docs = {1, 2}, freqs = {1, 1}, positions = {0, 0};
    format::Bytes doc_out(10), pos_out(20);
    const TermInfo info = write_postings(docs, freqs, positions, lengths_, 100.0, doc_out, pos_out, 1000, 5000);
    EXPECT_EQ(info.doc_offset, 1010u);
    EXPECT_EQ(info.pos_offset, 5020u);
    EXPECT_EQ(info.doc_length, doc_out.size() - 10);
    EXPECT_EQ(info.pos_length, pos_out.size() - 20);
}

}  // namespace
}  // namespace quarry::postings
