// Reading qrels files: "qid iter docid relevance" per line (trec_eval's get_qrels.c format).

#include <charconv>
#include <map>
#include <string>
#include <string_view>

#include "quarry/errors.hpp"
#include "quarry/evaluation.hpp"
#include "trec_text.hpp"

namespace quarry::evaluation {
namespace {

using detail::line_error;
using detail::read_whole_file;

constexpr std::string_view kExpected = "expected 'qid iter docid relevance'";

bool parse_relevance(std::string_view text, int& value) {
    // atol() in trec_eval also takes a leading '+'.
    if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    return error == std::errc() && stop == end;
}

}  // namespace

Qrels parse_qrels(std::string_view text, const std::string& file) {
    Qrels qrels;
    // Line of each judgment, to name both lines when a document is judged twice.
    std::map<std::string, std::map<std::string, std::size_t>> lines;
    detail::for_each_record<4>(text, file, [&](const auto& fields, std::size_t count, std::size_t line_number,
                                               std::size_t line_offset) {
        if (count != 4) throw detail::field_count_error(file, line_number, line_offset, kExpected, count);
        int relevance = 0;
        if (!parse_relevance(fields[3].text, relevance)) {
            throw line_error(file, line_number, fields[3].offset,
                             std::string(kExpected).append(", but relevance '").append(fields[3].text)
                                 .append("' is not an integer"));
        }
        const std::string qid(fields[0].text);
        const std::string docid(fields[2].text);
        const auto [seen, fresh] = lines[qid].emplace(docid, line_number);
        if (!fresh) {
            throw line_error(file, line_number, fields[2].offset,
                             std::string("document '").append(docid).append("' is judged twice for query '")
                                 .append(qid).append("' (first on line ").append(std::to_string(seen->second))
                                 .append("); trec_eval rejects duplicate judgments"));
        }
        qrels.judgments[qid].emplace(docid, relevance);
    });
    return qrels;
}

Qrels read_qrels(const std::filesystem::path& path) { return parse_qrels(read_whole_file(path), path.string()); }

}  // namespace quarry::evaluation
