#include "core/error_table.h"

#include <gtest/gtest.h>

namespace kinesisctl {
namespace {

TEST(ErrorTableTest, ClassifiesByExactCode) {
  struct Case {
    const char* code;
    int http;
    Retry retry;
  };
  const Case cases[] = {
      {"ResourceNotFoundException", 400, Retry::kNever},
      {"ResourceInUseException", 400, Retry::kIfStreamExisting},
      {"LimitExceededException", 400, Retry::kIfRateLimited},
      {"ProvisionedThroughputExceededException", 400, Retry::kAlways},
      {"InternalFailure", 500, Retry::kAlways},
      {"InternalFailureException", 500, Retry::kAlways},
      {"InvalidArgumentException", 400, Retry::kNever},
      {"ValidationException", 400, Retry::kNever},
      {"KMSThrottlingException", 400, Retry::kAlways},
  };
  for (const Case& c : cases) {
    const ErrorInfo* info = FindError(c.code);
    ASSERT_NE(info, nullptr) << c.code;
    EXPECT_EQ(info->http_status, c.http) << c.code;
    EXPECT_EQ(info->retry, c.retry) << c.code;
  }
  // No substring matching: a code that merely contains a known one is unknown.
  EXPECT_EQ(FindError("NotLimitExceededExceptionAtAll"), nullptr);
  EXPECT_EQ(HttpStatusForError("SomethingNew"), 400);
}

TEST(ErrorTableTest, NormalizesSmithyStyleCodes) {
  EXPECT_EQ(NormalizeErrorCode("ResourceNotFoundException"), "ResourceNotFoundException");
  EXPECT_EQ(NormalizeErrorCode("com.amazonaws.kinesis#ResourceNotFoundException:http://x/y"),
            "ResourceNotFoundException");
  EXPECT_EQ(NormalizeErrorCode("aws.protocols#LimitExceededException"), "LimitExceededException");
  EXPECT_EQ(NormalizeErrorCode("ValidationException:"), "ValidationException");
}

TEST(ErrorTableTest, TellsRateLimitsFromQuotas) {
  EXPECT_TRUE(IsRateLimitMessage("Rate exceeded for stream s under account 123456789012."));
  EXPECT_FALSE(IsRateLimitMessage(
      "This request would exceed the shard limit for the account 000000000000 in us-east-1."));
  EXPECT_FALSE(IsRateLimitMessage("You have reached the limit on the number of On-Demand streams"));
}

}  // namespace
}  // namespace kinesisctl
