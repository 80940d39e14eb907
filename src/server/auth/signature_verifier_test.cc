#include "server/auth/signature_verifier.h"

#include <gtest/gtest.h>

namespace kinesisctl::server {
namespace {

// A reference vector signed by botocore for a Kinesis request.
constexpr char kCredentials[] =
    "[default]\naws_access_key_id = AKIDEXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n";

HttpRequest Reference() {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.body = R"({"StreamName": "my-stream"})";
  r.headers = {{"content-type", "application/x-amz-json-1.1"},
               {"host", "kinesis.us-east-1.amazonaws.com"},
               {"x-amz-date", "20150830T123600Z"},
               {"x-amz-target", "Kinesis_20131202.DescribeStreamSummary"},
               {"authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
                "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                "Signature=21b831a7ff84167e631755ea4af7524dddd2d1a8b2da7a7e1c983ffb5fdf3b89"}};
  return r;
}

TimePoint SignedAt() { return std::chrono::system_clock::from_time_t(1440938160); }

SignatureVerifier Verifier() {
  auto v = SignatureVerifier::FromText(kCredentials, "test");
  EXPECT_TRUE(v.ok());
  return *v;
}

TEST(SignatureVerifierTest, AcceptsTheReferenceSignature) {
  EXPECT_TRUE(Verifier().Verify(Reference(), SignedAt()).ok());
  EXPECT_TRUE(Verifier().Verify(Reference(), SignedAt() + std::chrono::minutes(14)).ok());
}

TEST(SignatureVerifierTest, RejectsATamperedBodyOrHeader) {
  HttpRequest r = Reference();
  r.body = R"({"StreamName": "other"})";
  EXPECT_EQ(Verifier().Verify(r, SignedAt()).code(), "InvalidSignatureException");
  r = Reference();
  r.headers["x-amz-target"] = "Kinesis_20131202.DeleteStream";
  EXPECT_EQ(Verifier().Verify(r, SignedAt()).code(), "InvalidSignatureException");
}

TEST(SignatureVerifierTest, UnknownKeyAndSkew) {
  HttpRequest r = Reference();
  r.headers["authorization"].replace(r.headers["authorization"].find("AKIDEXAMPLE"), 11,
                                     "AKIDUNKNOWN");
  EXPECT_EQ(Verifier().Verify(r, SignedAt()).code(), "UnrecognizedClientException");
  const Status late = Verifier().Verify(Reference(), SignedAt() + std::chrono::minutes(16));
  EXPECT_EQ(late.code(), "InvalidSignatureException");
  EXPECT_EQ(late.message(),
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z "
            "(20150830T125200Z - 15 min.)");
  EXPECT_EQ(late.message().find("wJalr"), std::string::npos);
}

// Found by tests/security: a request signed for another service passed verification.
TEST(SignatureVerifierTest, RejectsAScopeForAnotherServiceOrDay) {
  HttpRequest r = Reference();
  std::string& auth = r.headers["authorization"];
  auth.replace(auth.find("/kinesis/"), 9, "/s3/");
  const Status service = Verifier().Verify(r, SignedAt());
  EXPECT_EQ(service.code(), "InvalidSignatureException");
  EXPECT_EQ(service.message(), "Credential should be scoped to correct service: 'kinesis'. ");
  r = Reference();
  r.headers["authorization"].replace(r.headers["authorization"].find("20150830"), 8, "20150831");
  const Status day = Verifier().Verify(r, SignedAt());
  EXPECT_EQ(day.code(), "InvalidSignatureException");
  EXPECT_EQ(day.message(),
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
            "HTTP: '20150831' != '20150830', from '20150830T123600Z'.");
}

TEST(SignatureVerifierTest, FileWithoutKeysIsAnError) {
  EXPECT_FALSE(SignatureVerifier::FromText("[x]\nregion = us-east-1\n", "f").ok());
  EXPECT_FALSE(SignatureVerifier::FromFile("/nonexistent/kinesisctl/credentials").ok());
}

TEST(SignatureVerifierTest, AlgorithmMustBeExactlyAws4HmacSha256) {
  for (const std::string algorithm : {"FOO", "AWS4-HMAC-SHA1", "aws4-hmac-sha256"}) {
    HttpRequest r = Reference();
    r.headers["authorization"].replace(0, 16, algorithm);
    const Status s = Verifier().Verify(r, SignedAt());
    EXPECT_EQ(s.code(), "IncompleteSignatureException") << algorithm;
    EXPECT_EQ(s.message(),
              "Unsupported AWS 'algorithm': '" + algorithm + "' (only AWS4-HMAC-SHA256 for now). ");
    EXPECT_EQ(s.http_status(), 400);
  }
}

TEST(SignatureVerifierTest, SecurityTokenWithALongTermKeyIsUnrecognized) {
  HttpRequest r = Reference();
  r.headers["x-amz-security-token"] = "FQoGZXIvYXdzEXAMPLE";
  const Status s = Verifier().Verify(r, SignedAt());
  EXPECT_EQ(s.code(), "UnrecognizedClientException");
  EXPECT_EQ(s.message(), "The security token included in the request is invalid.");
}

TEST(SignatureVerifierTest, TemporaryKeyTakesExactlyItsToken) {
  auto v = SignatureVerifier::FromText(
      std::string(kCredentials) + "aws_session_token = FQoGZXIvYXdzEXAMPLE\n", "test");
  ASSERT_TRUE(v.ok());
  HttpRequest r = Reference();
  EXPECT_EQ(v->Verify(r, SignedAt()).code(), "UnrecognizedClientException");  // no token
  r.headers["x-amz-security-token"] = "FQoGZXIvYXdzOTHER";
  EXPECT_EQ(v->Verify(r, SignedAt()).code(), "UnrecognizedClientException");
  r.headers["x-amz-security-token"] = "FQoGZXIvYXdzEXAMPLE";
  EXPECT_TRUE(v->Verify(r, SignedAt()).ok());
}

TEST(SignatureVerifierTest, OneKeyIdWithTwoSecretsIsRefused) {
  auto v = SignatureVerifier::FromText(
      std::string(kCredentials) +
          "[other]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = second-secret\n",
      "creds.ini");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(),
            "creds.ini gives access key id AKIDEXAMPLE different secrets in sections [default] "
            "and [other]; each key id may have one secret");
  EXPECT_EQ(v.status().message().find("second-secret"), std::string::npos);
  // The same key repeated (a profile that copies [default]) is not ambiguous.
  auto same = SignatureVerifier::FromText(
      std::string(kCredentials) +
          "[copy]\naws_access_key_id = AKIDEXAMPLE\n"
          "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n",
      "creds.ini");
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->Verify(Reference(), SignedAt()).ok());
}

}  // namespace
}  // namespace kinesisctl::server
