#include "kinesis/retry.h"

#include <gtest/gtest.h>

namespace kinesisctl::aws {
namespace {

HttpResponse Answer(int status, std::string body, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(DecodeErrorResponseTest, CodeFromTypeField) {
  const Status s = DecodeErrorResponse(
      Answer(400, R"({"__type":"ResourceNotFoundException","message":"Stream x not found."})",
             {{"x-amzn-RequestId", "abc"}}));
  EXPECT_EQ(s.code(), "ResourceNotFoundException");
  EXPECT_EQ(s.message(), "Stream x not found.");
  EXPECT_EQ(s.http_status(), 400);
  EXPECT_EQ(s.request_id(), "abc");
}

TEST(DecodeErrorResponseTest, HeaderWinsAndIsNormalised) {
  const Status s = DecodeErrorResponse(
      Answer(400, R"({"__type":"Other","Message":"m"})",
             {{"X-Amzn-ErrorType", "LimitExceededException:http://internal.amazon.com/"}}));
  EXPECT_EQ(s.code(), "LimitExceededException");
  EXPECT_EQ(s.message(), "m");
  const Status t = DecodeErrorResponse(
      Answer(400, R"({"__type":"com.amazonaws.kinesis.v20131202#ResourceInUseException"})"));
  EXPECT_EQ(t.code(), "ResourceInUseException");
}

TEST(DecodeErrorResponseTest, NonJsonBody) {
  const Status s = DecodeErrorResponse(Answer(502, "<html>Bad Gateway</html>"));
  EXPECT_EQ(s.code(), kUnknownError);
  EXPECT_EQ(s.message(), "HTTP 502: <html>Bad Gateway</html>");
  EXPECT_EQ(s.http_status(), 502);
}

Status Err(std::string code, std::string message = "m", int http = 400) {
  return Status(std::move(code), std::move(message), http);
}

TEST(IsRetryableTest, ByExactCode) {
  const CallOptions plain;
  CallOptions modify;
  modify.retry_resource_in_use = true;
  EXPECT_TRUE(IsRetryable(Err(codes::kTransport, "connection refused", 0), plain));
  EXPECT_TRUE(IsRetryable(Err("InternalFailureException", "m", 500), plain));
  EXPECT_TRUE(IsRetryable(Err(kUnknownError, "HTTP 503", 503), plain));
  EXPECT_TRUE(IsRetryable(Err(kUnknownError, "HTTP 429", 429), plain));
  EXPECT_TRUE(IsRetryable(Err("ProvisionedThroughputExceededException"), plain));
  EXPECT_TRUE(IsRetryable(Err("ThrottlingException"), plain));
  EXPECT_TRUE(IsRetryable(Err("TooManyRequestsException"), plain));
  EXPECT_FALSE(IsRetryable(Err("ResourceNotFoundException"), plain));
  EXPECT_FALSE(IsRetryable(Err("AccessDeniedException"), plain));
  EXPECT_FALSE(IsRetryable(Err(kUnknownError, "HTTP 403", 403), plain));
  EXPECT_FALSE(IsRetryable(Err(codes::kCredentials, "none", 0), plain));
  // Substrings do not count (Salt matched "LimitExceededException" anywhere in the code).
  EXPECT_FALSE(IsRetryable(Err("XLimitExceededExceptionY", "Rate exceeded"), plain));
  EXPECT_FALSE(IsRetryable(Err("ResourceInUseExceptionFoo"), modify));
}

TEST(IsRetryableTest, LimitExceededOnlyForRates) {
  const CallOptions o;
  EXPECT_TRUE(IsRetryable(
      Err("LimitExceededException", "Rate exceeded for stream s under account 123."), o));
  EXPECT_FALSE(IsRetryable(
      Err("LimitExceededException",
          "This request would exceed the shard limit for the account 123 in us-east-1."),
      o));
}

TEST(IsRetryableTest, ResourceInUseOnlyWhenAsked) {
  CallOptions create;
  CallOptions modify;
  modify.retry_resource_in_use = true;
  EXPECT_FALSE(IsRetryable(Err("ResourceInUseException", "Stream s already exists"), create));
  EXPECT_TRUE(IsRetryable(Err("ResourceInUseException", "Stream s is UPDATING"), modify));
}

TEST(FullJitterBackoffTest, SaltsFormula) {
  const Duration cap = std::chrono::seconds(10);
  EXPECT_EQ(FullJitterBackoff(0, cap, 0.5), Duration(500));
  EXPECT_EQ(FullJitterBackoff(1, cap, 0.5), Duration(1000));
  EXPECT_EQ(FullJitterBackoff(3, cap, 0.999), Duration(7992));
  EXPECT_EQ(FullJitterBackoff(4, cap, 0.5), Duration(8000));
  EXPECT_EQ(FullJitterBackoff(4, cap, 0.75), Duration(10000));  // capped
  EXPECT_EQ(FullJitterBackoff(17, cap, 0.0), Duration(0));
  EXPECT_EQ(FullJitterBackoff(200, cap, 0.9), Duration(10000));  // no overflow
}

}  // namespace
}  // namespace kinesisctl::aws
