// Query syntax -> syntax tree: a hand-written lexer feeding a recursive-descent parser.
//
//   query    := or_expr END
//   or_expr  := and_expr ( ["OR"] and_expr )*             each and_expr is one clause
//   and_expr := unary ( ("AND" | "NOT") unary )*           a chain is one group of required clauses
//   unary    := ("+" | "-" | "NOT") primary | primary
//   primary  := [FIELD ":"] ( WORD | WORD "*" | PHRASE | "(" or_expr ")" )
//
// `AND NOT x` needs no rule of its own: it is AND followed by the unary `NOT x`.
// AND, OR and NOT are operators only in capitals, so that ordinary lower-case text never changes
// meaning. `+` and `-` are operators only where a term starts, so `e-mail` and `c++` stay words.
// A phrase opened by `"` is closed only by `"`, one opened by `“` only by `”`; a stray `”` is an
// ordinary character.
#include "query/parser.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "quarry/errors.hpp"

namespace quarry::query {
namespace {

// Parentheses are the only construct that nests, so bounding them bounds the recursion of the
// parser, of to_string and of the tree's destructor: a pasted "((((..." cannot overflow the stack.
constexpr std::size_t kMaxGroupDepth = 100;

constexpr char32_t kOpeningTypographicQuote = U'\u201C';  // “
constexpr char32_t kClosingTypographicQuote = U'\u201D';  // ”

bool is_space(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\u00A0' || c == U'\u3000';
}

bool ends_word(char32_t c) {
    return is_space(c) || c == U'"' || c == kOpeningTypographicQuote || c == U'(' || c == U')';
}

bool is_ascii_letter_or_underscore(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'_';
}

bool is_field_name_char(char32_t c) {
    return is_ascii_letter_or_underscore(c) || (c >= U'0' && c <= U'9');
}

[[noreturn]] void throw_invalid_utf8(std::size_t column) {
    throw QuerySyntaxError(column, "invalid UTF-8 in query at column " + std::to_string(column) +
                                       ": the query must be UTF-8 text; re-type it or re-encode it as UTF-8");
}

[[noreturn]] void throw_unmatched_closing_paren(std::size_t column) {
    throw QuerySyntaxError(column, "unmatched ')' at column " + std::to_string(column) +
                                       ": remove it, add a matching '(' before it, or put the text in quotes");
}

[[noreturn]] void throw_unmatched_opening_paren(std::size_t column) {
    throw QuerySyntaxError(column, "unmatched '(' at column " + std::to_string(column) +
                                       ": add a closing ')', or put the text in quotes");
}

// The query decoded once up front, so that every later position is a code-point index and a
// position's column is simply index + 1.
struct DecodedQuery {
    std::vector<char32_t> code_points;
    std::vector<std::size_t> byte_offsets;  ///< where each code point starts, plus the total size
};

DecodedQuery decode_utf8(std::string_view text) {
    DecodedQuery decoded;
    // At most a code point per byte: reserved once, not grown by doubling (most of a short
    // query's allocations).
    decoded.code_points.reserve(text.size());
    decoded.byte_offsets.reserve(text.size() + 1);
    std::size_t offset = 0;
    while (offset < text.size()) {
        const std::size_t column = decoded.code_points.size() + 1;
        const auto lead = static_cast<unsigned char>(text[offset]);
        std::size_t length = 1;
        char32_t value = lead;
        // Narrowing the range of the second byte rejects overlong forms, UTF-16 surrogates and
        // values past U+10FFFF, as RFC 3629 requires.
        unsigned char second_min = 0x80;
        unsigned char second_max = 0xBF;
        if (lead >= 0x80) {
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                value = lead & 0x1Fu;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                value = lead & 0x0Fu;
                if (lead == 0xE0) second_min = 0xA0;
                if (lead == 0xED) second_max = 0x9F;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                value = lead & 0x07u;
                if (lead == 0xF0) second_min = 0x90;
                if (lead == 0xF4) second_max = 0x8F;
            } else {
                throw_invalid_utf8(column);
            }
        }
        for (std::size_t i = 1; i < length; ++i) {
            if (offset + i >= text.size()) throw_invalid_utf8(column);
            const auto continuation = static_cast<unsigned char>(text[offset + i]);
            const unsigned char min = i == 1 ? second_min : 0x80;
            const unsigned char max = i == 1 ? second_max : 0xBF;
            if (continuation < min || continuation > max) throw_invalid_utf8(column);
            value = (value << 6) | (continuation & 0x3Fu);
        }
        decoded.code_points.push_back(value);
        decoded.byte_offsets.push_back(offset);
        offset += length;
    }
    decoded.byte_offsets.push_back(text.size());
    return decoded;
}

struct Token {
    enum class Kind { End, Word, Prefix, Phrase, Field, OpenParen, CloseParen, And, Or, Not, Plus, Minus };
    Kind kind = Kind::End;
    std::string text;  ///< the term for Word/Prefix/Phrase, the name for Field, the operator as written
    std::size_t column = 0;
};

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text), decoded_(decode_utf8(text)) {}

    Token next() {
        // A sign or a field prefix is glued to its term, which is then read more literally: no
        // second sign and no keyword (`--a` excludes the word -a, `-NOT` the word NOT), and after
        // a field no second field (`a:b:c` is the word b:c in field a).
        const Context context = std::exchange(context_, Context::Free);
        if (context == Context::Free) {
            while (position_ < size() && is_space(at(position_))) ++position_;
        }
        const std::size_t start = position_;
        if (start == size()) return Token{Token::Kind::End, "", start + 1};
        const char32_t c = at(start);
        if (c == U'(' || c == U')') {
            ++position_;
            return Token{c == U'(' ? Token::Kind::OpenParen : Token::Kind::CloseParen, "", start + 1};
        }
        if (c == U'"' || c == kOpeningTypographicQuote) return lex_phrase();
        if (context == Context::Free && (c == U'+' || c == U'-')) return lex_sign();
        return lex_word(context);
    }

private:
    enum class Context { Free, AfterSign, AfterField };

    std::size_t size() const { return decoded_.code_points.size(); }
    char32_t at(std::size_t index) const { return decoded_.code_points[index]; }

    std::string slice(std::size_t begin, std::size_t end) const {
        const std::size_t first_byte = decoded_.byte_offsets[begin];
        return std::string(text_.substr(first_byte, decoded_.byte_offsets[end] - first_byte));
    }

    // A term may follow a sign or field prefix only if it starts right there, with no space.
    bool term_starts_at(std::size_t index) const {
        return index < size() && !is_space(at(index)) && at(index) != U')';
    }

    Token lex_sign() {
        const std::size_t start = position_++;
        const std::string sign = at(start) == U'+' ? "+" : "-";
        if (!term_starts_at(position_)) {
            throw QuerySyntaxError(start + 1, "operator '" + sign + "' at column " + std::to_string(start + 1) +
                                                  " needs a term right after it, with no space in between "
                                                  "(e.g. " + sign + "word); to search for '" + sign +
                                                  "' itself, put it in quotes");
        }
        context_ = Context::AfterSign;
        return Token{sign == "+" ? Token::Kind::Plus : Token::Kind::Minus, sign, start + 1};
    }

    Token lex_phrase() {
        const std::size_t start = position_;
        const bool typographic = at(start) == kOpeningTypographicQuote;
        const char32_t closing_quote = typographic ? kClosingTypographicQuote : U'"';
        std::size_t end = start + 1;
        while (end < size() && at(end) != closing_quote) ++end;
        const std::string opening_column = std::to_string(start + 1);
        if (end == size()) {
            throw QuerySyntaxError(start + 1, "unterminated phrase: the quote at column " + opening_column +
                                                  " has no closing quote; add a closing " +
                                                  (typographic ? "\xE2\x80\x9D" : "\"") +
                                                  " or remove the opening one");
        }
        bool blank = true;
        for (std::size_t i = start + 1; i < end; ++i) blank = blank && is_space(at(i));
        if (blank) {
            throw QuerySyntaxError(start + 1, "empty phrase at column " + opening_column +
                                                  ": put the words to find between the quotes, or remove them");
        }
        position_ = end + 1;
        return Token{Token::Kind::Phrase, slice(start + 1, end), start + 1};
    }

    // The index of the ':' ending a field name at the start of [begin, end), if there is one.
    std::optional<std::size_t> field_colon(std::size_t begin, std::size_t end) const {
        if (!is_ascii_letter_or_underscore(at(begin))) return std::nullopt;
        std::size_t index = begin + 1;
        while (index < end && is_field_name_char(at(index))) ++index;
        if (index < end && at(index) == U':') return index;
        return std::nullopt;
    }

    Token lex_word(Context context) {
        const std::size_t start = position_;
        std::size_t end = start;
        while (end < size() && !ends_word(at(end))) ++end;

        if (context != Context::AfterField) {
            if (const std::optional<std::size_t> colon = field_colon(start, end)) {
                const std::string name = slice(start, *colon);
                if (!term_starts_at(*colon + 1)) {
                    throw QuerySyntaxError(start + 1, "field '" + name + ":' at column " + std::to_string(start + 1) +
                                                          " needs a term after it, with no space in between "
                                                          "(e.g. " + name + ":word); to search for the text "
                                                          "itself, put it in quotes");
                }
                position_ = *colon + 1;
                context_ = Context::AfterField;
                return Token{Token::Kind::Field, name, start + 1};
            }
        }

        position_ = end;
        std::string text = slice(start, end);
        if (context == Context::Free) {
            if (text == "AND") return Token{Token::Kind::And, std::move(text), start + 1};
            if (text == "OR") return Token{Token::Kind::Or, std::move(text), start + 1};
            if (text == "NOT") return Token{Token::Kind::Not, std::move(text), start + 1};
        }
        for (std::size_t i = start; i < end; ++i) {
            if (at(i) == U'*' && (i + 1 != end || i == start)) {
                throw QuerySyntaxError(i + 1, "wildcard '*' at column " + std::to_string(i + 1) +
                                                  " is only allowed at the end of a word, after at least one "
                                                  "character (e.g. inform*); to search for the text as it is, "
                                                  "put it in quotes");
            }
        }
        if (at(end - 1) == U'*') return Token{Token::Kind::Prefix, slice(start, end - 1), start + 1};
        return Token{Token::Kind::Word, std::move(text), start + 1};
    }

    std::string_view text_;
    DecodedQuery decoded_;
    std::size_t position_ = 0;
    Context context_ = Context::Free;
};

NodePtr make_group(std::vector<Clause> clauses, std::size_t column) {
    auto group = std::make_unique<Node>();
    group->kind = Node::Kind::Group;
    group->clauses = std::move(clauses);
    group->column = column;
    return group;
}

// A group of one Should clause means the same as that clause's node, so it is not kept.
NodePtr group_unless_single_should(std::vector<Clause> clauses, std::size_t column) {
    if (clauses.size() == 1 && clauses.front().occur == Occur::Should) return std::move(clauses.front().node);
    return make_group(std::move(clauses), column);
}

void scope_to_field(Node& node, const std::string& field) {
    if (!node.field.empty()) return;  // an inner `f:` wins over the enclosing one
    node.field = field;
    for (Clause& clause : node.clauses) scope_to_field(*clause.node, field);
}

class Parser {
public:
    explicit Parser(std::string_view text) : lexer_(text) { advance(); }

    NodePtr parse_query() {
        if (current_.kind == Token::Kind::End) throw QuerySyntaxError(0, "empty query: type some words to search for");
        NodePtr root = parse_or_expr();
        if (current_.kind == Token::Kind::CloseParen) throw_unmatched_closing_paren(current_.column);
        return root;
    }

private:
    void advance() { current_ = lexer_.next(); }

    bool at_kind(Token::Kind kind) const { return current_.kind == kind; }

    NodePtr parse_or_expr() {
        const std::size_t column = current_.column;
        std::vector<Clause> clauses;
        clauses.push_back(parse_and_expr(nullptr));
        while (!at_kind(Token::Kind::End) && !at_kind(Token::Kind::CloseParen)) {
            if (at_kind(Token::Kind::Or)) {
                const Token operator_token = current_;
                advance();
                clauses.push_back(parse_and_expr(&operator_token));
            } else {
                clauses.push_back(parse_and_expr(nullptr));
            }
        }
        return group_unless_single_should(std::move(clauses), column);
    }

    // `required_by` is the operator whose right operand this is, if any: it is the one to blame
    // when no term follows.
    Clause parse_and_expr(const Token* required_by) {
        const std::size_t column = current_.column;
        Clause first = parse_unary(required_by);
        if (!at_kind(Token::Kind::And) && !at_kind(Token::Kind::Not)) return first;

        // Inside an AND chain every operand is required unless something negates it; an explicit
        // `+` is redundant there, and any negation (`NOT b`, `-b`, `a NOT +b`) excludes.
        std::vector<Clause> clauses;
        if (first.occur == Occur::Should) first.occur = Occur::Must;
        clauses.push_back(std::move(first));
        while (at_kind(Token::Kind::And) || at_kind(Token::Kind::Not)) {
            const Token operator_token = current_;
            advance();
            Clause operand = parse_unary(&operator_token);
            if (operator_token.kind == Token::Kind::Not) {
                operand.occur = Occur::MustNot;
            } else if (operand.occur == Occur::Should) {
                operand.occur = Occur::Must;
            }
            clauses.push_back(std::move(operand));
        }
        return Clause{Occur::Should, make_group(std::move(clauses), column)};
    }

    Clause parse_unary(const Token* required_by) {
        if (at_kind(Token::Kind::Plus) || at_kind(Token::Kind::Minus) || at_kind(Token::Kind::Not)) {
            const Token operator_token = current_;
            advance();
            const Occur occur = operator_token.kind == Token::Kind::Plus ? Occur::Must : Occur::MustNot;
            return Clause{occur, parse_primary(&operator_token)};
        }
        return Clause{Occur::Should, parse_primary(required_by)};
    }

    NodePtr parse_primary(const Token* required_by) {
        switch (current_.kind) {
            case Token::Kind::Field: {
                const Token field = current_;
                advance();
                NodePtr node = parse_primary(&field);
                scope_to_field(*node, field.text);
                node->column = field.column;
                return node;
            }
            case Token::Kind::Word:
            case Token::Kind::Prefix:
            case Token::Kind::Phrase: {
                auto node = std::make_unique<Node>();
                node->kind = at_kind(Token::Kind::Word)     ? Node::Kind::Word
                             : at_kind(Token::Kind::Prefix) ? Node::Kind::Prefix
                                                            : Node::Kind::Phrase;
                node->text = std::move(current_.text);
                node->column = current_.column;
                advance();
                return node;
            }
            case Token::Kind::OpenParen:
                return parse_group();
            default:
                throw_missing_operand(required_by);
        }
    }

    NodePtr parse_group() {
        const std::size_t open_column = current_.column;
        if (++group_depth_ > kMaxGroupDepth) {
            throw QuerySyntaxError(open_column, "too many nested parentheses at column " + std::to_string(open_column) +
                                                    ": at most " + std::to_string(kMaxGroupDepth) +
                                                    " levels are allowed; remove some");
        }
        advance();
        if (at_kind(Token::Kind::CloseParen)) {
            throw QuerySyntaxError(open_column, "empty group '()' at column " + std::to_string(open_column) +
                                                    ": put search terms between the parentheses, or remove them");
        }
        if (at_kind(Token::Kind::End)) throw_unmatched_opening_paren(open_column);
        NodePtr node = parse_or_expr();
        if (!at_kind(Token::Kind::CloseParen)) throw_unmatched_opening_paren(open_column);
        advance();
        --group_depth_;
        if (node->kind == Node::Kind::Group) node->column = open_column;
        return node;
    }

    [[noreturn]] void throw_missing_operand(const Token* required_by) const {
        if (required_by != nullptr) {
            throw QuerySyntaxError(required_by->column,
                                   "operator " + required_by->text + " at column " +
                                       std::to_string(required_by->column) +
                                       " needs a term on its right; to search for the word '" + required_by->text +
                                       "' itself, write it in lower case or put it in quotes");
        }
        if (at_kind(Token::Kind::CloseParen)) throw_unmatched_closing_paren(current_.column);
        // Only AND or OR can stand where a term should start without an operator before it.
        throw QuerySyntaxError(current_.column, "operator " + current_.text + " at column " +
                                                    std::to_string(current_.column) +
                                                    " needs a term on its left; to search for the word '" +
                                                    current_.text + "' itself, write it in lower case or put "
                                                    "it in quotes");
    }

    Lexer lexer_;
    Token current_;
    std::size_t group_depth_ = 0;
};

void render(const Node& node, const std::string& enclosing_field, std::string& out) {
    if (!node.field.empty() && node.field != enclosing_field) {
        out += node.field;
        out += ':';
    }
    switch (node.kind) {
        case Node::Kind::Word:
            out += node.text;
            break;
        case Node::Kind::Prefix:
            out += node.text;
            out += '*';
            break;
        case Node::Kind::Phrase:
            out += '"';
            out += node.text;
            out += '"';
            break;
        case Node::Kind::Group:
            out += '(';
            for (std::size_t i = 0; i < node.clauses.size(); ++i) {
                if (i > 0) out += ' ';
                if (node.clauses[i].occur == Occur::Must) out += '+';
                if (node.clauses[i].occur == Occur::MustNot) out += '-';
                render(*node.clauses[i].node, node.field, out);
            }
            out += ')';
            break;
    }
}

}  // namespace

NodePtr parse(std::string_view text) { return Parser(text).parse_query(); }

std::string to_string(const Node& node) {
    std::string out;
    render(node, "", out);
    return out;
}

}  // namespace quarry::query
