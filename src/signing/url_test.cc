#include "signing/url.h"

#include <gtest/gtest.h>

namespace kinesisctl::aws {
namespace {

TEST(ParseUrlTest, Parts) {
  auto u = ParseUrl("HTTP://User@Example.COM:8080/a/b?x=1#frag");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->path, "/a/b");
  EXPECT_EQ(u->query, "x=1");
  EXPECT_EQ(u->Origin(), "http://example.com:8080");
}

TEST(ParseUrlTest, DefaultPortsAndIpv6) {
  EXPECT_EQ(ParseUrl("https://h:443")->Authority(), "h");
  EXPECT_EQ(ParseUrl("https://h")->EffectivePort(), 443);
  EXPECT_EQ(ParseUrl("http://[fd00:ec2::254]/latest")->Authority(), "[fd00:ec2::254]");
  EXPECT_EQ(ParseUrl("http://[::1]:99")->Authority(), "[::1]:99");
}

TEST(ParseUrlTest, Rejects) {
  for (const char* bad : {"", "localhost:4567", "ftp://h", "http://", "http://h:", "http://h:x",
                          "http://h:70000", "http://h h", "http://[::1", "http://[::1]x"}) {
    EXPECT_FALSE(ParseUrl(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace kinesisctl::aws
