// Reading run files, "qid Q0 docid rank score tag" per line (trec_eval's get_trec_results.c
// format), and ordering a query's results the way trec_eval evaluates them.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "quarry/errors.hpp"
#include "quarry/evaluation.hpp"
#include "trec_text.hpp"

namespace quarry::evaluation {
namespace {

using detail::line_error;
using detail::read_whole_file;

constexpr std::string_view kExpected = "expected 'qid Q0 docid rank score tag'";
constexpr std::size_t kFields = 6;  // fields after the tag are ignored, as trec_eval does

// atof()/atol() in trec_eval take a leading '+'; from_chars does not.
std::string_view without_plus(std::string_view text) {
    if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
    return text;
}

bool parse_rank(std::string_view text, int& value) {
    text = without_plus(text);
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    return error == std::errc() && stop == end;
}

// A decimal or scientific number, or an infinity; NaN would make the ranking undefined.
bool parse_score(std::string_view text, double& value) {
    text = without_plus(text);
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value, std::chars_format::general);
    return error == std::errc() && stop == end && !std::isnan(value);
}

struct Duplicate {
    std::size_t line = std::numeric_limits<std::size_t>::max();  // the later of the two lines
    std::size_t first_line = 0;
    std::size_t byte = 0;
    std::string qid;
    std::string docid;
};

}  // namespace

Run parse_run(std::string_view text, const std::string& file) {
    Run run;
    // Where each entry came from, to report duplicates by line once the file is read.
    struct Origin {
        std::size_t line;
        std::size_t docid_offset;
    };
    std::map<std::string, std::vector<Origin>> origins;
    auto current = run.results.end();  // runs come grouped by query: skip the map look-up
    auto current_origins = origins.end();

    detail::for_each_record<kFields>(text, file, [&](const auto& fields, std::size_t count, std::size_t line_number,
                                                     std::size_t line_offset) {
        if (count < kFields) throw detail::field_count_error(file, line_number, line_offset, kExpected, count);
        RunEntry entry;
        if (!parse_rank(fields[3].text, entry.rank)) {
            throw line_error(file, line_number, fields[3].offset,
                             std::string(kExpected).append(", but rank '").append(fields[3].text)
                                 .append("' is not an integer"));
        }
        if (!parse_score(fields[4].text, entry.score)) {
            throw line_error(file, line_number, fields[4].offset,
                             std::string(kExpected).append(", but score '").append(fields[4].text)
                                 .append("' is not a number"));
        }
        entry.docid = std::string(fields[2].text);
        if (current == run.results.end() || current->first != fields[0].text) {
            current = run.results.try_emplace(std::string(fields[0].text)).first;
            current_origins = origins.try_emplace(current->first).first;
        }
        current->second.push_back(std::move(entry));
        current_origins->second.push_back({line_number, fields[2].offset});
    });

    // trec_eval stops at a document retrieved twice for one query; report the earliest such line.
    Duplicate duplicate;
    for (const auto& [qid, entries] : run.results) {
        const std::vector<Origin>& where = origins.at(qid);
        std::vector<std::size_t> order(entries.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return entries[a].docid < entries[b].docid; });
        for (std::size_t i = 1; i < order.size(); ++i) {
            const std::size_t first = order[i - 1];
            const std::size_t second = order[i];
            if (entries[first].docid != entries[second].docid || where[second].line >= duplicate.line) continue;
            // Equal docids are in file order (stable sort), so `first` is the earlier line.
            duplicate = {where[second].line, where[first].line, where[second].docid_offset, qid, entries[second].docid};
        }
    }
    if (duplicate.line != std::numeric_limits<std::size_t>::max()) {
        throw line_error(file, duplicate.line, duplicate.byte,
                         std::string("document '").append(duplicate.docid).append("' is retrieved twice for query '")
                             .append(duplicate.qid).append("' (first on line ")
                             .append(std::to_string(duplicate.first_line))
                             .append("); trec_eval rejects runs with duplicate documents"));
    }
    return run;
}

Run read_run(const std::filesystem::path& path) { return parse_run(read_whole_file(path), path.string()); }

std::vector<RunEntry> trec_order(std::vector<RunEntry> entries, std::size_t max_results) {
    // form_res_rels.c, comp_sim_docno: score descending, then strcmp(docid2, docid1), i.e. docid
    // descending. std::string compares bytes as unsigned char, like strcmp.
    std::sort(entries.begin(), entries.end(), [](const RunEntry& a, const RunEntry& b) {
        if (a.score != b.score) return a.score > b.score;
        return a.docid > b.docid;
    });
    if (max_results != 0 && entries.size() > max_results) entries.resize(max_results);
    return entries;
}

}  // namespace quarry::evaluation
