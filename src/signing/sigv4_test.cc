#include "signing/sigv4.h"

#include <gtest/gtest.h>

#include <chrono>

namespace kinesisctl::aws::sigv4 {
namespace {

// 2015-08-30T12:36:00Z.
TimePoint ReferenceTime() { return TimePoint(std::chrono::seconds(1440938160)); }

HttpRequest ReferenceRequest() {
  HttpRequest request;
  request.method = "POST";
  request.url = "https://kinesis.us-east-1.amazonaws.com/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Target", "Kinesis_20131202.DescribeStreamSummary"}};
  request.body = R"({"StreamName": "my-stream"})";
  return request;
}

Credentials ReferenceCredentials(std::string token = "") {
  Credentials c;
  c.access_key_id = "AKIDEXAMPLE";
  c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  c.session_token = std::move(token);
  return c;
}

std::string FindHeader(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "<absent>";
}

TEST(SigV4Test, ReferenceVectorWithoutToken) {
  HttpRequest request = ReferenceRequest();
  EXPECT_EQ(Sha256Hex(request.body),
            "31f58b924fdfa959d165eef2b83f6e6ac6d270426caa6da5f48f419e8388e0e3");
  auto result =
      SignRequest(request, ReferenceCredentials(), "us-east-1", "kinesis", ReferenceTime());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(Sha256Hex(result->canonical_request),
            "0cee25cf38c8eb5d648dd82aade938444fc061bcdf4a61e14d6635864fc7aa7f");
  EXPECT_EQ(result->signature, "21b831a7ff84167e631755ea4af7524dddd2d1a8b2da7a7e1c983ffb5fdf3b89");
  EXPECT_EQ(FindHeader(request, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=21b831a7ff84167e631755ea4af7524dddd2d1a8b2da7a7e1c983ffb5fdf3b89");
  EXPECT_EQ(FindHeader(request, "X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(FindHeader(request, "Host"), "kinesis.us-east-1.amazonaws.com");
  EXPECT_EQ(FindHeader(request, "X-Amz-Security-Token"), "<absent>");
}

TEST(SigV4Test, ReferenceVectorWithToken) {
  HttpRequest request = ReferenceRequest();
  auto result = SignRequest(request, ReferenceCredentials("SESSIONTOKENEXAMPLE"), "us-east-1",
                            "kinesis", ReferenceTime());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Sha256Hex(result->canonical_request),
            "4ef0910c60c78cfef0f5a32c28173cbf3ae597ef47271c4ad04d4a39aaf7bc23");
  EXPECT_EQ(FindHeader(request, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
            "Signature=0050073e42a30b68f4ea51312a48f79cb0c92211c4581bd94fff138d3a3631c5");
  EXPECT_EQ(FindHeader(request, "X-Amz-Security-Token"), "SESSIONTOKENEXAMPLE");
}

TEST(SigV4Test, CanonicalRequestShape) {
  const Headers headers = {{"Host", "example.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  EXPECT_EQ(CanonicalRequest("POST", "/", "", headers, {"host", "x-amz-date"}, Sha256Hex("")),
            "POST\n/\n\nhost:example.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SigV4Test, HeaderValuesAreTrimmedAndCollapsed) {
  EXPECT_EQ(CanonicalHeaderValue("  a   b \t c  "), "a b c");
  EXPECT_EQ(CanonicalHeaderValue(""), "");
  EXPECT_EQ(CanonicalHeaderValue("   "), "");
  // Repeated headers are joined with commas in the order given.
  const Headers headers = {{"X-Multi", " one "}, {"x-multi", "two  three"}};
  const std::string creq = CanonicalRequest("GET", "/", "", headers, {"x-multi"}, "h");
  EXPECT_NE(creq.find("x-multi:one,two three\n"), std::string::npos) << creq;
}

TEST(SigV4Test, RetrimmedHeadersDoNotChangeTheSignature) {
  HttpRequest a = ReferenceRequest();
  HttpRequest b = ReferenceRequest();
  b.headers[1].second = "   Kinesis_20131202.DescribeStreamSummary  ";
  auto ra = SignRequest(a, ReferenceCredentials(), "us-east-1", "kinesis", ReferenceTime());
  auto rb = SignRequest(b, ReferenceCredentials(), "us-east-1", "kinesis", ReferenceTime());
  ASSERT_TRUE(ra.ok() && rb.ok());
  EXPECT_EQ(ra->signature, rb->signature);
}

TEST(SigV4Test, HostWithPortAndDefaultPorts) {
  EXPECT_EQ(*HostFromUrl("http://127.0.0.1:4567/"), "127.0.0.1:4567");
  EXPECT_EQ(*HostFromUrl("http://LocalHost:80"), "localhost");
  EXPECT_EQ(*HostFromUrl("https://kinesis.eu-west-1.amazonaws.com:443/"),
            "kinesis.eu-west-1.amazonaws.com");
  EXPECT_EQ(*HostFromUrl("https://example.com:80/"), "example.com:80");
  EXPECT_EQ(*HostFromUrl("http://[::1]:8080/"), "[::1]:8080");
  EXPECT_FALSE(HostFromUrl("ftp://x").ok());
  EXPECT_FALSE(HostFromUrl("http://:80").ok());
}

TEST(SigV4Test, HostWithPortIsSigned) {
  HttpRequest request = ReferenceRequest();
  request.url = "http://127.0.0.1:4567/";
  auto result =
      SignRequest(request, ReferenceCredentials(), "us-east-1", "kinesis", ReferenceTime());
  ASSERT_TRUE(result.ok());
  EXPECT_NE(result->canonical_request.find("\nhost:127.0.0.1:4567\n"), std::string::npos);
}

TEST(SigV4Test, EmptyAndUnicodeBodies) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  HttpRequest request = ReferenceRequest();
  request.body = "";
  auto empty =
      SignRequest(request, ReferenceCredentials(), "us-east-1", "kinesis", ReferenceTime());
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->canonical_request.ends_with(
      "\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  // The UTF-8 bytes are hashed as they are: "ü" is C3 BC.
  request = ReferenceRequest();
  request.body = "{\"StreamName\": \"str\xc3\xbc\xe6\x97\xa5\"}";
  auto unicode =
      SignRequest(request, ReferenceCredentials(), "us-east-1", "kinesis", ReferenceTime());
  ASSERT_TRUE(unicode.ok());
  EXPECT_TRUE(unicode->canonical_request.ends_with("\n" + Sha256Hex(request.body)));
  EXPECT_NE(unicode->signature, empty->signature);
}

TEST(SigV4Test, ResigningReplacesOldAuthHeaders) {
  HttpRequest request = ReferenceRequest();
  ASSERT_TRUE(
      SignRequest(request, ReferenceCredentials("T1"), "us-east-1", "kinesis", ReferenceTime())
          .ok());
  const size_t first_count = request.headers.size();
  ASSERT_TRUE(SignRequest(request, ReferenceCredentials(), "us-east-1", "kinesis",
                          ReferenceTime() + std::chrono::seconds(5))
                  .ok());
  EXPECT_EQ(request.headers.size(), first_count - 1);  // token gone, nothing duplicated
  EXPECT_EQ(FindHeader(request, "X-Amz-Date"), "20150830T123605Z");
  EXPECT_EQ(FindHeader(request, "X-Amz-Security-Token"), "<absent>");
}

TEST(SigV4Test, UserAgentAndExpectAreNotSigned) {
  const Headers headers = {{"User-Agent", "x"}, {"Expect", "100-continue"}, {"X-Amz-Target", "t"}};
  EXPECT_EQ(HeadersToSign(headers), (std::vector<std::string>{"host", "x-amz-target"}));
}

TEST(SigV4Test, SigningKeyChain) {
  // The example of the AWS documentation ("Examples of how to derive a signing key").
  EXPECT_EQ(HexEncode(DeriveSigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                       "us-east-1", "iam")),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4Test, UriAndQueryCanonicalisation) {
  EXPECT_EQ(CanonicalUri(""), "/");
  EXPECT_EQ(CanonicalUri("/a/./b/../c/"), "/a/c/");
  EXPECT_EQ(CanonicalUri("/a b"), "/a%20b");
  EXPECT_EQ(CanonicalQuery("b=2&a=1&a=0"), "a=0&a=1&b=2");
  EXPECT_EQ(CanonicalQuery("x=a%2Fb&y"), "x=a%2Fb&y=");
  EXPECT_EQ(UriEncode("a/b c~", false), "a%2Fb%20c~");
}

TEST(SigV4Test, RefusesEmptyCredentials) {
  HttpRequest request = ReferenceRequest();
  Credentials none;
  EXPECT_FALSE(SignRequest(request, none, "us-east-1", "kinesis", ReferenceTime()).ok());
}

}  // namespace
}  // namespace kinesisctl::aws::sigv4
