#include "support/run_command.hpp"

#include <cstdlib>
#include <sys/wait.h>

#include "support/temp_dir.hpp"

namespace quarry::testing {

std::string shell_quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

CommandResult run_command(const std::string& command, const std::string& input) {
    TempDir scratch;
    write_file(scratch / "in", input);
    const std::string line = command + " <" + shell_quote((scratch / "in").string()) + " >" +
                             shell_quote((scratch / "out").string()) + " 2>" + shell_quote((scratch / "err").string());
    const int status = std::system(line.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(scratch / "out");
    result.err = read_file(scratch / "err");
    return result;
}

}  // namespace quarry::testing
