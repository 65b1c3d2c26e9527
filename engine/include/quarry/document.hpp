// A document as it enters the index and as it is stored for display.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace quarry {

/// One document. `id` is the caller's unique key; `title` and `text` are analysed and indexed;
/// `extra` holds further string fields that are stored (shown with results) but not indexed.
struct Document {
    std::string id;
    std::string title;
    std::string text;
    std::vector<std::pair<std::string, std::string>> extra;
};

}  // namespace quarry
