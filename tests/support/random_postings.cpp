#include "support/random_postings.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "postings/postings_writer.hpp"

namespace quarry::testing {

PlainList random_list(std::mt19937_64& random, std::uint32_t df, std::uint32_t max_doc) {
    PlainList list;
    std::uint32_t doc = static_cast<std::uint32_t>(random() % 3);
    const std::uint32_t style = static_cast<std::uint32_t>(random() % 4);
    // Style 3: about one document in 2 to 6, gaps geometric: the density at which a block's
    // bit set is smaller than its packed gaps (a dense block, FORMAT.md §8).
    std::geometric_distribution<std::uint32_t> one_in(1.0 / static_cast<double>(2 + random() % 5));
    for (std::uint32_t i = 0; i < df; ++i) {
        list.docs.push_back(doc);
        std::uint32_t gap;
        const auto r = random() % 100;
        if (style == 0) gap = 0;                                                     // every document
        else if (style == 3) gap = one_in(random);
        else if (r < 80) gap = static_cast<std::uint32_t>(random() % 4);            // dense
        else if (r < 97) gap = static_cast<std::uint32_t>(random() % 300);
        else gap = static_cast<std::uint32_t>(random() % 10000);                   // a long jump
        doc += 1 + gap;
        const auto f = random() % 100;
        const std::uint32_t freq = f < 70 ? 1 : f < 95 ? 2 + static_cast<std::uint32_t>(random() % 5)
                                                       : 1 + static_cast<std::uint32_t>(random() % 60);
        list.freqs.push_back(freq);
        std::vector<std::uint32_t> positions;
        std::uint32_t position = static_cast<std::uint32_t>(random() % (random() % 10 == 0 ? 100000 : 50));
        for (std::uint32_t p = 0; p < freq; ++p) {
            positions.push_back(position);
            position += 1 + static_cast<std::uint32_t>(random() % (random() % 10 == 0 ? 5000 : 8));
        }
        list.positions.push_back(std::move(positions));
    }
    EXPECT_LT(list.docs.back(), max_doc);
    return list;
}

PostingsFiles write_lists(const std::filesystem::path& dir, std::vector<PlainList>& lists,
                          const std::vector<std::uint32_t>& lengths) {
    format::Bytes doc_out = {9, 9, 9}, pos_out = {7};
    double average_length = 0;
    for (std::uint32_t length : lengths) average_length += length;
    average_length /= static_cast<double>(std::max<std::size_t>(lengths.size(), 1));
    for (PlainList& list : lists) {
        std::vector<std::uint32_t> flat;
        for (const auto& p : list.positions) flat.insert(flat.end(), p.begin(), p.end());
        const std::uint64_t doc_before = doc_out.size(), pos_before = pos_out.size();
        list.info = postings::write_postings(list.docs, list.freqs, flat, lengths, average_length, doc_out, pos_out, 0, 0);
        EXPECT_EQ(list.info.doc_offset, doc_before);
        EXPECT_EQ(list.info.pos_offset, pos_before);
        EXPECT_EQ(list.info.doc_length, doc_out.size() - doc_before);
        EXPECT_EQ(list.info.pos_length, pos_out.size() - pos_before);
    }
    {
        format::FileWriter docs(dir / "p.doc", format::FileKind::Postings);
        docs.write(doc_out);
        docs.finish();
        format::FileWriter pos(dir / "p.pos", format::FileKind::Positions);
        pos.write(pos_out);
        pos.finish();
    }
    return {format::MappedFile::open(dir / "p.doc", format::FileKind::Postings),
            format::MappedFile::open(dir / "p.pos", format::FileKind::Positions)};
}

}  // namespace quarry::testing
