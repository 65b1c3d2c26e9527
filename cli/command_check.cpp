// quarry check INDEX
#include <fmt/core.h>

#include "commands.hpp"
#include "quarry/index.hpp"

namespace quarry::cli {

Action add_check_command(CLI::App& app) {
    auto index_dir = std::make_shared<std::string>();
    app.add_option("INDEX", *index_dir, "Directory of the index")->required();
    return [index_dir] {
        Index index = Index::open(*index_dir);
        index.check();
        const IndexInfo info = index.info();
        fmt::print("{}: OK ({} documents in {} segments, every checksum and invariant verified)\n", *index_dir,
                   info.documents, info.segments);
        return 0;
    };
}

}  // namespace quarry::cli
