// Entry point of the `kinesisctl` command line: parses the global flags and the function call
// (Salt call style, see docs/guide.md), runs it, writes the result to stdout and logs to
// stderr, and returns the process exit status (0, 1 or 2). Not thread-safe (uses the process's
// streams).
#ifndef KINESISCTL_CLI_CLI_H_
#define KINESISCTL_CLI_CLI_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace kinesisctl::cli {

// Runs the command line `args` (without argv[0]).
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kinesisctl::cli

#endif  // KINESISCTL_CLI_CLI_H_
