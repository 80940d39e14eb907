#include "server/http/browser_policy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "server/http/request_ids.h"

namespace kinesisctl::server {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The name part of a Host header value: "[::1]:80" -> "::1", "a.b:80" -> "a.b".
std::string HostName(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    return close == std::string_view::npos ? std::string() : Lower(host.substr(1, close - 1));
  }
  const size_t colon = host.find(':');
  if (colon != std::string_view::npos && host.find(':', colon + 1) == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  std::string name = Lower(host);
  if (!name.empty() && name.back() == '.') name.pop_back();  // "localhost." is "localhost"
  return name;
}

bool IsIpv4(const std::string& s, in_addr* out = nullptr) {
  in_addr a{};
  if (inet_pton(AF_INET, s.c_str(), &a) != 1) return false;
  if (out) *out = a;
  return true;
}

bool IsIpv6(const std::string& s, in6_addr* out = nullptr) {
  in6_addr a{};
  if (inet_pton(AF_INET6, s.c_str(), &a) != 1) return false;
  if (out) *out = a;
  return true;
}

bool IsLoopbackName(const std::string& name) {
  if (name == "localhost" || (name.size() > 10 && name.substr(name.size() - 10) == ".localhost")) {
    return true;
  }
  in_addr v4{};
  if (IsIpv4(name, &v4)) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (IsIpv6(name, &v6)) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

constexpr char kExposed[] =
    "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date";

HttpResponse Refusal(const std::string& message) {
  HttpResponse r;
  r.status = 403;
  r.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
  r.headers.emplace_back("x-amzn-RequestId", RequestId());
  r.headers.emplace_back("x-amz-id-2", ExtendedRequestId());
  r.headers.emplace_back("x-amzn-ErrorType", "AccessDeniedException");
  std::string body = R"({"__type":"AccessDeniedException","message":")";
  for (const char c : message) {
    if (c == '"' || c == '\\') body += '\\';
    if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f) body += c;
  }
  r.body = body + "\"}";
  return r;
}

// Header values quoted in refusals: printable ASCII, at most 200 characters.
std::string Quote(std::string_view v) {
  std::string out;
  for (const char c : v.substr(0, 200)) {
    out +=
        (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f) ? c : '?';
  }
  return v.size() > 200 ? out + "..." : out;
}

// Whether `origin` is http(s)://HOST for the request's own Host header value.
bool IsSameOrigin(std::string_view origin, std::string_view host) {
  const std::string o = Lower(origin), h = Lower(host);
  return o == "http://" + h || o == "https://" + h;
}

}  // namespace

bool IsValidOrigin(std::string_view origin) {
  std::string_view rest;
  if (origin.rfind("http://", 0) == 0) {
    rest = origin.substr(7);
  } else if (origin.rfind("https://", 0) == 0) {
    rest = origin.substr(8);
  } else {
    return false;
  }
  if (rest.empty()) return false;
  return std::all_of(rest.begin(), rest.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
           c == '[' || c == ']';
  });
}

BrowserPolicy::BrowserPolicy(std::string bound_host, std::vector<std::string> origins)
    : bound_host_(HostName(bound_host)),
      bound_wildcard_(bound_host_ == "0.0.0.0" || bound_host_ == "::" || bound_host_.empty()),
      origins_() {
  for (const auto& o : origins) origins_.push_back(Lower(o));
}

bool BrowserPolicy::HostAllowed(std::string_view host_header) const {
  const std::string name = HostName(host_header);
  if (name.empty()) return false;
  if (IsLoopbackName(name) || name == bound_host_) return true;
  return bound_wildcard_ && (IsIpv4(name) || IsIpv6(name));
}

bool BrowserPolicy::OriginAllowed(std::string_view origin) const {
  return std::find(origins_.begin(), origins_.end(), Lower(origin)) != origins_.end();
}

BrowserPolicy::Decision BrowserPolicy::Check(const HttpRequest& request) const {
  Decision d;
  // A request without Host (HTTP/1.0 tools) comes from no browser: browsers always send one.
  if (request.HasHeader("host") && !HostAllowed(request.Header("host"))) {
    d.answer = Refusal("Host '" + Quote(request.Header("host")) +
                       "' is neither a loopback name or address nor the address this server "
                       "listens on; the request is refused (DNS rebinding protection).");
    return d;
  }
  if (!request.HasHeader("origin")) return d;
  const std::string& origin = request.Header("origin");
  // Browsers send Origin on a same-origin POST too: a page this server served (the console)
  // calling it back. Its Host passed the check above, so the page came from this server.
  if (request.HasHeader("host") && IsSameOrigin(origin, request.Header("host"))) return d;
  if (!OriginAllowed(origin)) {
    d.answer = Refusal("Origin '" + Quote(origin) +
                       "' is not allowed; start the server with --cors-origin " + Quote(origin) +
                       " to let that site's pages call it.");
    return d;
  }
  d.headers.emplace_back("Access-Control-Allow-Origin", origin);
  d.headers.emplace_back("Vary", "Origin");
  if (request.method == "OPTIONS") {
    // AWS's preflight answer carries a request id but no x-amz-id-2.
    HttpResponse r;
    r.status = 200;
    r.headers = d.headers;
    r.headers.emplace_back("x-amzn-RequestId", RequestId());
    if (request.HasHeader("access-control-request-headers")) {
      r.headers.emplace_back("Access-Control-Allow-Headers",
                             request.Header("access-control-request-headers"));
    }
    if (request.HasHeader("access-control-request-method")) {
      r.headers.emplace_back("Access-Control-Allow-Methods",
                             request.Header("access-control-request-method"));
    }
    r.headers.emplace_back("Access-Control-Max-Age", "172800");
    d.answer = std::move(r);
    return d;
  }
  d.headers.emplace_back("Access-Control-Expose-Headers", kExposed);
  return d;
}

}  // namespace kinesisctl::server
