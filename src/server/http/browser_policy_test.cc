#include "server/http/browser_policy.h"

#include <gtest/gtest.h>

namespace kinesisctl::server {
namespace {

std::string HeaderOf(const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& name) {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return "";
}

HttpRequest Request(const std::string& method, const std::string& host,
                    const std::string& origin = "") {
  HttpRequest r;
  r.method = method;
  r.target = "/";
  r.headers["host"] = host;
  if (!origin.empty()) r.headers["origin"] = origin;
  return r;
}

TEST(BrowserPolicyTest, HostsMustBeLoopbackOrTheBoundAddress) {
  const BrowserPolicy policy("127.0.0.1", {});
  for (const char* host : {"127.0.0.1:4567", "localhost", "LOCALHOST:80", "localhost.:1",
                           "app.localhost:3000", "[::1]:4567", "127.8.9.10", "::1"}) {
    EXPECT_TRUE(policy.HostAllowed(host)) << host;
  }
  for (const char* host : {"evil.example:4567", "127.0.0.1.evil.example", "localhost.evil",
                           "10.0.0.1:4567", "[::2]:1", "", "0x7f.1"}) {
    EXPECT_FALSE(policy.HostAllowed(host)) << host;
  }
  EXPECT_TRUE(BrowserPolicy("kinesis.internal", {}).HostAllowed("Kinesis.Internal:4567"));
  EXPECT_TRUE(BrowserPolicy("192.168.1.5", {}).HostAllowed("192.168.1.5:4567"));
  EXPECT_FALSE(BrowserPolicy("192.168.1.5", {}).HostAllowed("192.168.1.6:4567"));
  // Bound to every address: IP literals (never rebindable) pass, names other than loopback not.
  EXPECT_TRUE(BrowserPolicy("0.0.0.0", {}).HostAllowed("10.1.2.3:4567"));
  EXPECT_FALSE(BrowserPolicy("0.0.0.0", {}).HostAllowed("evil.example:4567"));

  const auto refused = policy.Check(Request("POST", "evil.example:4567"));
  ASSERT_TRUE(refused.answer.has_value());
  EXPECT_EQ(refused.answer->status, 403);
  EXPECT_NE(refused.answer->body.find("DNS rebinding"), std::string::npos);
  EXPECT_EQ(HeaderOf(refused.answer->headers, "x-amz-id-2").size(), 96u);
  EXPECT_FALSE(policy.Check(Request("POST", "localhost:4567")).answer.has_value());
}

TEST(BrowserPolicyTest, CorsOnlyForNamedOrigins) {
  const BrowserPolicy off("127.0.0.1", {});
  const auto refused = off.Check(Request("POST", "localhost", "https://evil.example"));
  ASSERT_TRUE(refused.answer.has_value());
  EXPECT_EQ(refused.answer->status, 403);
  EXPECT_EQ(HeaderOf(refused.answer->headers, "Access-Control-Allow-Origin"), "");

  const BrowserPolicy on("127.0.0.1", {"http://localhost:3000"});
  HttpRequest preflight = Request("OPTIONS", "localhost:4567", "http://localhost:3000");
  preflight.headers["access-control-request-method"] = "POST";
  preflight.headers["access-control-request-headers"] = "content-type,x-amz-target";
  const auto pre = on.Check(preflight);
  ASSERT_TRUE(pre.answer.has_value());
  EXPECT_EQ(pre.answer->status, 200);
  EXPECT_EQ(pre.answer->body, "");
  EXPECT_EQ(HeaderOf(pre.answer->headers, "Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_EQ(HeaderOf(pre.answer->headers, "Access-Control-Allow-Methods"), "POST");
  EXPECT_EQ(HeaderOf(pre.answer->headers, "Access-Control-Allow-Headers"),
            "content-type,x-amz-target");
  EXPECT_EQ(HeaderOf(pre.answer->headers, "Access-Control-Max-Age"), "172800");
  EXPECT_FALSE(HeaderOf(pre.answer->headers, "x-amzn-RequestId").empty());
  EXPECT_EQ(HeaderOf(pre.answer->headers, "x-amz-id-2"), "");

  const auto post = on.Check(Request("POST", "localhost:4567", "http://localhost:3000"));
  EXPECT_FALSE(post.answer.has_value());
  EXPECT_EQ(HeaderOf(post.headers, "Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_NE(HeaderOf(post.headers, "Access-Control-Expose-Headers").find("x-amz-id-2"),
            std::string::npos);
  EXPECT_TRUE(on.Check(Request("POST", "localhost", "http://localhost:3001")).answer.has_value());
  EXPECT_TRUE(on.Check(Request("POST", "localhost", "null")).answer.has_value());
}

TEST(BrowserPolicyTest, SameOriginPagesNeedNoCors) {
  // A page this server served (the console) posts back with an Origin naming the same host.
  const BrowserPolicy policy("127.0.0.1", {});
  for (const char* host : {"127.0.0.1:4567", "localhost:4567", "[::1]:4567"}) {
    const auto same = policy.Check(Request("POST", host, std::string("http://") + host));
    EXPECT_FALSE(same.answer.has_value()) << host;
    EXPECT_TRUE(same.headers.empty()) << host;
  }
  // Another port is another origin; a rebinding name fails the Host check first.
  EXPECT_TRUE(
      policy.Check(Request("POST", "127.0.0.1:4567", "http://127.0.0.1:4568")).answer.has_value());
  EXPECT_TRUE(policy.Check(Request("POST", "evil.example:4567", "http://evil.example:4567"))
                  .answer.has_value());
}

TEST(BrowserPolicyTest, OriginFlagValues) {
  EXPECT_TRUE(IsValidOrigin("http://localhost:3000"));
  EXPECT_TRUE(IsValidOrigin("https://console.example"));
  EXPECT_TRUE(IsValidOrigin("http://[::1]:8080"));
  for (const char* bad :
       {"*", "localhost:3000", "http://", "http://a/", "http://a/path", "ftp://a", "null"}) {
    EXPECT_FALSE(IsValidOrigin(bad)) << bad;
  }
}

}  // namespace
}  // namespace kinesisctl::server
