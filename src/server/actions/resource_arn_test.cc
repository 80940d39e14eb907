#include "server/actions/resource_arn.h"

#include <gtest/gtest.h>

#include "server/validation/patterns.h"

namespace kinesisctl::server {
namespace {

TEST(ResourceArnTest, ParsesStreamArns) {
  auto a = ParseResourceArn("arn:aws:kinesis:eu-west-1:123456789012:stream/orders.v2");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->kind, ResourceArn::Kind::kStream);
  EXPECT_EQ(a->partition, "aws");
  EXPECT_EQ(a->region, "eu-west-1");
  EXPECT_EQ(a->account, "123456789012");
  EXPECT_EQ(a->stream, "orders.v2");
  EXPECT_TRUE(ParseResourceArn("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s"));
}

TEST(ResourceArnTest, ParsesConsumerArns) {
  auto a =
      ParseResourceArn("arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c-1:1700000000");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->kind, ResourceArn::Kind::kConsumer);
  EXPECT_EQ(a->stream, "s");
  EXPECT_EQ(a->consumer, "c-1");
  EXPECT_EQ(a->creation, "1700000000");
}

TEST(ResourceArnTest, RefusesOtherShapes) {
  for (const char* bad :
       {"", "bogus", "arn:aws:kinesis:us-east-1:123456789012:stream/",
        "arn:aws:kinesis:us-east-1:12345:stream/s", "arn:aws:sqs:us-east-1:123456789012:stream/s",
        "arn:aws:kinesis::123456789012:stream/s", "arn:aws:kinesis:us-east-1:123456789012:table/s",
        "arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c",
        "arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:x1",
        "arn:aws:kinesis:us-east-1:123456789012:stream//consumer/c:1"}) {
    EXPECT_FALSE(ParseResourceArn(bad).has_value()) << bad;
  }
}

TEST(ResourceArnTest, PatternAcceptsStreamAndConsumerArns) {
  EXPECT_TRUE(
      MatchesPattern(kResourceArnPattern, "arn:aws:kinesis:us-east-1:123456789012:stream/s"));
  EXPECT_TRUE(MatchesPattern(kResourceArnPattern,
                             "arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1"));
  // ".*" between the account and "stream/", as the shape's pattern allows.
  EXPECT_TRUE(
      MatchesPattern(kResourceArnPattern, "arn:aws:kinesis:us-east-1:123456789012:x-stream/s"));
  EXPECT_TRUE(MatchesPattern(kResourceArnPattern, "arn:aws:kinesis::123456789012:stream/s"));
  for (const char* bad : {"bogus", "arn:aws:kinesis:us-east-1:12345678901:stream/s",
                          "arn:aws:kinesis:us-east-1:123456789012:stream/",
                          "arn:aws:kinesis:us-east-1:123456789012:stream/a b",
                          "arn:aws:s3:us-east-1:123456789012:stream/s",
                          "arn:aws:kinesis:us-east-1\n:123456789012:stream/s"}) {
    EXPECT_FALSE(MatchesPattern(kResourceArnPattern, bad)) << bad;
  }
}

TEST(ResourceArnTest, PatternEdgeCases) {
  const std::string base = "arn:aws:kinesis:us-east-1:123456789012:";
  EXPECT_TRUE(MatchesPattern(kResourceArnPattern, base + "a b/stream/s"));
  EXPECT_FALSE(MatchesPattern(kResourceArnPattern, base + "stream/s t"));
  EXPECT_TRUE(MatchesPattern(kResourceArnPattern, base + "stream/s tstream/u"));
  EXPECT_TRUE(MatchesPattern(kResourceArnPattern,
                             "arn:aws-cn:x:kinesis:r:1:" + base.substr(16) + "stream/s"));
  EXPECT_FALSE(MatchesPattern(kResourceArnPattern, base.substr(0, base.size() - 1) + "stream/s"));
  // Megabytes of near-misses stay fast (linear).
  std::string long_text = base;
  for (int i = 0; i < 200000; ++i) long_text += ":stream/ ";
  EXPECT_FALSE(MatchesPattern(kResourceArnPattern, long_text));
  EXPECT_TRUE(MatchesPattern(kResourceArnPattern, long_text + "stream/x"));
}

TEST(ResourceArnTest, StreamIdPattern) {
  EXPECT_TRUE(MatchesPattern(kStreamIdPattern, "abcdefghij0123456789-a1b"));
  EXPECT_FALSE(MatchesPattern(kStreamIdPattern, "ABCDEFGHIJ0123456789-a1b"));
  EXPECT_FALSE(MatchesPattern(kStreamIdPattern, "abcdefghij0123456789a1b"));
}

}  // namespace
}  // namespace kinesisctl::server
