#include "output.hpp"

#include <cstdlib>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace quarry::cli {
namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kHighlight = "\x1b[1;33m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";

}  // namespace

TopKAlgorithm parse_algorithm(const std::string& name) {
    if (name == "exhaustive") return TopKAlgorithm::Exhaustive;
    if (name == "maxscore") return TopKAlgorithm::MaxScore;
    if (name == "bmw") return TopKAlgorithm::BlockMaxWand;
    return TopKAlgorithm::Auto;
}

bool wants_colour(std::FILE* stream) {
    const char* no_colour = std::getenv("NO_COLOR");
    return ::isatty(::fileno(stream)) && !(no_colour && *no_colour);
}

std::string render_snippet(const Hit& hit, bool colour) {
    std::string out;
    std::size_t copied = 0;
    for (const Highlight& mark : hit.highlights) {
        out.append(hit.snippet, copied, mark.begin - copied);
        out += colour ? kHighlight : "[";
        out.append(hit.snippet, mark.begin, mark.end - mark.begin);
        out += colour ? kReset : "]";
        copied = mark.end;
    }
    out.append(hit.snippet, copied);
    return out;
}

void print_results(const SearchResults& results, std::string_view query_id, const OutputStyle& style) {
    std::size_t rank = 0;
    for (const Hit& hit : results.hits) {
        ++rank;
        switch (style.format) {
            case OutputFormat::Trec:
                fmt::print("{} Q0 {} {} {:.6f} {}\n", query_id, hit.id, rank, hit.score, style.run_tag);
                break;
            case OutputFormat::Json: {
                nlohmann::json object = {{"query", query_id}, {"rank", rank}, {"score", hit.score}, {"id", hit.id},
                                         {"title", hit.title}, {"snippet", hit.snippet}};
                nlohmann::json highlights = nlohmann::json::array();
                for (const Highlight& mark : hit.highlights) highlights.push_back({mark.begin, mark.end});
                object["highlights"] = highlights;
                for (const auto& [name, value] : hit.extra) object["fields"][name] = value;
                if (!hit.explanation.empty()) {
                    nlohmann::json parts = nlohmann::json::array();
                    for (const auto& part : hit.explanation)
                        parts.push_back({{"clause", part.clause}, {"freq", part.freq}, {"length", part.length},
                                         {"average_length", part.average_length}, {"idf", part.idf},
                                         {"query_weight", part.query_weight}, {"score", part.score}});
                    object["explanation"] = parts;
                }
                fmt::print("{}\n", object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
                break;
            }
            case OutputFormat::Text: {
                fmt::print("{:>3}. {:8.4f}  {}{}{}  {}\n", rank, hit.score, style.colour ? kDim : "", hit.id,
                           style.colour ? kReset : "",
                           style.colour ? std::string(kBold) + hit.title + kReset : hit.title);
                if (!hit.snippet.empty()) fmt::print("     {}\n", render_snippet(hit, style.colour));
                for (const auto& part : hit.explanation)
                    fmt::print("       {:8.4f}  {}  (tf {}, length {}, average length {:.2f}, idf {:.4f}{})\n", part.score,
                               part.clause, part.freq, part.length, part.average_length, part.idf,
                               part.query_weight == 1 ? std::string() : fmt::format(", query weight {:.4f}", part.query_weight));
                break;
            }
        }
    }
}

void print_query_error(std::string_view query, const QuerySyntaxError& error) {
    fmt::print(stderr, "quarry: query error: {}\n", error.what());
    if (error.column() == 0) return;
    // Pad with the query's own white space so that tabs and wide text line the caret up.
    std::string pad;
    std::size_t column = 1;
    for (std::size_t i = 0; i < query.size() && column < error.column(); ++i) {
        const unsigned char c = static_cast<unsigned char>(query[i]);
        if ((c & 0xC0) == 0x80) continue;
        pad += c == '\t' ? '\t' : ' ';
        ++column;
    }
    fmt::print(stderr, "  {}\n  {}^\n", query, pad);
}

}  // namespace quarry::cli
