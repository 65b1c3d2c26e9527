// The syntax tree of a query, as the user wrote it: no analysis has been applied yet. The
// planner (planner.hpp) turns it into an evaluation tree against one index's analyzer and fields.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace quarry::query {

/// How a clause takes part in its group, in the sense of Lucene's BooleanClause:
/// a document must match every Must clause and no MustNot clause; Should clauses add to the
/// score, and when a group has no Must clause at least one Should clause must match.
enum class Occur { Should, Must, MustNot };

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Clause {
    Occur occur = Occur::Should;
    NodePtr node;
};

struct Node {
    enum class Kind {
        Word,    ///< `text` is the word as typed (not yet analysed)
        Phrase,  ///< `text` is what stood between the quotes
        Prefix,  ///< `text` is the part before the trailing `*`
        Group,   ///< `clauses` holds the members
    };
    Kind kind = Kind::Word;
    std::string field;            ///< empty for the default field; set by `field:` and inherited into groups
    std::string text;
    std::vector<Clause> clauses;  ///< Group only
    std::size_t column = 0;       ///< 1-based column (code points) where the node starts
};

/// Renders the tree in a canonical, fully parenthesised form, for tests and `--explain`:
/// words as-is, phrases in quotes, prefixes with `*`, groups as `(+a b -c)`, fields as `f:x`.
std::string to_string(const Node& node);

}  // namespace quarry::query
