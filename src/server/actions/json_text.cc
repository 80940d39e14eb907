#include "server/actions/json_text.h"

#include <charconv>

namespace kinesisctl::server {

void AppendTimestamp(std::string& out, int64_t ms) {
  char buf[64];
  const auto end = ms % 1000 == 0 ? std::to_chars(buf, buf + sizeof buf, ms / 1000).ptr
                                  : std::to_chars(buf, buf + sizeof buf, ms / 1000.0).ptr;
  out.append(buf, end);
}

}  // namespace kinesisctl::server
