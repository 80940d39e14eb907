#include "aws/curl_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include "aws/testing/loopback_http_server.h"

namespace kinesisctl::aws {
namespace {

using testing::LoopbackHttpServer;
using testing::ReceivedRequest;

HttpResponse Echo(const ReceivedRequest& r) {
  HttpResponse out;
  out.status = r.target == "/missing" ? 404 : 200;
  out.headers = {{"X-Echo-Method", r.method}, {"x-amzn-RequestId", "rid"}};
  out.body = r.body;
  return out;
}

TEST(CurlTransportTest, RoundTripAndKeepAlive) {
  LoopbackHttpServer server(Echo);
  CurlTransport transport;
  for (int i = 0; i < 3; ++i) {
    HttpRequest request;
    request.url = server.url() + "/";
    request.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Test", "v"}};
    request.body = "{\"n\":" + std::to_string(i) + "}";
    auto response = transport.Send(request, std::chrono::seconds(5));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, request.body);
    EXPECT_EQ(response->Header("x-echo-method"), "POST");
    EXPECT_EQ(response->Header("X-AMZN-REQUESTID"), "rid");
    EXPECT_EQ(response->Header("absent"), "");
  }
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(server.connections(), 1) << "the connection is reused across calls";
  EXPECT_EQ(requests[0].Header("X-Test"), "v");
  EXPECT_EQ(requests[0].Header("Expect"), "");
  EXPECT_EQ(requests[0].Header("Content-Type"), "application/x-amz-json-1.1");
}

TEST(CurlTransportTest, HttpErrorsAreResponsesNotStatuses) {
  LoopbackHttpServer server(Echo);
  CurlTransport transport;
  HttpRequest request;
  request.method = "GET";
  request.url = server.url() + "/missing";
  auto response = transport.Send(request, std::chrono::seconds(5));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(server.requests()[0].method, "GET");
}

TEST(CurlTransportTest, PutWithoutBodyHasNoFormContentType) {
  LoopbackHttpServer server(Echo);
  CurlTransport transport;
  HttpRequest request;
  request.method = "PUT";
  request.url = server.url() + "/latest/api/token";
  request.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  auto response = transport.Send(request, std::chrono::seconds(5));
  ASSERT_TRUE(response.ok());
  const auto got = server.requests().at(0);
  EXPECT_EQ(got.method, "PUT");
  EXPECT_EQ(got.Header("Content-Type"), "");
  EXPECT_EQ(got.Header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
}

TEST(CurlTransportTest, ConnectionRefusedIsATransportError) {
  int port;
  {
    LoopbackHttpServer server(Echo);
    port = server.port();
  }
  CurlTransport transport;
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  auto response = transport.Send(request, std::chrono::seconds(5));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), codes::kTransport);
  EXPECT_TRUE(response.status().message().starts_with(
      "connection refused to http://127.0.0.1:" + std::to_string(port) + " ("))
      << response.status().message();
}

// A loopback socket that listens and never accepts nor answers; with `fill_backlog`, its accept
// queue is full, so new connections are not completed either.
class SilentListener {
 public:
  explicit SilentListener(bool fill_backlog = false) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    for (int i = 0; fill_backlog && i < 4; ++i) {
      const int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
      fillers_.push_back(c);
    }
  }
  ~SilentListener() {
    for (int c : fillers_) close(c);
    close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

TEST(CurlTransportTest, NoAnswerNamesTheEndpointAndTheTimeout) {
  SilentListener silent;
  CurlTransport transport;
  HttpRequest request;
  request.url = silent.url() + "/";
  auto response = transport.Send(request, std::chrono::milliseconds(300));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), codes::kTransport);
  EXPECT_TRUE(
      response.status().message().starts_with("no answer from " + silent.url() + " within 0.3 s"))
      << response.status().message();
}

TEST(CurlTransportTest, ConnectTimeoutIsItsOwnAndNamed) {
  SilentListener full(/*fill_backlog=*/true);
  CurlTransportOptions options;
  options.connect_timeout = std::chrono::milliseconds(200);
  CurlTransport transport(options);
  HttpRequest request;
  request.url = full.url() + "/";
  auto response = transport.Send(request, std::chrono::seconds(20));
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(response.status().message().starts_with("could not connect to " + full.url() +
                                                      " within 0.2 s"))
      << response.status().message();
}

TEST(CurlTransportTest, DescribesEachCause) {
  TransportFailure f;
  f.url = "https://kinesis.eu-west-1.amazonaws.com/?x=1";
  f.connection_reset = true;
  EXPECT_EQ(DescribeTransportFailure(f),
            "connection reset by https://kinesis.eu-west-1.amazonaws.com");
  f.connection_reset = false;
  f.closed_without_answer = true;
  f.detail = "Empty reply from server";
  EXPECT_EQ(DescribeTransportFailure(f),
            "https://kinesis.eu-west-1.amazonaws.com closed the connection without an answer "
            "(Empty reply from server)");
}

TEST(CurlTransportTest, BodyAboveTheCapFailsNamingTheEndpoint) {
  LoopbackHttpServer server([](const ReceivedRequest&) {
    HttpResponse out;
    out.status = 200;
    out.body.assign(4096, 'x');
    return out;
  });
  CurlTransportOptions options;
  options.max_body_bytes = 1000;
  CurlTransport transport(options);
  HttpRequest request;
  request.url = server.url() + "/";
  auto response = transport.Send(request, std::chrono::seconds(5));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), kResponseTooLarge);
  EXPECT_NE(response.status().message().find(server.url()), std::string::npos)
      << response.status().message();
  EXPECT_NE(response.status().message().find("larger than 1000 bytes"), std::string::npos);
  // At the cap exactly is fine.
  options.max_body_bytes = 4096;
  CurlTransport exact(options);
  auto ok = exact.Send(request, std::chrono::seconds(5));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->body.size(), 4096u);
}

TEST(CurlTransportTest, StreamingHandsA2xxBodyToTheCallback) {
  LoopbackHttpServer server(Echo);
  CurlTransportOptions options;
  options.max_body_bytes = 10;  // the cap is for whole bodies, not streamed ones
  CurlTransport transport(options);
  HttpRequest request;
  request.url = server.url() + "/";
  request.body = std::string(5000, 'e');
  std::string got;
  auto response =
      transport.SendStreaming(request, std::chrono::seconds(5), [&](std::string_view piece) {
        got.append(piece);
        return true;
      });
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(got, request.body);
  EXPECT_TRUE(response->body.empty());

  // Stopping early is not an error.
  int pieces = 0;
  response = transport.SendStreaming(request, std::chrono::seconds(5), [&](std::string_view p) {
    pieces += p.empty() ? 0 : 1;
    return p.empty();
  });
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(pieces, 1);

  // An error answer is kept whole, and the callback sees none of it.
  request.url = server.url() + "/missing";
  request.body = "oops";
  got.clear();
  response = transport.SendStreaming(request, std::chrono::seconds(5), [&](std::string_view p) {
    got.append(p);
    return true;
  });
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "oops");
  EXPECT_EQ(got, "");
}

TEST(CurlTransportTest, ProxyFromEnvironment) {
  MapEnvironment env({{"HTTPS_PROXY", "http://p:3128"},
                      {"http_proxy", "http://q:8080"},
                      {"NO_PROXY", "localhost,127.0.0.1"}});
  EXPECT_EQ(ProxyFromEnvironment(env, "https").proxy, "http://p:3128");
  EXPECT_EQ(ProxyFromEnvironment(env, "http").proxy, "http://q:8080");
  EXPECT_EQ(ProxyFromEnvironment(env, "http").no_proxy, "localhost,127.0.0.1");
  EXPECT_EQ(ProxyFromEnvironment(MapEnvironment(), "https").proxy, "");
}

TEST(CurlTransportTest, RequestsGoThroughTheConfiguredProxy) {
  // The "proxy" is our loopback server: an absolute-form request target proves the hop.
  LoopbackHttpServer proxy(Echo);
  CurlTransportOptions options;
  options.proxy.proxy = proxy.url();
  CurlTransport transport(options);
  HttpRequest request;
  request.url = "http://kinesis.invalid:4567/";
  request.body = "{}";
  auto response = transport.Send(request, std::chrono::seconds(5));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(proxy.requests().at(0).target, "http://kinesis.invalid:4567/");
}

}  // namespace
}  // namespace kinesisctl::aws
