#include "signing/sigv4_verify.h"

#include <gtest/gtest.h>

#include "signing/sigv4.h"

namespace kinesisctl::aws::sigv4 {
namespace {

TEST(ParseAuthorizationHeaderTest, BotocoreStyle) {
  const auto a = ParseAuthorizationHeader(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc123");
  EXPECT_EQ(a.algorithm, "AWS4-HMAC-SHA256");
  EXPECT_EQ(a.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(a.date_stamp, "20150830");
  EXPECT_EQ(a.region, "us-east-1");
  EXPECT_EQ(a.service, "kinesis");
  EXPECT_EQ(a.terminator, "aws4_request");
  EXPECT_EQ(a.signed_headers,
            (std::vector<std::string>{"content-type", "host", "x-amz-date", "x-amz-target"}));
  EXPECT_EQ(a.signature, "abc123");
  EXPECT_TRUE(a.missing.empty());
}

TEST(ParseAuthorizationHeaderTest, MissingParts) {
  const auto a = ParseAuthorizationHeader("AWS4-HMAC-SHA256 Credential=A/b");
  EXPECT_EQ(a.missing, (std::vector<std::string>{"Signature", "SignedHeaders"}));
  EXPECT_EQ(a.access_key_id, "");  // too few scope parts
  EXPECT_EQ(ParseAuthorizationHeader("").missing.size(), 3u);
  EXPECT_EQ(ParseAuthorizationHeader("garbage").algorithm, "garbage");
}

TEST(ExpectedSignatureTest, VerifiesWhatTheSignerProduced) {
  HttpRequest request;
  request.url = "http://127.0.0.1:4567/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Target", "Kinesis_20131202.ListStreams"},
                     {"User-Agent", "test"}};
  request.body = "{}";
  Credentials creds;
  creds.access_key_id = "AKID";
  creds.secret_access_key = "secret";
  creds.session_token = "tok";
  const TimePoint now(std::chrono::seconds(1700000000));
  auto signed_result = SignRequest(request, creds, "eu-west-1", "kinesis", now);
  ASSERT_TRUE(signed_result.ok());
  std::string auth_header, amz_date;
  for (const auto& [k, v] : request.headers) {
    if (k == "Authorization") auth_header = v;
    if (k == "X-Amz-Date") amz_date = v;
  }
  const auto auth = ParseAuthorizationHeader(auth_header);
  const std::string expected =
      ExpectedSignature(auth, "secret", amz_date, "POST", "/", "", request.headers, request.body);
  EXPECT_TRUE(ConstantTimeEquals(expected, auth.signature));
  EXPECT_FALSE(ConstantTimeEquals(
      ExpectedSignature(auth, "wrong", amz_date, "POST", "/", "", request.headers, request.body),
      auth.signature));
  EXPECT_FALSE(ConstantTimeEquals(
      ExpectedSignature(auth, "secret", amz_date, "POST", "/", "", request.headers, "{ }"),
      auth.signature));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

}  // namespace
}  // namespace kinesisctl::aws::sigv4
