// What the server lets web browsers do, applied to every request before the front door:
//   - DNS rebinding: a request whose Host header names neither a loopback name or address
//     (localhost, *.localhost, 127.0.0.0/8, ::1) nor the address the server was told to listen
//     on (--host; with a wildcard such as 0.0.0.0, any IP literal) is refused with 403.
//   - CORS is off unless origins are named (--cors-origin, repeatable): a request from a named
//     origin gets AWS's Access-Control-* headers and its preflight (OPTIONS) AWS's answer, with the
//     origin itself rather than AWS's "*"; a request carrying any other Origin is refused with 403
//     before it reaches an action, so a page on another website cannot drive the local API. An
//     Origin naming the request's own Host (a page this server served, the console, calling it
//     back) is same-origin: allowed, without CORS headers.
// Shared by `kinesisctl serve` and anything else serving the API to browsers. Immutable after
// construction; thread-safe.
#ifndef KINESISCTL_SERVER_HTTP_BROWSER_POLICY_H_
#define KINESISCTL_SERVER_HTTP_BROWSER_POLICY_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/http_types.h"

namespace kinesisctl::server {

class BrowserPolicy {
 public:
  // `bound_host`: the --host value; `origins`: the --cors-origin values
  // ("https://console.example:8443", scheme://host[:port], compared exactly, case-insensitively).
  BrowserPolicy(std::string bound_host, std::vector<std::string> origins);

  struct Decision {
    std::optional<HttpResponse> answer;                        // answer this instead
    std::vector<std::pair<std::string, std::string>> headers;  // else add these to the answer
  };
  Decision Check(const HttpRequest& request) const;

  // Whether the Host header value ("name", "name:port", "[v6]:port") may reach this server.
  bool HostAllowed(std::string_view host_header) const;
  bool OriginAllowed(std::string_view origin) const;

 private:
  std::string bound_host_;
  bool bound_wildcard_;
  std::vector<std::string> origins_;
};

// True for a valid --cors-origin value: http:// or https:// followed by a host and an optional
// port, nothing else (no path, no trailing slash, not "*").
bool IsValidOrigin(std::string_view origin);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_HTTP_BROWSER_POLICY_H_
