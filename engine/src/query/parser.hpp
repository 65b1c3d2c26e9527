// Query syntax -> syntax tree.
#pragma once

#include <string_view>

#include "query/ast.hpp"

namespace quarry::query {

/// Parses `text` (UTF-8). Throws quarry::QuerySyntaxError with a 1-based column and a message
/// naming what was expected, for: an empty or blank query, an unterminated quote, unbalanced
/// parentheses, an operator without an operand, an empty field (`title:`), a bare `*`.
NodePtr parse(std::string_view text);

}  // namespace quarry::query
