#include "server/actions/json_text.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace kinesisctl::server {

void AppendJsonString(std::string& out, std::string_view text) {
  // The common case (printable ASCII without quotes or backslashes) is copied as is; anything
  // else goes through nlohmann's serializer so escapes and replacements stay identical.
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out += nlohmann::json(std::string(text))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  out.append(text);
  out += '"';
}

void AppendTimestamp(std::string& out, int64_t ms) {
  char buf[64];
  const auto end = ms % 1000 == 0 ? std::to_chars(buf, buf + sizeof buf, ms / 1000).ptr
                                  : std::to_chars(buf, buf + sizeof buf, ms / 1000.0).ptr;
  out.append(buf, end);
}

}  // namespace kinesisctl::server
