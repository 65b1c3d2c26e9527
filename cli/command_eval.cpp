// quarry eval QRELS RUN, and quarry eval --collection DIR (index, run, evaluate).
#include <fstream>
#include <random>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "build_index.hpp"
#include "commands.hpp"
#include "quarry/errors.hpp"
#include "quarry/evaluation.hpp"
#include "quarry/index.hpp"

namespace quarry::cli {
namespace {

struct EvalArguments {
    std::vector<std::string> files;  // QRELS RUN
    std::string collection;
    std::string index;               // where --collection builds its index (default: a temp dir)
    bool all_queries = false;
    bool per_query = false;
    bool json = false;
    bool no_stem = false;
    bool no_stop_words = false;
    Bm25Params bm25;
    double title_weight = 0;
    bool rm3 = false;
};

void print_report(const evaluation::EvalReport& report, const EvalArguments& args, const std::string& title) {
    if (args.json) {
        nlohmann::json out = {{"queries", report.queries}, {"mean", report.mean}};
        if (args.per_query)
            for (const auto& [qid, scores] : report.per_query) out["per_query"][qid] = scores.metrics;
        fmt::print("{}\n", out.dump(2));
        return;
    }
    if (args.per_query)
        for (const auto& [qid, scores] : report.per_query)
            for (auto measure : evaluation::kMeasures)
                fmt::print("{:<14}{:<10}{:.4f}\n", measure, qid, scores.metrics.at(std::string(measure)));
    if (!title.empty()) fmt::print("{}\n", title);
    fmt::print("{:<14}{:<10}{}\n", "num_q", "all", report.queries);
    for (auto measure : evaluation::kMeasures)
        fmt::print("{:<14}{:<10}{:.4f}\n", measure, "all", report.mean.at(std::string(measure)));
}

// Reads `qid<TAB>query` lines.
std::vector<std::pair<std::string, std::string>> read_queries(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw IoError("cannot open " + path.string());
    std::vector<std::pair<std::string, std::string>> queries;
    std::string line;
    for (std::uint64_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos)
            throw InputError(path.string(), number, -1,
                             path.string() + ":" + std::to_string(number) + ": expected 'qid<TAB>query'");
        queries.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
    return queries;
}

int evaluate_collection(const EvalArguments& args) {
    const std::filesystem::path dir(args.collection);
    for (const char* name : {"docs.jsonl", "queries.tsv", "qrels.txt"})
        if (!std::filesystem::exists(dir / name))
            throw Error(dir.string() + " is not a test collection: it has no " + name +
                        " (a collection folder holds docs.jsonl, queries.tsv and qrels.txt)");
    BuildRequest request;
    const bool temporary = args.index.empty();
    request.index = temporary ? std::filesystem::temp_directory_path() /
                                    std::string("quarry-eval-").append(std::to_string(std::random_device{}()))
                              : std::filesystem::path(args.index);
    request.corpus = {dir / "docs.jsonl"};
    request.replace_existing = true;
    request.options.analyzer.stem = !args.no_stem;
    request.options.analyzer.stop_words = !args.no_stop_words;
    const BuildReport built = build_index(request);

    evaluation::Run run;
    {
        const Index index = Index::open(request.index);
        SearchOptions options;
        options.k = 1000;
        options.plain_text = true;
        options.snippets = false;
        options.stored_fields = false;
        options.bm25 = args.bm25;
        options.title_weight = args.title_weight;
        options.rm3.enabled = args.rm3;
        for (const auto& [qid, query] : read_queries(dir / "queries.tsv")) {
            auto& entries = run.results[qid];
            try {
                int rank = 0;
                for (const Hit& hit : index.search(query, options).hits) entries.push_back({hit.id, hit.score, ++rank});
            } catch (const QuerySyntaxError& error) {
                fmt::print(stderr, "quarry: query {} gives no results: {}\n", qid, error.what());
            }
        }
    }
    if (temporary) std::filesystem::remove_all(request.index);

    evaluation::EvalOptions options;
    options.all_queries = true;  // as the reference figures were measured (trec_eval -c)
    const auto report = evaluation::evaluate(evaluation::read_qrels(dir / "qrels.txt"), run, options);
    print_report(report, args,
                 args.json ? std::string()
                           : fmt::format("{}: {} documents, BM25 k1={} b={} k3={}, title weight {}, RM3 {}, stemming {}, stop words {}",
                                         dir.filename().string(), built.documents, args.bm25.k1, args.bm25.b, args.bm25.k3,
                                         args.title_weight, args.rm3 ? "on" : "off", args.no_stem ? "off" : "on",
                                         args.no_stop_words ? "kept" : "removed"));
    return 0;
}

int run_eval(const EvalArguments& args) {
    if (!args.collection.empty()) {
        if (!args.files.empty()) throw Error("give either QRELS RUN or --collection DIR, not both");
        return evaluate_collection(args);
    }
    if (args.files.size() != 2) throw Error("quarry eval needs QRELS and RUN (or --collection DIR); see quarry eval --help");
    evaluation::EvalOptions options;
    options.all_queries = args.all_queries;
    print_report(evaluation::evaluate(evaluation::read_qrels(args.files[0]), evaluation::read_run(args.files[1]), options),
                 args, "");
    return 0;
}

}  // namespace

Action add_eval_command(CLI::App& app) {
    auto args = std::make_shared<EvalArguments>();
    app.add_option("QRELS RUN", args->files, "Relevance judgments (qid iter docid rel) and a TREC run")->expected(0, 2);
    app.add_option("--collection", args->collection,
                   "Evaluate a whole test collection folder (docs.jsonl, queries.tsv, qrels.txt): index it, run "
                   "its queries as plain text, evaluate with every judged query counted (trec_eval -c)");
    app.add_option("--index", args->index, "With --collection: build the index here (replaced) and keep it");
    app.add_flag("-c,--all-queries", args->all_queries,
                 "Average over every query of the qrels; a query missing from the run scores 0 (trec_eval -c)");
    app.add_flag("-q,--per-query", args->per_query, "Also print every query's figures");
    app.add_flag("--json", args->json, "Output as JSON");
    app.add_flag("--no-stem", args->no_stem, "With --collection: index without stemming");
    app.add_flag("--no-stopwords", args->no_stop_words, "With --collection: keep stop words");
    app.add_option("--k1", args->bm25.k1, "BM25 k1")->capture_default_str()->check(CLI::Range(0.0, 100.0));
    app.add_option("--b", args->bm25.b, "BM25 b")->capture_default_str()->check(CLI::Range(0.0, 1.0));
    app.add_option("--k3", args->bm25.k3, "BM25 k3 (repeated query words)")->capture_default_str()->check(CLI::Range(0.0, 1000.0));
    app.add_option("--title-weight", args->title_weight,
                   "Per-field BM25: words also score in the title, with this weight (0: off)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 100.0));
    app.add_flag("--rm3", args->rm3, "RM3 pseudo-relevance feedback (10 documents, 10 terms, original weight 0.5)");
    app.footer("Measures as trec_eval computes them: map (first 1000 results), recip_rank, mrr_10, P_10,\n"
               "recall_100, recall_1000, ndcg_cut_10.\n"
               "Examples:\n  quarry eval qrels.txt run.trec\n  quarry eval --collection ../shared/corpora/scifact");
    return [args] { return run_eval(*args); };
}

}  // namespace quarry::cli
