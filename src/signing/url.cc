#include "signing/url.h"

#include <algorithm>
#include <cctype>

namespace kinesisctl::aws {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Status Bad(std::string_view text, std::string_view why) {
  return InvalidInputError("invalid URL '" + std::string(text) + "': " + std::string(why));
}

}  // namespace

std::string Url::Authority() const {
  if (port && *port != (scheme == "https" ? 443 : 80)) return host + ":" + std::to_string(*port);
  return host;
}

std::string Url::Origin() const { return scheme + "://" + Authority(); }

StatusOr<Url> ParseUrl(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return Bad(text, "contains a space or control character");
    }
  }
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos) return Bad(text, "expected scheme://host");
  Url url;
  url.scheme = Lower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") {
    return Bad(text, "the scheme must be http or https");
  }
  std::string_view rest = text.substr(sep + 3);
  const size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view tail = end == std::string_view::npos ? "" : rest.substr(end);
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return Bad(text, "unterminated IPv6 address");
    url.host = Lower(authority.substr(0, close + 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Bad(text, "unexpected text after the IPv6 address");
      port_text = after.substr(1);
      if (port_text.empty()) return Bad(text, "empty port");
    }
  } else {
    const size_t colon = authority.find(':');
    url.host = Lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return Bad(text, "empty port");
    }
  }
  if (url.host.empty() || url.host == "[]") return Bad(text, "empty host");
  if (!port_text.empty()) {
    if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(),
                                             [](unsigned char c) { return std::isdigit(c); })) {
      return Bad(text, "the port must be a number");
    }
    const int port = std::stoi(std::string(port_text));
    if (port < 1 || port > 65535) return Bad(text, "the port must be in 1..65535");
    url.port = port;
  }
  if (const size_t hash = tail.find('#'); hash != std::string_view::npos) {
    tail = tail.substr(0, hash);
  }
  const size_t q = tail.find('?');
  url.path = std::string(tail.substr(0, q));
  if (q != std::string_view::npos) url.query = std::string(tail.substr(q + 1));
  return url;
}

}  // namespace kinesisctl::aws
