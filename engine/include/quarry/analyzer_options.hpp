// How text is turned into terms. Recorded in each index (its schema) so that queries are
// analysed exactly as the documents were.
#pragma once

namespace quarry {

struct AnalyzerOptions {
    bool stem = true;        ///< Snowball English (Porter2) stemming
    bool stop_words = true;  ///< drop English stop words (positions still count them)
    bool operator==(const AnalyzerOptions&) const = default;
};

}  // namespace quarry
