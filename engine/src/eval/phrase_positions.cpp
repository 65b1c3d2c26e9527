#include "eval/phrase_positions.hpp"

#include <algorithm>

#include "postings/intersect.hpp"

namespace quarry::eval {

PhraseConjunction::PhraseConjunction(const std::vector<postings::PostingsCursor>& words,
                                     const std::vector<postings::PostingsCursor>& pairs) {
    lists.reserve(words.size() + pairs.size());  // cursors are large: never move them
    for (const auto& cursor : words) lists.push_back(cursor);
    for (const auto& cursor : pairs) lists.push_back(cursor);
    for (auto& cursor : lists) rarest_first.push_back(&cursor);
    postings::rarest_first(rarest_first);
    rank.resize(lists.size());
    for (std::size_t r = 0; r < rarest_first.size(); ++r) rank[static_cast<std::size_t>(rarest_first[r] - lists.data())] = r;
}

PhrasePositions::PhrasePositions(std::vector<postings::PostingsCursor> cursors, std::vector<std::uint32_t> offsets)
    : cursors_(std::move(cursors)), offsets_(std::move(offsets)) {}

namespace {

// Calls on_match(start) for each of `starts` (increasing) such that `positions` (increasing)
// holds start + offset: a merge, as both are short (a search per start cost more than the walk).
template <typename OnMatch>
void for_each_followed(const std::vector<std::uint32_t>& starts, const std::vector<std::uint32_t>& positions,
                       std::uint32_t offset, OnMatch on_match) {
    auto it = positions.begin();
    for (std::uint32_t start : starts) {
        const std::uint32_t wanted = start + offset;
        while (it != positions.end() && *it < wanted) ++it;
        if (it == positions.end()) return;
        if (*it == wanted) on_match(start);
    }
}

}  // namespace

std::uint32_t PhrasePositions::count_in(const PhraseConjunction& conjunction, const std::uint32_t* places, std::uint8_t slot) {
    auto positions_of = [&](std::size_t word) -> const std::vector<std::uint32_t>& {
        return cursors_[word].positions_at(places[conjunction.rank[word] * codec::kBlockSize + slot]);
    };
    std::uint32_t count = 0;
    if (cursors_.size() == 2) {  // most phrases: the first word's positions are the starts, uncopied
        const std::vector<std::uint32_t>& first = positions_of(0);
        for_each_followed(first, positions_of(1), offsets_[1], [&](std::uint32_t) { ++count; });
        return count;
    }
    starts_ = positions_of(0);
    for (std::size_t i = 1; i < cursors_.size() && !starts_.empty(); ++i) {
        std::size_t kept = 0;  // compacted in place: a start is kept at or before where it was
        for_each_followed(starts_, positions_of(i), offsets_[i], [&](std::uint32_t start) { starts_[kept++] = start; });
        starts_.resize(kept);
    }
    return static_cast<std::uint32_t>(starts_.size());
}

}  // namespace quarry::eval
