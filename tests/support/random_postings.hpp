// Postings lists as plain arrays, made at random and written with write_postings: the
// reference the postings cursor and the intersections are checked against.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <vector>

#include "format/file_format.hpp"
#include "postings/term_info.hpp"

namespace quarry::testing {

/// A postings list as plain arrays, and where write_lists put it.
struct PlainList {
    std::vector<std::uint32_t> docs, freqs;
    std::vector<std::vector<std::uint32_t>> positions;  // per document
    postings::TermInfo info;
};

/// A list of `df` documents below `max_doc` with skewed gaps (mostly dense, now and then a long
/// jump; some lists hold every document, some about one in a few, which makes dense blocks),
/// skewed frequencies (mostly 1, sometimes dozens), and increasing positions per document.
PlainList random_list(std::mt19937_64& random, std::uint32_t df, std::uint32_t max_doc);

/// The postings and positions files the lists were written to.
struct PostingsFiles {
    std::shared_ptr<format::MappedFile> docs, positions;
};

/// Writes every list to one postings and one positions file in `dir` (after a few leading
/// bytes, so that no list is at offset zero), sets each list's info, and opens both files.
/// `lengths` are the documents' lengths, for the block-max data.
PostingsFiles write_lists(const std::filesystem::path& dir, std::vector<PlainList>& lists,
                          const std::vector<std::uint32_t>& lengths);

}  // namespace quarry::testing
