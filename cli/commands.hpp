// One function per subcommand: each registers its options on the parser and returns the action
// to run when that subcommand is chosen.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace quarry::cli {

using Action = std::function<int()>;

Action add_index_command(CLI::App& app);
Action add_search_command(CLI::App& app);
Action add_inspect_command(CLI::App& app);
Action add_check_command(CLI::App& app);
Action add_eval_command(CLI::App& app);
Action add_bench_command(CLI::App& app);
Action add_delete_command(CLI::App& app);
Action add_optimize_command(CLI::App& app);

}  // namespace quarry::cli
