// Runs a command line through the shell and captures what it printed and how it exited.
#pragma once

#include <string>

namespace quarry::testing {

struct CommandResult {
    int exit_code = -1;
    std::string out;  ///< standard output
    std::string err;  ///< standard error
};

/// Runs `command` with /bin/sh, with standard input from `input` (may be empty).
CommandResult run_command(const std::string& command, const std::string& input = "");

/// Quotes `text` for the shell.
std::string shell_quote(const std::string& text);

}  // namespace quarry::testing
