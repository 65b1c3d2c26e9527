#include "support/reference_bm25.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analysis/analyzer.hpp"
#include "index/fields.hpp"

namespace quarry::testing {

ReferenceBm25::ReferenceBm25(const std::vector<Document>& docs, AnalyzerOptions analyzer) : analyzer_(analyzer) {
    analysis::Analyzer chain(analyzer);
    double total = 0;
    for (const Document& doc : docs) {
        std::vector<analysis::Token> tokens;
        const std::uint32_t title_end = chain.analyze(doc.title, tokens);
        chain.analyze(doc.text, tokens, title_end + index::kFieldGap);
        DocTerms terms;
        for (auto& token : tokens) terms.tokens.emplace_back(token.term, token.position);
        terms.length = static_cast<std::uint32_t>(tokens.size());
        total += terms.length;
        docs_.push_back(std::move(terms));
    }
    average_length_ = docs_.empty() ? 0 : total / static_cast<double>(docs_.size());
}

std::string ReferenceBm25::to_query(const std::vector<ReferenceClause>& clauses) {
    std::string query;
    for (const auto& clause : clauses) {
        if (!query.empty()) query += ' ';
        if (clause.occur == ReferenceClause::Occur::Must) query += '+';
        if (clause.occur == ReferenceClause::Occur::MustNot) query += '-';
        if (clause.words.size() == 1) {
            query += clause.words.front();
        } else {
            query += '"';
            for (std::size_t i = 0; i < clause.words.size(); ++i) {
                if (i) query += ' ';
                query += clause.words[i];
            }
            query += '"';
        }
    }
    return query;
}

std::vector<ReferenceHit> ReferenceBm25::search(const std::vector<ReferenceClause>& clauses, const Bm25Params& params) const {
    analysis::Analyzer chain(analyzer_);
    const double n = static_cast<double>(docs_.size());
    // Analyse each clause into terms with relative positions; drop clauses left empty, and
    // fold repeated single-term Should clauses into one with a higher query frequency.
    struct Analysed {
        ReferenceClause::Occur occur;
        std::vector<std::string> terms;
        std::vector<std::uint32_t> offsets;
        double idf = 0;
        double query_freq = 1;
    };
    std::vector<Analysed> analysed;
    std::map<std::string, std::size_t> seen_should;  // term -> index in analysed
    for (const auto& clause : clauses) {
        std::string text;
        for (const auto& word : clause.words) {
            if (!text.empty()) text += ' ';
            text += word;
        }
        std::vector<analysis::Token> tokens;
        chain.analyze(text, tokens);
        if (tokens.empty()) continue;
        if (tokens.size() == 1 && clause.occur == ReferenceClause::Occur::Should) {
            auto [it, added] = seen_should.emplace(tokens[0].term, analysed.size());
            if (!added) {
                analysed[it->second].query_freq += 1;
                continue;
            }
        }
        Analysed entry{clause.occur, {}, {}, 0};
        for (const auto& token : tokens) {
            entry.terms.push_back(token.term);
            entry.offsets.push_back(token.position - tokens.front().position);
            double df = 0;
            for (const auto& doc : docs_)
                if (std::any_of(doc.tokens.begin(), doc.tokens.end(), [&](const auto& t) { return t.first == token.term; })) ++df;
            entry.idf += std::log(1.0 + (n - df + 0.5) / (df + 0.5));
        }
        analysed.push_back(std::move(entry));
    }
    bool has_must = false;
    for (const auto& clause : analysed) has_must |= clause.occur == ReferenceClause::Occur::Must;

    std::vector<ReferenceHit> hits;
    for (std::size_t d = 0; d < docs_.size(); ++d) {
        const DocTerms& doc = docs_[d];
        std::map<std::string, std::set<std::uint32_t>> positions;
        for (const auto& [term, position] : doc.tokens) positions[term].insert(position);
        bool rejected = false, any_should = false;
        double score = 0;
        for (const auto& clause : analysed) {
            std::uint32_t freq = 0;
            auto first = positions.find(clause.terms.front());
            if (first != positions.end()) {
                for (std::uint32_t start : first->second) {
                    bool all = true;
                    for (std::size_t i = 1; i < clause.terms.size() && all; ++i) {
                        auto it = positions.find(clause.terms[i]);
                        all = it != positions.end() && it->second.count(start + clause.offsets[i]);
                    }
                    freq += all;
                }
            }
            if (clause.occur == ReferenceClause::Occur::MustNot) {
                rejected |= freq > 0;
                continue;
            }
            if (clause.occur == ReferenceClause::Occur::Must && freq == 0) rejected = true;
            if (freq == 0) continue;
            if (clause.occur == ReferenceClause::Occur::Should) any_should = true;
            const double tf = freq;
            const double query_weight = (params.k3 + 1) * clause.query_freq / (params.k3 + clause.query_freq);
            score += query_weight * clause.idf * tf * (params.k1 + 1) /
                     (tf + params.k1 * (1 - params.b + params.b * doc.length / average_length_));
        }
        if (rejected || (!has_must && !any_should)) continue;
        hits.push_back({d, score});
    }
    std::sort(hits.begin(), hits.end(), [](const ReferenceHit& a, const ReferenceHit& b) {
        return a.score > b.score || (a.score == b.score && a.doc < b.doc);
    });
    return hits;
}

}  // namespace quarry::testing
