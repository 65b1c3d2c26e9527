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

std::uint32_t PhrasePositions::count_in(const PhraseConjunction& conjunction, const std::uint32_t* places, std::uint8_t slot) {
    starts_ = cursors_[0].positions_at(places[conjunction.rank[0] * codec::kBlockSize + slot]);
    for (std::size_t i = 1; i < cursors_.size() && !starts_.empty(); ++i) {
        const auto& positions = cursors_[i].positions_at(places[conjunction.rank[i] * codec::kBlockSize + slot]);
        std::size_t kept = 0;
        auto it = positions.begin();
        for (std::uint32_t start : starts_) {
            const std::uint32_t wanted = start + offsets_[i];
            it = std::lower_bound(it, positions.end(), wanted);
            if (it == positions.end()) break;
            if (*it == wanted) starts_[kept++] = start;
        }
        starts_.resize(kept);
    }
    return static_cast<std::uint32_t>(starts_.size());
}

}  // namespace quarry::eval
