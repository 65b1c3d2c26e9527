// The indexed fields of every quarry index. A dictionary key is one field byte followed by the
// term, so each field's terms form one contiguous key range.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quarry::index {

enum class Field : std::uint8_t {
    Id = 0,     ///< the document's id, as one untouched term (for duplicate and update lookups)
    All = 1,    ///< title and text together: the default field of queries
    Title = 2,  ///< the title alone, for `title:` queries
    /// Pairs of All terms at adjacent positions, both of them common in the segment (FORMAT.md,
    /// "Pair keys"): the answer to a two-word phrase of common words, whose lists are long but
    /// rarely adjacent, without reading positions. Key: term, a zero byte, the next term.
    AllPairs = 3,
};

/// Fields with per-document lengths (BM25 needs them), in the order of the lengths file.
inline constexpr Field kScoredFields[] = {Field::All, Field::Title};
inline constexpr std::size_t kScoredFieldCount = 2;
inline std::size_t scored_index(Field field) { return static_cast<std::size_t>(field) - 1; }
/// The field whose lengths a key's postings are scored and bounded with: a pair's are its
/// words' field's.
inline Field length_field(Field field) { return field == Field::AllPairs ? Field::All : field; }

/// Positions skipped between the title and the text in the All field, so that a phrase never
/// matches across the boundary.
inline constexpr std::uint32_t kFieldGap = 100;

inline std::string make_key(Field field, std::string_view term) {
    std::string key;
    key.reserve(term.size() + 1);
    key.push_back(static_cast<char>(field));
    key.append(term);
    return key;
}

/// The key of the pair `first` `second` (Field::AllPairs). Terms never hold a zero byte, so
/// pair keys sort by their first term, then their second, as the terms' own keys do.
inline std::string make_pair_key(std::string_view first, std::string_view second) {
    std::string key;
    key.reserve(first.size() + second.size() + 2);
    key.push_back(static_cast<char>(Field::AllPairs));
    key.append(first);
    key.push_back('\0');
    key.append(second);
    return key;
}

/// Query syntax name (`title`, `all`) -> field.
std::optional<Field> field_by_name(std::string_view name);
std::string_view field_name(Field field);

}  // namespace quarry::index
