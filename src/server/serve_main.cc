#include "server/serve_main.h"

#include <ostream>

namespace kinesisctl::server {

// Placeholder until the server lands (issue "kinesisctl serve, part 1").
int RunServe(const std::vector<std::string>&, std::ostream&, std::ostream& err) {
  err << "kinesisctl serve: the server is not built yet\n";
  return 2;
}

}  // namespace kinesisctl::server
