// Plain HTTP request and response values exchanged between the Beast listener and the rest of the
// server, so that nothing beyond src/server/http/listener.cc includes Boost.Beast. Header names
// in HttpRequest are lower-cased. Plain values; thread-compatible.
#ifndef KINESISCTL_SERVER_HTTP_HTTP_TYPES_H_
#define KINESISCTL_SERVER_HTTP_HTTP_TYPES_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace kinesisctl::server {

class BodyProducer;  // server/http/streaming.h

struct HttpRequest {
  std::string method;                          // "POST", "GET", ...
  std::string target;                          // "/" or "/?query"
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  // The value of header `name` (lower case), or "" when absent.
  const std::string& Header(const std::string& name) const {
    static const std::string kEmpty;
    auto it = headers.find(name);
    return it == headers.end() ? kEmpty : it->second;
  }
  bool HasHeader(const std::string& name) const { return headers.count(name) > 0; }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, `body` is unused: the body is streamed by the producer (server/http/streaming.h).
  std::shared_ptr<BodyProducer> producer;
};

// Called on a listener thread for each complete request; must be thread-safe.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_HTTP_HTTP_TYPES_H_
