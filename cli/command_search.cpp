// quarry search INDEX [QUERY]: one query, or an interactive prompt.
#include <chrono>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include <editline/readline.h>
#include <fmt/core.h>
#include <unistd.h>

#include "commands.hpp"
#include "output.hpp"
#include "quarry/errors.hpp"
#include "quarry/index.hpp"

namespace quarry::cli {
namespace {

struct SearchArguments {
    std::string index;
    std::vector<std::string> query;
    std::size_t k = 10;
    bool json = false;
    bool trec = false;
    bool explain = false;
    bool no_snippets = false;
    double k1 = Bm25Params{}.k1;
    double b = Bm25Params{}.b;
    double k3 = Bm25Params{}.k3;
    std::string colour = "auto";
    std::string queries_file;
    bool plain = false;
    std::string run_tag = "quarry";
    bool k_given = false;
    double title_weight = 0;
    bool rm3 = false;
    bool count = false;
    std::string algorithm = "auto";
};

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        if (!out.empty()) out += ' ';
        out += word;
    }
    return out;
}

// Runs one query; returns false when the query was rejected (the message is printed).
bool run_query(const Index& index, const std::string& query, const SearchOptions& options, const OutputStyle& style,
               bool show_timing) {
    const auto started = std::chrono::steady_clock::now();
    SearchResults results;
    try {
        results = index.search(query, options);
    } catch (const QuerySyntaxError& error) {
        print_query_error(query, error);
        return false;
    }
    const double milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (options.count_only) {
        fmt::print("{}\n", results.matches);
        return true;
    }
    print_results(results, "1", style);
    if (show_timing)
        fmt::print("({}, {:.3f} ms)\n",
                   results.matches_exact ? fmt::format("{} of {} matching documents", results.hits.size(), results.matches)
                                         : fmt::format("{} hits, {} documents scored", results.hits.size(), results.matches),
                   milliseconds);
    else if (results.hits.empty() && style.format == OutputFormat::Text)
        fmt::print(stderr, "no documents match {}\n", results.parsed_query);
    return true;
}

int interactive(const Index& index, const SearchOptions& options, const OutputStyle& style) {
    const bool terminal = ::isatty(STDIN_FILENO);
    std::string history_file;
    if (terminal) {
        if (const char* home = std::getenv("HOME")) history_file = std::string(home) + "/.quarry_history";
        using_history();
        if (!history_file.empty()) read_history(history_file.c_str());
        fmt::print(stderr, "{} documents. Type a query, or Ctrl-D to quit.\n", index.document_count());
    }
    while (true) {
        std::string line;
        if (terminal) {
            char* input = readline("quarry> ");
            if (!input) break;
            line = input;
            std::free(input);
            if (line.find_first_not_of(" \t") != std::string::npos) {
                add_history(line.c_str());
                if (!history_file.empty()) write_history(history_file.c_str());
            }
        } else if (!std::getline(std::cin, line)) {
            break;
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        run_query(index, line, options, style, style.format == OutputFormat::Text);
        std::fflush(stdout);
    }
    if (terminal) fmt::print(stderr, "\n");
    return 0;
}

// Runs every query of a query file and writes one TREC run (or JSON Lines) to standard output.
int run_query_file(const Index& index, const SearchArguments& args, SearchOptions options, const OutputStyle& style) {
    std::ifstream in(args.queries_file);
    if (!in) throw IoError("cannot open query file " + args.queries_file + ": " + std::strerror(errno));
    options.snippets = false;
    options.stored_fields = style.format == OutputFormat::Json;
    std::size_t failed = 0, count = 0, line_number = 0;
    std::string line;
    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const std::size_t tab = line.find('\t');
        const std::string qid = tab == std::string::npos ? std::to_string(line_number) : line.substr(0, tab);
        const std::string query = tab == std::string::npos ? line : line.substr(tab + 1);
        ++count;
        try {
            print_results(index.search(query, options), qid, style);
        } catch (const QuerySyntaxError& error) {
            ++failed;
            fmt::print(stderr, "quarry: {}:{}: query {} gives no results: {}\n", args.queries_file, line_number, qid, error.what());
        }
    }
    fmt::print(stderr, "ran {} queries from {}{}\n", count, args.queries_file,
               failed ? fmt::format(" ({} could not be run)", failed) : std::string());
    return 0;
}

int run_search(const SearchArguments& args) {
    Index index = Index::open(args.index);
    SearchOptions options;
    options.k = args.k_given || args.queries_file.empty() ? args.k : 1000;
    options.plain_text = args.plain;
    options.title_weight = args.title_weight;
    options.rm3.enabled = args.rm3;
    options.count_only = args.count;
    options.algorithm = parse_algorithm(args.algorithm);
    options.explain = args.explain;
    options.snippets = !args.no_snippets && !args.trec;
    options.bm25 = {args.k1, args.b, args.k3};
    OutputStyle style;
    style.format = args.json ? OutputFormat::Json : args.trec ? OutputFormat::Trec : OutputFormat::Text;
    style.colour = args.colour == "always" || (args.colour == "auto" && wants_colour(stdout));
    style.run_tag = args.run_tag;
    if (!args.queries_file.empty()) {
        if (!args.query.empty()) throw Error("give either a QUERY or --queries FILE, not both");
        if (style.format == OutputFormat::Text) style.format = OutputFormat::Trec;
        return run_query_file(index, args, options, style);
    }
    if (args.query.empty()) return interactive(index, options, style);
    return run_query(index, join(args.query), options, style, false) ? 0 : 1;
}

}  // namespace

Action add_search_command(CLI::App& app) {
    auto args = std::make_shared<SearchArguments>();
    app.add_option("INDEX", args->index, "Directory of the index")->required();
    app.add_option("QUERY", args->query,
                   "The query; without one, an interactive prompt reads queries line by line. Syntax: "
                   "words (ranked OR), \"a phrase\", +required, -excluded, AND/OR/NOT with (parentheses), "
                   "title:word, prefix*");
    app.add_option_function<std::size_t>(
           "-k,--top", [args](std::size_t k) { args->k = k, args->k_given = true; },
           "Number of results (default 10; 1000 with --queries)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--queries", args->queries_file,
                   "Run every query of FILE (lines 'qid<TAB>query', or one query per line) and write a TREC run");
    app.add_flag("--plain", args->plain,
                 "Read queries as plain text (every word, ranked OR; no operators): for natural-language queries");
    app.add_option("--run-tag", args->run_tag, "Tag in the last column of TREC output")->capture_default_str();
    auto* json = app.add_flag("--json", args->json, "One JSON object per result (JSON Lines)");
    app.add_flag("--trec", args->trec, "TREC run format: qid Q0 docid rank score tag")->excludes(json);
    app.add_flag("--explain", args->explain, "Show how each score is made up");
    app.add_flag("--no-snippets", args->no_snippets, "Do not show snippets");
    app.add_option("--k1", args->k1, "BM25 k1 (term frequency saturation)")->capture_default_str()->check(CLI::Range(0.0, 100.0));
    app.add_option("--b", args->b, "BM25 b (length normalisation, 0 to 1)")->capture_default_str()->check(CLI::Range(0.0, 1.0));
    app.add_option("--k3", args->k3, "BM25 k3 (saturation of repeated query words)")->capture_default_str()->check(CLI::Range(0.0, 1000.0));
    app.add_option("--title-weight", args->title_weight,
                   "Per-field BM25: words also score in the title, with this weight (0: off)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 100.0));
    app.add_flag("--count", args->count, "Print only the number of matching documents (nothing is scored)");
    app.add_option("--algorithm", args->algorithm,
                   "Top-k algorithm, to compare them: auto, exhaustive, maxscore or bmw (all give the same results)")
        ->check(CLI::IsMember({"auto", "exhaustive", "maxscore", "bmw"}))
        ->capture_default_str();
    app.add_flag("--rm3", args->rm3, "RM3 pseudo-relevance feedback (10 documents, 10 terms, original weight 0.5)");
    app.add_option("--colour,--color", args->colour, "Highlight with colour: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    app.footer("Examples:\n  quarry search news \"smart factory\"\n  quarry search news 'title:xiaomi -phone'\n"
               "  quarry search news            (interactive)");
    return [args] { return run_search(*args); };
}

}  // namespace quarry::cli
