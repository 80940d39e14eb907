// `kinesisctl serve`: parses the server's flags (docs/server.md), runs the
// Kinesis-compatible server until SIGTERM or SIGINT, and returns the exit status. Called by the
// CLI for its `serve` word. Blocks; call once per process.
#ifndef KINESISCTL_SERVER_SERVE_MAIN_H_
#define KINESISCTL_SERVER_SERVE_MAIN_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace kinesisctl::server {

int RunServe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_SERVE_MAIN_H_
