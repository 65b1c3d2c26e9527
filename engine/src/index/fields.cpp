#include "index/fields.hpp"

namespace quarry::index {

std::optional<Field> field_by_name(std::string_view name) {
    if (name == "title") return Field::Title;
    if (name == "all") return Field::All;
    return std::nullopt;
}

std::string_view field_name(Field field) {
    switch (field) {
        case Field::Id: return "id";
        case Field::All: return "all";
        case Field::Title: return "title";
        case Field::AllPairs: return "pairs";
    }
    return "?";
}

}  // namespace quarry::index
