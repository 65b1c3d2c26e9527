// keep_lead_block_by_words (postings/intersect_words.hpp) against std::set_intersection of
// the plain arrays: conjunctions of two to four dense lists, some with sparse stretches where
// it must decline, the lead entering blocks at their start and part way through.
#include "postings/intersect_words.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "postings/intersect.hpp"
#include "postings/postings_format.hpp"
#include "postings/postings_writer.hpp"
#include "quarry/errors.hpp"
#include "support/random_postings.hpp"
#include "support/temp_dir.hpp"

namespace quarry::postings {
namespace {

using quarry::testing::PlainList;

constexpr std::uint32_t kMaxDoc = 200'000;

// About one document in `one_in` (geometric gaps: bit sets are the smaller encoding), with a
// jump of a few thousand documents now and then when `jumps` (blocks too sparse for a bit set,
// and windows too wide), frequencies 1 to 6 and a few positions each.
PlainList dense_list(std::mt19937_64& random, std::uint32_t count, double one_in, bool jumps) {
    PlainList list;
    std::geometric_distribution<std::uint32_t> gap(1.0 / one_in);
    std::uint32_t doc = static_cast<std::uint32_t>(random() % 5);
    for (std::uint32_t i = 0; i < count && doc < kMaxDoc; ++i) {
        list.docs.push_back(doc);
        const auto freq = 1 + static_cast<std::uint32_t>(random() % 6);
        list.freqs.push_back(freq);
        std::vector<std::uint32_t> positions;
        for (std::uint32_t p = 0; p < freq; ++p) positions.push_back(p * 3 + static_cast<std::uint32_t>(random() % 3));
        list.positions.push_back(std::move(positions));
        doc += 1 + gap(random) + (jumps && random() % 3000 == 0 ? 2000 + static_cast<std::uint32_t>(random() % 20000) : 0);
    }
    return list;
}

class IntersectWords : public ::testing::Test {
protected:
    void SetUp() override { lengths_.assign(kMaxDoc, 100); }

    quarry::testing::TempDir dir_;
    std::vector<std::uint32_t> lengths_;
};

TEST_F(IntersectWords, KeepsTheDocumentsEveryListHolds) {
    std::uint64_t taken = 0, declined = 0;
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        SCOPED_TRACE(std::string("seed ").append(std::to_string(seed)));
        std::mt19937_64 random(seed);
        const std::size_t count = 2 + random() % 3;
        std::vector<PlainList> lists;
        for (std::size_t l = 0; l < count; ++l)
            lists.push_back(dense_list(random, 3000 + static_cast<std::uint32_t>(random() % 20000), 1.5 + static_cast<double>(random() % 60) / 10,
                                       random() % 2 == 0));
        // Rarest first, as the conjunctions order them: the lead is lists[0].
        std::sort(lists.begin(), lists.end(), [](const PlainList& a, const PlainList& b) { return a.docs.size() < b.docs.size(); });
        const quarry::testing::PostingsFiles files = quarry::testing::write_lists(dir_.path(), lists, lengths_);
        std::vector<PostingsCursor> cursors, followers;
        for (const PlainList& list : lists) {
            cursors.emplace_back(*files.docs, nullptr, list.info);
            followers.emplace_back(*files.docs, files.positions.get(), list.info);
        }
        std::vector<PostingsCursor*> order;
        for (PostingsCursor& cursor : cursors) order.push_back(&cursor);
        PostingsCursor& lead = cursors[0];

        while (align_lead(order)) {
            if (random() % 3 == 0 && lead.seek(lead.doc() + static_cast<std::uint32_t>(random() % 200)) == kEndDoc) break;
            const std::uint32_t available = lead.block_remaining();
            const std::vector<std::uint32_t> lead_docs(lead.block_docs(), lead.block_docs() + available);
            std::vector<std::uint32_t> expected = lead_docs;
            for (std::size_t l = 1; l < count; ++l) {
                std::vector<std::uint32_t> kept;
                std::set_intersection(expected.begin(), expected.end(), lists[l].docs.begin(), lists[l].docs.end(), std::back_inserter(kept));
                expected = std::move(kept);
            }
            std::uint32_t docs[codec::kBlockSize];
            std::uint8_t slots[codec::kBlockSize];
            std::vector<std::uint32_t> freqs(count * codec::kBlockSize), places(count * codec::kBlockSize);
            const bool membership_only = random() % 4 == 0;
            const std::uint32_t n = keep_lead_block_by_words(order, docs, slots, membership_only ? nullptr : freqs.data(),
                                                             membership_only ? nullptr : places.data());
            lead.advance(available);
            if (n == kNotByWords) {
                ++declined;
                continue;
            }
            ++taken;
            ASSERT_EQ(std::vector<std::uint32_t>(docs, docs + n), expected) << "lead block from document " << lead_docs[0];
            for (std::uint32_t k = 0; k < n; ++k) {
                ASSERT_LT(slots[k], available);
                ASSERT_EQ(lead_docs[slots[k]], docs[k]) << "slot of document " << docs[k];
                if (membership_only) continue;
                for (std::size_t l = 1; l < count; ++l) {
                    const auto at = static_cast<std::size_t>(std::lower_bound(lists[l].docs.begin(), lists[l].docs.end(), docs[k]) -
                                                             lists[l].docs.begin());
                    ASSERT_EQ(freqs[l * codec::kBlockSize + slots[k]], lists[l].freqs[at]) << "list " << l << ", document " << docs[k];
                    ASSERT_EQ(followers[l].positions_at(places[l * codec::kBlockSize + slots[k]]), lists[l].positions[at])
                        << "positions at the place of document " << docs[k] << " in list " << l;
                }
            }
        }
    }
    // Both ways are exercised: the bits where the lists are dense, and declining elsewhere.
    EXPECT_GT(taken, 100u);
    EXPECT_GT(declined, 20u);
}

TEST_F(IntersectWords, ADenseBlockWithoutExactly128DocumentsIsRefused) {
    // The index of a common document in a block is its rank among the run's bits modulo 128:
    // a bit set with a bit too many (a writer's bug; checksums pass) must be a corrupt index,
    // never frequencies read at the wrong index.
    std::vector<std::uint32_t> docs, freqs, positions;
    for (std::uint32_t i = 0, doc = 0; i < 512; ++i, doc += 1 + i % 4) {  // gaps of 1 to 4: dense blocks
        docs.push_back(doc);
        freqs.push_back(1);
        positions.push_back(0);
    }
    format::Bytes doc_out = {9}, pos_out = {7};
    const TermInfo lead_info = write_postings(docs, freqs, positions, lengths_, 100.0, doc_out, pos_out, 0, 0);
    const TermInfo other_info = write_postings(docs, freqs, positions, lengths_, 100.0, doc_out, pos_out, 0, 0);
    // Block 1 of the other list (not read by the cursor's constructor, which enters block 0)
    // starts where its skip entry 0 says block 0 ends, and its bit set spans the documents
    // from the one after block 0's last: add the first of them that the list lacks.
    const std::uint8_t* skip = doc_out.data() + other_info.doc_offset;
    const std::uint64_t block0_end = std::uint64_t{skip[4]} | std::uint64_t{skip[5]} << 8 | std::uint64_t{skip[6]} << 16 |
                                     std::uint64_t{skip[7]} << 24;
    const std::size_t block1 = other_info.doc_offset + 4 * kSkipEntrySize + block0_end;
    ASSERT_EQ(doc_out[block1], kDenseBlockMarker);
    std::uint32_t lacking = docs[127] + 1;
    while (std::binary_search(docs.begin(), docs.end(), lacking)) ++lacking;
    const std::uint32_t bit = lacking - (docs[127] + 1);
    ASSERT_EQ(doc_out[block1 + 2 + bit / 8] >> (bit % 8) & 1, 0);
    doc_out[block1 + 2 + bit / 8] |= static_cast<std::uint8_t>(1u << (bit % 8));
    {
        format::FileWriter writer(dir_.path() / "p.doc", format::FileKind::Postings);
        writer.write(doc_out);
        writer.finish();
    }
    const auto file = format::MappedFile::open(dir_.path() / "p.doc", format::FileKind::Postings);
    PostingsCursor lead(*file, nullptr, lead_info), other(*file, nullptr, other_info);
    ASSERT_EQ(lead.seek(docs[200]), docs[200]);
    const std::vector<PostingsCursor*> order = {&lead, &other};
    std::uint32_t kept[codec::kBlockSize], freqs_out[2 * codec::kBlockSize];
    std::uint8_t slots[codec::kBlockSize];
    try {
        keep_lead_block_by_words(order, kept, slots, freqs_out, nullptr);
        FAIL() << "a dense block of 129 documents was read";
    } catch (const CorruptIndexError& error) {
        EXPECT_NE(std::string(error.what()).find("128 documents"), std::string::npos) << error.what();
    }
}

}  // namespace
}  // namespace quarry::postings
