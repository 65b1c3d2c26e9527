#include "query/parser.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <random>
#include <string>
#include <string_view>

#include "quarry/errors.hpp"

namespace quarry::query {
namespace {

std::string canonical(std::string_view query) { return to_string(*parse(query)); }

// Shows control characters and non-ASCII bytes as \xNN so failing queries can be pasted back.
std::string escaped(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7F) {
            out += c;
        } else {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02X", byte);
            out += hex;
        }
    }
    return out;
}

void expect_syntax_error(std::string_view query, std::size_t column, std::string_view message_part) {
    SCOPED_TRACE("query: " + escaped(query));
    try {
        const NodePtr node = parse(query);
        ADD_FAILURE() << "parsed as " << to_string(*node) << ", expected a QuerySyntaxError";
    } catch (const QuerySyntaxError& error) {
        EXPECT_EQ(error.column(), column) << error.what();
        EXPECT_NE(std::string_view(error.what()).find(message_part), std::string_view::npos)
            << "message: " << error.what() << "\nexpected to contain: " << message_part;
    }
}

TEST(QueryParser, SingleTermsAreReturnedWithoutAGroup) {
    EXPECT_EQ(canonical("foo"), "foo");
    EXPECT_EQ(canonical("  foo  "), "foo");
    EXPECT_EQ(canonical("\"a b\""), "\"a b\"");
    EXPECT_EQ(canonical("foo*"), "foo*");
    EXPECT_EQ(canonical("(foo)"), "foo");
    EXPECT_EQ(canonical("((foo))"), "foo");

    const NodePtr word = parse("foo");
    EXPECT_EQ(word->kind, Node::Kind::Word);
    EXPECT_EQ(word->text, "foo");
    EXPECT_EQ(word->field, "");
    EXPECT_EQ(word->column, 1u);

    const NodePtr phrase = parse("  \"a  (b) AND c\"");
    EXPECT_EQ(phrase->kind, Node::Kind::Phrase);
    EXPECT_EQ(phrase->text, "a  (b) AND c");
    EXPECT_EQ(phrase->column, 3u);

    const NodePtr prefix = parse("inform*");
    EXPECT_EQ(prefix->kind, Node::Kind::Prefix);
    EXPECT_EQ(prefix->text, "inform");
}

TEST(QueryParser, AdjacencyAndOrGiveShouldClauses) {
    EXPECT_EQ(canonical("a b c"), "(a b c)");
    EXPECT_EQ(canonical("a OR b"), "(a b)");
    EXPECT_EQ(canonical("a OR b c"), "(a b c)");
    EXPECT_EQ(canonical("a\tb\nc\rd"), "(a b c d)");
    EXPECT_EQ(canonical("a\xC2\xA0" "b"), "(a b)");      // U+00A0 no-break space
    EXPECT_EQ(canonical("a\xE3\x80\x80" "b"), "(a b)");  // U+3000 ideographic space
}

TEST(QueryParser, SignsMakeMustAndMustNotClauses) {
    EXPECT_EQ(canonical("a +b -c"), "(a +b -c)");
    EXPECT_EQ(canonical("-a"), "(-a)");
    EXPECT_EQ(canonical("+a"), "(+a)");
    EXPECT_EQ(canonical("NOT a"), "(-a)");
    EXPECT_EQ(canonical("a OR NOT b"), "(a -b)");
    EXPECT_EQ(canonical("-\"a b\" c"), "(-\"a b\" c)");
    EXPECT_EQ(canonical("-(a b) c"), "(-(a b) c)");
    EXPECT_EQ(canonical("NOT(a b)"), "(-(a b))");
    EXPECT_EQ(canonical("(-a)"), "(-a)");
}

TEST(QueryParser, SignsInsideWordsAreText) {
    EXPECT_EQ(canonical("e-mail"), "e-mail");
    EXPECT_EQ(canonical("c++"), "c++");
    EXPECT_EQ(canonical("a+b x-"), "(a+b x-)");
    // Only the first sign is an operator; what follows it is taken literally.
    EXPECT_EQ(canonical("--a"), "(--a)");
    EXPECT_EQ(canonical("+-a"), "(+-a)");
    const NodePtr group = parse("--a");
    ASSERT_EQ(group->clauses.size(), 1u);
    EXPECT_EQ(group->clauses[0].occur, Occur::MustNot);
    EXPECT_EQ(group->clauses[0].node->text, "-a");
}

TEST(QueryParser, AndChainsAreOneFlatGroupOfRequiredClauses) {
    EXPECT_EQ(canonical("a AND b"), "(+a +b)");
    EXPECT_EQ(canonical("a AND b AND c"), "(+a +b +c)");
    EXPECT_EQ(canonical("a AND b OR c"), "((+a +b) c)");
    EXPECT_EQ(canonical("a OR b AND c"), "(a (+b +c))");
    EXPECT_EQ(canonical("a AND b c AND d"), "((+a +b) (+c +d))");
    EXPECT_EQ(canonical("x a AND b"), "(x (+a +b))");
    EXPECT_EQ(canonical("a AND (b OR c)"), "(+a +(b c))");
    EXPECT_EQ(canonical("(a AND b)"), "(+a +b)");
    EXPECT_EQ(canonical("a AND +b"), "(+a +b)");
    EXPECT_EQ(canonical("+a AND b"), "(+a +b)");
}

TEST(QueryParser, NotBetweenTermsExcludesTheRightOne) {
    EXPECT_EQ(canonical("a NOT b"), "(+a -b)");
    EXPECT_EQ(canonical("a AND NOT b"), "(+a -b)");
    EXPECT_EQ(canonical("a AND b NOT c"), "(+a +b -c)");
    EXPECT_EQ(canonical("a NOT b c"), "((+a -b) c)");
    EXPECT_EQ(canonical("a AND -b"), "(+a -b)");
    EXPECT_EQ(canonical("-a AND b"), "(-a +b)");
    EXPECT_EQ(canonical("NOT a AND b"), "(-a +b)");
    EXPECT_EQ(canonical("a NOT +b"), "(+a -b)");
}

TEST(QueryParser, LowerCaseKeywordsAreWords) {
    EXPECT_EQ(canonical("a and b"), "(a and b)");
    EXPECT_EQ(canonical("cats or dogs not fish"), "(cats or dogs not fish)");
    EXPECT_EQ(canonical("And Or Not"), "(And Or Not)");
    EXPECT_EQ(canonical("ANDROID ORB NOTE"), "(ANDROID ORB NOTE)");
    // After a sign the keyword is the word being required or excluded.
    EXPECT_EQ(canonical("+AND -NOT"), "(+AND -NOT)");
}

TEST(QueryParser, GroupsKeepTheirStructure) {
    EXPECT_EQ(canonical("(a b)"), "(a b)");
    EXPECT_EQ(canonical("((a b))"), "(a b)");
    EXPECT_EQ(canonical("(a b) c"), "((a b) c)");
    EXPECT_EQ(canonical("a (b (c d))"), "(a (b (c d)))");
    EXPECT_EQ(canonical("a (b AND c)"), "(a (+b +c))");
    EXPECT_EQ(canonical("+(a b) -(c)"), "(+(a b) -c)");
    EXPECT_EQ(canonical("a(b)c"), "(a b c)");
}

TEST(QueryParser, FieldsScopeTermsPhrasesPrefixesAndGroups) {
    EXPECT_EQ(canonical("title:foo"), "title:foo");
    EXPECT_EQ(canonical("title:foo*"), "title:foo*");
    EXPECT_EQ(canonical("title:\"a b\""), "title:\"a b\"");
    EXPECT_EQ(canonical("title:(x y)"), "title:(x y)");
    EXPECT_EQ(canonical("title:(x body:y)"), "title:(x body:y)");
    EXPECT_EQ(canonical("title:(x body:(y z))"), "title:(x body:(y z))");
    EXPECT_EQ(canonical("title:(a AND b)"), "title:(+a +b)");
    EXPECT_EQ(canonical("title:(a)"), "title:a");
    EXPECT_EQ(canonical("a title:b -body:c"), "(a title:b -body:c)");
    EXPECT_EQ(canonical("_f2:x"), "_f2:x");
    EXPECT_EQ(canonical("AND:x"), "AND:x");

    const NodePtr group = parse("title:(x body:y)");
    EXPECT_EQ(group->field, "title");
    ASSERT_EQ(group->clauses.size(), 2u);
    EXPECT_EQ(group->clauses[0].node->field, "title");
    EXPECT_EQ(group->clauses[1].node->field, "body");
}

TEST(QueryParser, TextThatOnlyLooksLikeAFieldIsAWord) {
    EXPECT_EQ(canonical("12:30"), "12:30");
    EXPECT_EQ(canonical(":x"), ":x");
    EXPECT_EQ(canonical("a-b:c"), "a-b:c");
    // One field per term: the rest of the word, colons included, is the term.
    const NodePtr node = parse("title:a:b");
    EXPECT_EQ(node->field, "title");
    EXPECT_EQ(node->text, "a:b");
    // After a field the term is literal, signs and keywords included.
    const NodePtr negative = parse("title:-x");
    EXPECT_EQ(negative->kind, Node::Kind::Word);
    EXPECT_EQ(negative->text, "-x");
    EXPECT_EQ(parse("title:OR")->text, "OR");
}

TEST(QueryParser, QuotesDelimitPhrases) {
    EXPECT_EQ(canonical("\xE2\x80\x9C" "a b" "\xE2\x80\x9D"), "\"a b\"");  // “a b”
    EXPECT_EQ(canonical("a \xE2\x80\x9C" "b c" "\xE2\x80\x9D d"), "(a \"b c\" d)");
    EXPECT_EQ(canonical("foo\"bar baz\""), "(foo \"bar baz\")");
    EXPECT_EQ(canonical("\"a\"\"b\""), "(\"a\" \"b\")");
    // Each kind of opening quote is closed only by its own closing quote.
    EXPECT_EQ(parse("\"x \xE2\x80\x9D y\"")->text, "x \xE2\x80\x9D y");
    EXPECT_EQ(parse("\xE2\x80\x9C" "x \" y" "\xE2\x80\x9D")->text, "x \" y");
    // A closing typographic quote on its own is just a character of a word.
    EXPECT_EQ(canonical("a\xE2\x80\x9D"), "a\xE2\x80\x9D");
}

TEST(QueryParser, ColumnsCountCodePoints) {
    const NodePtr group = parse("日本 語 -x title:(y) (a b)");
    ASSERT_EQ(group->kind, Node::Kind::Group);
    EXPECT_EQ(group->column, 1u);
    ASSERT_EQ(group->clauses.size(), 5u);
    EXPECT_EQ(group->clauses[0].node->column, 1u);
    EXPECT_EQ(group->clauses[1].node->column, 4u);
    EXPECT_EQ(group->clauses[2].node->column, 7u);   // the term, not its sign
    EXPECT_EQ(group->clauses[3].node->column, 9u);   // the field, for a field-scoped node
    EXPECT_EQ(group->clauses[4].node->column, 19u);  // the opening parenthesis

    const NodePtr and_group = parse("  a AND b");
    EXPECT_EQ(and_group->column, 3u);
    const NodePtr nested = parse("x -y AND z");
    ASSERT_EQ(nested->clauses.size(), 2u);
    EXPECT_EQ(nested->clauses[1].node->column, 3u);  // an AND chain starts at its first operator
}

TEST(QueryParser, EmptyQueries) {
    expect_syntax_error("", 0, "empty query: type some words to search for");
    expect_syntax_error("   ", 0, "empty query");
    expect_syntax_error(" \t\r\n ", 0, "empty query");
    expect_syntax_error("\xC2\xA0\xE3\x80\x80", 0, "empty query");
}

TEST(QueryParser, UnbalancedParentheses) {
    expect_syntax_error("(a b", 1, "unmatched '(' at column 1");
    expect_syntax_error("a ((b)", 3, "unmatched '(' at column 3");
    expect_syntax_error("(a (b)", 1, "unmatched '(' at column 1");
    expect_syntax_error("(", 1, "unmatched '(' at column 1");
    expect_syntax_error("a b)", 4, "unmatched ')' at column 4");
    expect_syntax_error(")", 1, "unmatched ')' at column 1");
    expect_syntax_error("(a)) b", 4, "unmatched ')' at column 4");
    expect_syntax_error("日本)", 3, "unmatched ')' at column 3");
}

TEST(QueryParser, EmptyGroups) {
    expect_syntax_error("()", 1, "empty group '()' at column 1");
    expect_syntax_error("a ( )", 3, "empty group '()' at column 3");
    expect_syntax_error("title:()", 7, "empty group");
}

TEST(QueryParser, OperatorsWithoutOperands) {
    expect_syntax_error("AND b", 1, "operator AND at column 1 needs a term on its left");
    expect_syntax_error("OR b", 1, "operator OR at column 1 needs a term on its left");
    expect_syntax_error("(AND a)", 2, "operator AND at column 2 needs a term on its left");
    expect_syntax_error("a AND", 3, "operator AND at column 3 needs a term on its right");
    expect_syntax_error("a OR", 3, "operator OR at column 3 needs a term on its right");
    expect_syntax_error("a AND OR b", 3, "operator AND at column 3 needs a term on its right");
    expect_syntax_error("a OR OR b", 3, "operator OR at column 3 needs a term on its right");
    expect_syntax_error("(a OR) b", 4, "operator OR at column 4 needs a term on its right");
    expect_syntax_error("NOT", 1, "operator NOT at column 1 needs a term on its right");
    expect_syntax_error("a NOT", 3, "operator NOT at column 3 needs a term on its right");
    expect_syntax_error("a AND NOT", 7, "operator NOT at column 7 needs a term on its right");
    expect_syntax_error("NOT NOT a", 1, "operator NOT at column 1 needs a term on its right");
    expect_syntax_error("+", 1, "operator '+' at column 1 needs a term right after it");
    expect_syntax_error("a + b", 3, "operator '+' at column 3 needs a term right after it");
    expect_syntax_error("a -", 3, "operator '-' at column 3 needs a term right after it");
    expect_syntax_error("(a +)", 4, "operator '+' at column 4");
    expect_syntax_error("a AND", 3, "write it in lower case or put it in quotes");
}

TEST(QueryParser, FieldsWithoutTerms) {
    expect_syntax_error("title:", 1, "field 'title:' at column 1 needs a term after it");
    expect_syntax_error("a title: b", 3, "field 'title:' at column 3 needs a term after it");
    expect_syntax_error("(title:)", 2, "field 'title:' at column 2 needs a term after it");
    expect_syntax_error("-body:", 2, "field 'body:' at column 2");
    expect_syntax_error("ü title:", 3, "put it in quotes");
}

TEST(QueryParser, MisplacedWildcards) {
    const std::string_view message = "is only allowed at the end of a word, after at least one character";
    expect_syntax_error("*", 1, "wildcard '*' at column 1");
    expect_syntax_error("*", 1, message);
    expect_syntax_error("a *", 3, message);
    expect_syntax_error("fo*o", 3, "wildcard '*' at column 3");
    expect_syntax_error("*foo", 1, message);
    expect_syntax_error("foo**", 4, message);
    expect_syntax_error("title:*", 7, message);
    expect_syntax_error("-*", 2, message);
    expect_syntax_error("é*x", 2, "wildcard '*' at column 2");
}

TEST(QueryParser, BadPhrases) {
    expect_syntax_error("\"\"", 1, "empty phrase at column 1");
    expect_syntax_error("a \"  \"", 3, "empty phrase at column 3");
    expect_syntax_error("abc \"def", 5, "unterminated phrase: the quote at column 5 has no closing quote");
    expect_syntax_error("日本 \"abc", 4, "unterminated phrase: the quote at column 4 has no closing quote");
    expect_syntax_error("\xE2\x80\x9C" "abc", 1, "the quote at column 1 has no closing quote");
    expect_syntax_error("\"abc\xE2\x80\x9D", 1, "the quote at column 1 has no closing quote");
    expect_syntax_error("\"a\" \"b", 5, "the quote at column 5 has no closing quote");
}

TEST(QueryParser, InvalidUtf8) {
    expect_syntax_error("ab\xFF", 3, "invalid UTF-8 in query at column 3");
    expect_syntax_error("\x80", 1, "invalid UTF-8 in query at column 1");
    expect_syntax_error("日本\xE6\x97", 3, "invalid UTF-8 in query at column 3");     // truncated
    expect_syntax_error("\xC0\xAF", 1, "invalid UTF-8 in query at column 1");        // overlong
    expect_syntax_error("\xE0\x80\xAF", 1, "invalid UTF-8 in query at column 1");    // overlong
    expect_syntax_error("\xED\xA0\x80", 1, "invalid UTF-8 in query at column 1");    // surrogate
    expect_syntax_error("a \xF4\x90\x80\x80", 3, "invalid UTF-8 in query at column 3");  // > U+10FFFF
    expect_syntax_error("\"abc \xC3(\"", 6, "invalid UTF-8 in query at column 6");
    EXPECT_EQ(canonical("\xF0\x9F\x98\x80 x"), "(\xF0\x9F\x98\x80 x)");  // a 4-byte code point is fine
}

TEST(QueryParser, DeepNestingIsBounded) {
    const std::string hundred_deep = std::string(100, '(') + "a b" + std::string(100, ')');
    EXPECT_EQ(canonical(hundred_deep), "(a b)");
    expect_syntax_error(std::string(101, '(') + "a" + std::string(101, ')'), 101, "too many nested parentheses");
    expect_syntax_error(std::string(100000, '('), 101, "too many nested parentheses");
}

// Any input either parses into a well-formed tree or is rejected with a QuerySyntaxError.
TEST(QueryParser, RandomInputNeverCrashes) {
    constexpr std::uint32_t kSeed = 20240917;
    SCOPED_TRACE("seed " + std::to_string(kSeed));
    const auto pieces = std::to_array<std::string_view>({
        "a", "b", "foo", "e-mail", "c++", "12:30", "title:", "body:", ":", "*", "x*", "\"", "\xE2\x80\x9C",
        "\xE2\x80\x9D", "(", ")", "+", "-", "AND", "OR", "NOT", "and", " ", " ", "  ", "\t", "\n",
        "\xC2\xA0", "\xE3\x80\x80", "日本", "é", "\xFF", "\xC3", "\x80",
    });
    std::mt19937 random(kSeed);
    int parsed = 0;
    int rejected = 0;
    for (int iteration = 0; iteration < 20000; ++iteration) {
        std::string query;
        const std::size_t piece_count = random() % 12;
        for (std::size_t i = 0; i < piece_count; ++i) query += pieces[random() % pieces.size()];
        try {
            const NodePtr node = parse(query);
            ASSERT_NE(node, nullptr) << escaped(query);
            EXPECT_GE(node->column, 1u) << escaped(query);
            EXPECT_LE(node->column, query.size()) << escaped(query);
            EXPECT_FALSE(to_string(*node).empty()) << escaped(query);
            ++parsed;
        } catch (const QuerySyntaxError& error) {
            EXPECT_LE(error.column(), query.size()) << escaped(query) << ": " << error.what();
            ++rejected;
        } catch (const std::exception& error) {
            ADD_FAILURE() << "unexpected exception for " << escaped(query) << ": " << error.what();
        }
    }
    // Both outcomes must be common, or the alphabet no longer exercises the parser.
    EXPECT_GT(parsed, 2000);
    EXPECT_GT(rejected, 2000);
}

}  // namespace
}  // namespace quarry::query
