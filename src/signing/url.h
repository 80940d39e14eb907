// A minimal parser for the absolute http(s) URLs the AWS layer deals with (endpoints, metadata
// addresses): scheme://[userinfo@]host[:port][/path][?query]. Bracketed IPv6 hosts are kept
// with their brackets. Pure functions; thread-safe.
#ifndef KINESISCTL_SIGNING_URL_H_
#define KINESISCTL_SIGNING_URL_H_

#include <optional>
#include <string>
#include <string_view>

#include "kinesisctl/status.h"

namespace kinesisctl::aws {

struct Url {
  std::string scheme;       // "http" or "https", lower-case
  std::string host;         // lower-case; "[::1]" for IPv6
  std::optional<int> port;  // as written, when written
  std::string path;         // "" when absent
  std::string query;        // without '?'; "" when absent

  // The scheme's default port when none is written.
  int EffectivePort() const { return port ? *port : (scheme == "https" ? 443 : 80); }
  // host, plus ":port" when a non-default port is written.
  std::string Authority() const;
  // scheme://authority, without path or query.
  std::string Origin() const;
};

// Rejects anything but http/https, an empty host, a bad port, spaces and control characters;
// the message names the offending URL.
StatusOr<Url> ParseUrl(std::string_view text);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_SIGNING_URL_H_
