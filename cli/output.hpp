// Rendering results for people (text, colour on a terminal) and programs (JSON Lines, TREC).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "quarry/errors.hpp"
#include "quarry/search.hpp"

namespace quarry::cli {

enum class OutputFormat { Text, Json, Trec };

struct OutputStyle {
    OutputFormat format = OutputFormat::Text;
    bool colour = false;        ///< ANSI colour for highlights and titles
    std::string run_tag = "quarry";
};

/// "auto", "exhaustive", "maxscore", "bmw" -> the algorithm (CLI11 has checked the name).
TopKAlgorithm parse_algorithm(const std::string& name);

/// True when `stream` is a terminal and NO_COLOR is not set.
bool wants_colour(std::FILE* stream);

/// Writes `results` for query `query_id` to standard output.
void print_results(const SearchResults& results, std::string_view query_id, const OutputStyle& style);

/// The snippet with highlights as colour or as [brackets].
std::string render_snippet(const Hit& hit, bool colour);

/// Writes a query error with a caret under the column at fault, to standard error.
void print_query_error(std::string_view query, const QuerySyntaxError& error);

}  // namespace quarry::cli
