// HttpTransport: sends one HTTP request and returns the answer, or a kTransport Status for a
// connection failure, timeout or TLS error (never for an HTTP error status, which is returned as
// a response). The production implementation is libcurl with keep-alive (curl_transport.h);
// unit tests use fakes. Implementations document their own thread-safety.
#ifndef KINESISCTL_SIGNING_HTTP_TRANSPORT_H_
#define KINESISCTL_SIGNING_HTTP_TRANSPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"

namespace kinesisctl::aws {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string url;  // scheme://host[:port]/path[?query]
  Headers headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  Headers headers;  // names as received
  std::string body;

  // First header of that name, compared case-insensitively; empty when absent.
  std::string Header(const std::string& name) const;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // `timeout` bounds the whole exchange, connection included.
  virtual StatusOr<HttpResponse> Send(const HttpRequest& request, Duration timeout) = 0;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_SIGNING_HTTP_TRANSPORT_H_
