// quarry inspect INDEX [--term WORD]
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "quarry/index.hpp"

namespace quarry::cli {
namespace {

struct InspectArguments {
    std::string index;
    std::string term;
    bool json = false;
    std::size_t limit = 20;
};

int inspect_term(const Index& index, const InspectArguments& args) {
    const auto report = index.term(args.term, args.limit);
    if (args.json) {
        nlohmann::json fields = nlohmann::json::array();
        for (const auto& field : report) {
            nlohmann::json postings = nlohmann::json::array();
            for (const auto& posting : field.postings)
                postings.push_back({{"doc", posting.doc}, {"id", posting.id}, {"freq", posting.freq}, {"positions", posting.positions}});
            fields.push_back({{"field", field.field}, {"term", field.term}, {"doc_freq", field.doc_freq},
                              {"total_freq", field.total_freq}, {"postings", postings}});
        }
        fmt::print("{}\n", nlohmann::json{{"word", args.term}, {"fields", fields}}.dump(2));
        return 0;
    }
    for (const auto& field : report) {
        fmt::print("{}:{}  document frequency {}, {} occurrences\n", field.field, field.term, field.doc_freq, field.total_freq);
        for (const auto& posting : field.postings) {
            std::string positions;
            for (auto position : posting.positions) {
                if (!positions.empty()) positions += ' ';
                positions += std::to_string(position);
            }
            fmt::print("  doc {:>6}  {:<24} tf {:>3}  positions {}\n", posting.doc, posting.id, posting.freq, positions);
        }
        if (field.postings.size() < field.doc_freq)
            fmt::print("  ... {} more (--limit)\n", field.doc_freq - field.postings.size());
    }
    return 0;
}

int run_inspect(const InspectArguments& args) {
    Index index = Index::open(args.index);
    if (!args.term.empty()) return inspect_term(index, args);
    const IndexInfo info = index.info();
    std::uint64_t total_bytes = 0;
    for (const auto& [component, bytes] : info.bytes_per_component) total_bytes += bytes;
    if (args.json) {
        nlohmann::json out = {{"documents", info.documents},
                              {"deleted_documents", info.deleted_documents},
                              {"segments", info.segments},
                              {"generation", info.generation},
                              {"analyzer", {{"stemming", info.analyzer.stem}, {"stop_words", info.analyzer.stop_words}}},
                              {"bytes", total_bytes}};
        for (const auto& [field, count] : info.terms_per_field) out["terms"][field] = count;
        for (const auto& [field, count] : info.postings_per_field) out["postings"][field] = count;
        for (const auto& [field, bytes] : info.postings_bytes_per_field) out["postings_bytes"][field] = bytes;
        for (const auto& [field, bytes] : info.positions_bytes_per_field) out["positions_bytes"][field] = bytes;
        for (const auto& [field, length] : info.average_length_per_field) out["average_length"][field] = length;
        for (const auto& [component, bytes] : info.bytes_per_component) out["bytes_per_component"][component] = bytes;
        fmt::print("{}\n", out.dump(2));
        return 0;
    }
    fmt::print("index        {}\n", args.index);
    fmt::print("documents    {}{}\n", info.documents,
               info.deleted_documents ? fmt::format(" (and {} deleted, dropped at the next merge: quarry optimize)", info.deleted_documents)
                                      : std::string());
    fmt::print("segments     {} (commit generation {})\n", info.segments, info.generation);
    fmt::print("analyzer     English stemming {}, stop words {}\n", info.analyzer.stem ? "on" : "off",
               info.analyzer.stop_words ? "removed" : "kept");
    // Postings and positions bytes: each field's share of those two files (the pairs' lists
    // hold no positions).
    fmt::print("\n{:<10} {:>12} {:>14} {:>16} {:>16} {:>16}\n", "field", "terms", "postings", "average length", "postings bytes",
               "positions bytes");
    for (std::size_t i = 0; i < info.terms_per_field.size(); ++i) {
        std::string average = "-";
        for (const auto& [field, length] : info.average_length_per_field)
            if (field == info.terms_per_field[i].first) average = fmt::format("{:.2f}", length);
        fmt::print("{:<10} {:>12} {:>14} {:>16} {:>16} {:>16}\n", info.terms_per_field[i].first, info.terms_per_field[i].second,
                   info.postings_per_field[i].second, average, info.postings_bytes_per_field[i].second,
                   info.positions_bytes_per_field[i].second);
    }
    fmt::print("\n{:<10} {:>14} {:>7}\n", "component", "bytes", "share");
    for (const auto& [component, bytes] : info.bytes_per_component)
        fmt::print("{:<10} {:>14} {:>6.1f}%\n", component, bytes,
                   total_bytes ? 100.0 * static_cast<double>(bytes) / static_cast<double>(total_bytes) : 0.0);
    fmt::print("{:<10} {:>14}\n", "total", total_bytes);
    return 0;
}

}  // namespace

Action add_inspect_command(CLI::App& app) {
    auto args = std::make_shared<InspectArguments>();
    app.add_option("INDEX", args->index, "Directory of the index")->required();
    app.add_option("--term", args->term, "Show one word's document frequency and postings");
    app.add_option("--limit", args->limit, "Postings to list with --term")->capture_default_str();
    app.add_flag("--json", args->json, "Output as JSON");
    return [args] { return run_inspect(*args); };
}

}  // namespace quarry::cli
