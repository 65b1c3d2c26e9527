// quarry delete INDEX ID... and quarry optimize INDEX
#include <algorithm>
#include <fstream>

#include <fmt/core.h>

#include "commands.hpp"
#include "quarry/errors.hpp"
#include "quarry/index_writer.hpp"

namespace quarry::cli {
namespace {

struct DeleteArguments {
    std::string index;
    std::vector<std::string> ids;
    std::string delete_file;
};

int run_delete(const DeleteArguments& args) {
    if (!std::filesystem::exists(std::filesystem::path(args.index) / "MANIFEST"))
        throw Error(args.index + " holds no quarry index");
    std::vector<std::string> ids = args.ids;
    if (!args.delete_file.empty()) {
        std::ifstream in(args.delete_file);
        if (!in) throw IoError("cannot open " + args.delete_file);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (!line.empty()) ids.push_back(line);
        }
    }
    if (ids.empty()) throw Error("no ids to delete: give IDs or --delete-file FILE");
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    IndexWriter writer = IndexWriter::open(args.index, {});
    std::size_t deleted = 0;
    for (const auto& id : ids) {
        if (writer.remove(id)) ++deleted;
        else fmt::print(stderr, "quarry: no document with id '{}'\n", id);
    }
    writer.commit();
    fmt::print(stderr, "deleted {} of {} documents from {}\n", deleted, ids.size(), args.index);
    return deleted == ids.size() ? 0 : 1;
}

}  // namespace

Action add_delete_command(CLI::App& app) {
    auto args = std::make_shared<DeleteArguments>();
    app.add_option("INDEX", args->index, "Directory of the index")->required();
    app.add_option("ID", args->ids, "Ids of the documents to delete");
    app.add_option("--delete-file", args->delete_file, "A file of ids to delete, one per line");
    app.footer("Deletions are committed atomically and honoured by every query at once; quarry optimize drops\n"
               "the deleted documents from disk. Exit status 1 if an id was not found.");
    return [args] { return run_delete(*args); };
}

Action add_optimize_command(CLI::App& app) {
    auto index = std::make_shared<std::string>();
    app.add_option("INDEX", *index, "Directory of the index")->required();
    return [index] {
        if (!std::filesystem::exists(std::filesystem::path(*index) / "MANIFEST")) throw Error(*index + " holds no quarry index");
        IndexWriter writer = IndexWriter::open(*index, {});
        const auto before = writer.segment_count();
        writer.optimize();
        fmt::print(stderr, "merged {} segments into {} in {}\n", before, writer.segment_count(), *index);
        return 0;
    };
}

}  // namespace quarry::cli
