// CurlTransport: the production HttpTransport on libcurl. One easy handle per transport, reused
// across Send calls, so libcurl keeps the connection alive between requests of one client.
// Connect and total timeouts; a cap on the response body; TLS peer and host verification always on
// (a CA bundle such as AWS_CA_BUNDLE can replace the system store); an explicit proxy or none
// (libcurl's own environment lookup is disabled so the choice is ours and testable: see
// ProxyFromEnvironment). libcurl itself is loaded on first use (see curl_library.h). Not
// thread-safe: one transport per thread.
#ifndef KINESISCTL_AWS_CURL_TRANSPORT_H_
#define KINESISCTL_AWS_CURL_TRANSPORT_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "aws/environment.h"
#include "signing/http_transport.h"

namespace kinesisctl::aws {

struct CurlLibrary;

struct ProxySettings {
  std::string proxy;     // e.g. http://proxy:3128; empty: none
  std::string no_proxy;  // comma-separated hosts that bypass the proxy
};

// The proxy the AWS SDKs would use for a URL of `scheme` ("http"/"https"): https_proxy /
// HTTPS_PROXY or http_proxy / HTTP_PROXY, with no_proxy / NO_PROXY.
ProxySettings ProxyFromEnvironment(const Environment& env, std::string_view scheme);

// The status code of an answer larger than max_body_bytes. Not retried: the same endpoint would
// send it again.
inline constexpr char kResponseTooLarge[] = "ResponseTooLarge";

struct CurlTransportOptions {
  // How long connecting (TCP, then TLS) may take; never more than the request's own timeout.
  Duration connect_timeout = std::chrono::seconds(3);
  std::string ca_bundle;  // empty: the system's trust store
  ProxySettings proxy;
  // The largest response body accepted (GetRecords answers at most 10 MiB of data, about 14 MiB
  // in base64 JSON); a larger one, announced or streamed, fails the call naming the endpoint.
  size_t max_body_bytes = size_t{64} << 20;
};

// What went wrong with an exchange that got no HTTP answer, as libcurl reported it.
struct TransportFailure {
  std::string url;
  std::string detail;  // libcurl's own text
  Duration timeout{};
  Duration connect_timeout{};
  bool connected = false;  // the TCP (and TLS) connection was made
  bool timed_out = false;
  bool connection_refused = false;
  bool connection_reset = false;
  bool closed_without_answer = false;
};

// The message of a transport failure, naming the cause and the endpoint first: "connection
// refused to http://127.0.0.1:9", "no answer from URL within 2 s", "could not connect to URL
// within 3 s", "connection reset by URL", "URL closed the connection without an answer"; then
// libcurl's text in parentheses.
std::string DescribeTransportFailure(const TransportFailure& failure);

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlTransportOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  StatusOr<HttpResponse> Send(const HttpRequest& request, Duration timeout) override;
  StatusOr<HttpResponse> SendStreaming(const HttpRequest& request, Duration timeout,
                                       const BodyCallback& on_body) override;

 private:
  StatusOr<HttpResponse> Perform(const HttpRequest& request, Duration timeout,
                                 const BodyCallback* on_body);

  CurlTransportOptions options_;
  StatusOr<const CurlLibrary*> curl_;
  void* handle_ = nullptr;  // CURL*, kept out of this header
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_CURL_TRANSPORT_H_
