// What the term dictionary records for each term of one segment (FORMAT.md, "Term info").
#pragma once

#include <cstdint>

namespace quarry::postings {

struct TermInfo {
    std::uint32_t doc_freq = 0;     ///< documents containing the term in this segment
    std::uint32_t max_freq = 0;     ///< largest term frequency in any of them
    std::uint32_t min_length = 0;   ///< shortest field length among them
    std::uint64_t doc_offset = 0;   ///< start of the list in the postings file (body-relative)
    std::uint64_t doc_length = 0;   ///< its size in bytes
    std::uint64_t pos_offset = 0;   ///< start of its positions in the positions file
    std::uint64_t pos_length = 0;
};

}  // namespace quarry::postings
