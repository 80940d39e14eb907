// HttpTransport: sends one HTTP request and returns the answer, or a kTransport Status for a
// connection failure, timeout or TLS error (never for an HTTP error status, which is returned as
// a response). The production implementation is libcurl with keep-alive (curl_transport.h);
// unit tests use fakes. Implementations document their own thread-safety.
#ifndef KINESISCTL_SIGNING_HTTP_TRANSPORT_H_
#define KINESISCTL_SIGNING_HTTP_TRANSPORT_H_

#include <functional>
#include <string>
#include <string_view>
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

  // Receives a streamed answer's body as it arrives. An empty piece is a heartbeat (about once a
  // second while nothing arrives). Returning false ends the transfer early, which is not an
  // error.
  using BodyCallback = std::function<bool(std::string_view piece)>;
  // Like Send, but a 2xx answer's body goes to `on_body` as it arrives instead of into the
  // response (for event streams such as SubscribeToShard's); other answers are kept whole.
  // The default sends with Send and then hands over the whole body at once.
  virtual StatusOr<HttpResponse> SendStreaming(const HttpRequest& request, Duration timeout,
                                               const BodyCallback& on_body) {
    StatusOr<HttpResponse> response = Send(request, timeout);
    if (response.ok() && response->status >= 200 && response->status < 300) {
      on_body(response->body);
      response->body.clear();
    }
    return response;
  }
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_SIGNING_HTTP_TRANSPORT_H_
