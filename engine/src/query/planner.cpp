#include "query/planner.hpp"

#include <map>
#include <set>

#include "quarry/errors.hpp"
#include "scoring/bm25.hpp"

namespace quarry::query {

std::string PlanNode::label() const {
    std::string out(index::field_name(field));
    out += ':';
    if (kind == Kind::Phrase) {
        out += '"';
        for (std::size_t i = 0; i < terms.size(); ++i) {
            if (i) out += ' ';
            out += terms[i];
        }
        out += '"';
    } else if (!terms.empty()) {
        out += terms.front();
    }
    return out;
}

Planner::Planner(analysis::Analyzer& analyzer, const std::vector<std::shared_ptr<index::SegmentReader>>& segments)
    : analyzer_(analyzer), segments_(segments) {
    for (const auto& segment : segments_) documents_ += segment->doc_count();
}

std::uint64_t Planner::doc_freq(const std::string& key) const {
    std::uint64_t total = 0;
    for (const auto& segment : segments_)
        if (auto info = segment->terms().find(key)) total += info->doc_freq;
    return total;
}

PlanNode Planner::term_node(index::Field field, std::string term) {
    PlanNode node;
    node.kind = PlanNode::Kind::Term;
    node.field = field;
    const std::string key = index::make_key(field, term);
    std::uint64_t doc_freq = 0;
    for (const auto& segment : segments_) {
        node.infos.push_back(segment->terms().find(key));
        if (node.infos.back()) doc_freq += node.infos.back()->doc_freq;
    }
    node.idf = scoring::bm25_idf(documents_, static_cast<double>(doc_freq));
    node.terms.push_back(std::move(term));
    return node;
}

PlanNode Planner::plan(const Node& root) {
    std::optional<PlanNode> planned = plan_node(root, index::Field::All);
    if (!planned) {
        std::string message = "the query has nothing to search for";
        if (!dropped_words_.empty()) {
            message += ": ";
            for (std::size_t i = 0; i < dropped_words_.size(); ++i)
                message += (i ? ", '" : "'") + dropped_words_[i] + "'";
            message += dropped_words_.size() == 1 ? " is a stop word" : " are stop words";
            message += ", which the index leaves out; add a more specific word";
        }
        throw QuerySyntaxError(0, message);
    }
    return std::move(*planned);
}

PlanNode Planner::plan_plain_text(std::string_view text) {
    std::vector<analysis::Token> tokens;
    analyzer_.analyze(text, tokens);
    PlanNode group;
    group.kind = PlanNode::Kind::Group;
    // A repeated word raises its query frequency rather than adding a clause (docs/scoring.md).
    std::map<std::string, std::size_t> seen;
    for (auto& token : tokens) {
        auto [it, added] = seen.emplace(token.term, group.should.size());
        if (added) group.should.push_back(term_node(index::Field::All, std::move(token.term)));
        else group.should[it->second].query_freq += 1;
    }
    if (group.should.empty())
        throw QuerySyntaxError(0, text.find_first_not_of(" \t\r\n") == std::string_view::npos
                                      ? "empty query: type some words to search for"
                                      : "the query has nothing to search for: all its words are stop words");
    if (group.should.size() == 1) return std::move(group.should.front());
    return group;
}

std::optional<PlanNode> Planner::plan_node(const Node& node, index::Field field) {
    if (!node.field.empty()) {
        auto named = index::field_by_name(node.field);
        if (!named)
            throw QuerySyntaxError(node.column, "unknown field '" + node.field + "' at column " + std::to_string(node.column) +
                                                    "; the fields are 'title' and 'all' (title and text, the default)");
        field = *named;
    }
    switch (node.kind) {
        case Node::Kind::Word:
        case Node::Kind::Phrase: return plan_text(node, field);
        case Node::Kind::Prefix: return plan_prefix(node, field);
        case Node::Kind::Group: return plan_group(node, field);
    }
    return std::nullopt;
}

std::optional<PlanNode> Planner::plan_text(const Node& node, index::Field field) {
    std::vector<analysis::Token> tokens;
    analyzer_.analyze(node.text, tokens);
    if (tokens.empty()) {
        dropped_words_.push_back(node.text);
        return std::nullopt;
    }
    if (tokens.size() == 1) return term_node(field, std::move(tokens.front().term));
    // Several terms from one word (`e-mail`, Chinese text) or a quoted phrase: they must appear
    // in order, keeping the gaps stop words left.
    PlanNode phrase;
    phrase.kind = PlanNode::Kind::Phrase;
    phrase.field = field;
    for (auto& token : tokens) {
        PlanNode word = term_node(field, token.term);
        phrase.idf += word.idf;
        phrase.infos.insert(phrase.infos.end(), word.infos.begin(), word.infos.end());
        phrase.offsets.push_back(token.position - tokens.front().position);
        phrase.terms.push_back(std::move(token.term));
    }
    if (field == index::Field::All) {
        for (std::size_t word = 1; word < phrase.terms.size(); ++word) {
            if (phrase.offsets[word] != phrase.offsets[word - 1] + 1) continue;  // a stop word between
            phrase.pair_words.push_back(word);
            for (std::size_t s = 0; s < segments_.size(); ++s) {
                const termdict::TermDictReader& terms = segments_[s]->terms();
                const auto& first = phrase.info(word - 1, s);
                const auto& second = phrase.info(word, s);
                PlanNode::PairLookup& lookup = phrase.pairs.emplace_back();
                lookup.covered = first && second && terms.pairs_cover(first->doc_freq, second->doc_freq);
                if (lookup.covered) lookup.info = terms.find(index::make_pair_key(phrase.terms[word - 1], phrase.terms[word]));
            }
        }
    }
    return phrase;
}

std::optional<PlanNode> Planner::plan_prefix(const Node& node, index::Field field) {
    const std::string prefix_key = index::make_key(field, analyzer_.fold(node.text));
    std::set<std::string> expansions;
    for (const auto& segment : segments_) {
        segment->terms().scan(prefix_key, [&](std::string_view key, const postings::TermInfo&) {
            expansions.emplace(key.substr(1));
            return expansions.size() <= kMaxPrefixTerms;
        });
        if (expansions.size() > kMaxPrefixTerms)
            throw QuerySyntaxError(node.column, "'" + node.text + "*' at column " + std::to_string(node.column) +
                                                    " matches more than " + std::to_string(kMaxPrefixTerms) +
                                                    " terms; type more letters before the '*'");
    }
    PlanNode group;
    group.kind = PlanNode::Kind::Group;
    group.field = field;
    // A prefix matching nothing still has to match nothing, not vanish from the query.
    if (expansions.empty()) group.should.push_back(term_node(field, prefix_key.substr(1)));
    for (const std::string& term : expansions) group.should.push_back(term_node(field, term));
    if (group.should.size() == 1) return std::move(group.should.front());
    return group;
}

std::optional<PlanNode> Planner::plan_group(const Node& node, index::Field field) {
    PlanNode group;
    group.kind = PlanNode::Kind::Group;
    group.field = field;
    std::map<std::pair<index::Field, std::string>, std::size_t> should_terms;  // -> index in group.should
    for (const Clause& clause : node.clauses) {
        std::optional<PlanNode> child = plan_node(*clause.node, field);
        if (!child) continue;
        // A word repeated in one group raises its query frequency instead of adding a clause.
        if (child->kind == PlanNode::Kind::Term && clause.occur == Occur::Should) {
            auto [it, added] = should_terms.emplace(std::pair(child->field, child->terms.front()), group.should.size());
            if (!added) {
                group.should[it->second].query_freq += 1;
                continue;
            }
        }
        switch (clause.occur) {
            case Occur::Must: group.must.push_back(std::move(*child)); break;
            case Occur::Should: group.should.push_back(std::move(*child)); break;
            case Occur::MustNot: group.must_not.push_back(std::move(*child)); break;
        }
    }
    if (group.must.empty() && group.should.empty()) {
        if (!group.must_not.empty())
            throw QuerySyntaxError(node.column, "the group at column " + std::to_string(node.column) +
                                                    " only excludes words, so it can match nothing; add a word to search for");
        return std::nullopt;
    }
    if (group.must_not.empty() && group.must.empty() && group.should.size() == 1) return std::move(group.should.front());
    if (group.must_not.empty() && group.should.empty() && group.must.size() == 1) return std::move(group.must.front());
    return group;
}

}  // namespace quarry::query
