#include "server/limits/shard_limits.h"

#include <gtest/gtest.h>

namespace kinesisctl::server {
namespace {

const ShardKey kShard{"us-east-1", "s", 0};
const ShardKey kOther{"us-east-1", "s", 1};

TEST(ShardLimitsTest, ThousandRecordsPerSecondPerShard) {
  ShardLimits limits;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limits.TryWrite(kShard, 10, 0)) << i;
  EXPECT_FALSE(limits.TryWrite(kShard, 10, 0));
  EXPECT_TRUE(limits.TryWrite(kOther, 10, 0));  // each shard has its own budget
  EXPECT_TRUE(limits.TryWrite(kShard, 10, 1));  // 1 ms refills one record
}

TEST(ShardLimitsTest, OneMebibytePerSecondPerShard) {
  ShardLimits limits;
  ASSERT_TRUE(limits.TryWrite(kShard, 1024 * 1024 - 100, 0));
  EXPECT_FALSE(limits.TryWrite(kShard, 200, 0));
  EXPECT_TRUE(limits.TryWrite(kShard, 100, 0));
  EXPECT_FALSE(limits.TryWrite(kShard, 1, 0));
  EXPECT_TRUE(limits.TryWrite(kShard, 512 * 1024, 500));
}

TEST(ShardLimitsTest, RecordOverAMebibyteBorrowsTheNextSeconds) {
  ShardLimits limits;
  ASSERT_TRUE(limits.TryWrite(kShard, 3 * 1024 * 1024, 0));  // full budget: allowed, 2 MiB debt
  EXPECT_FALSE(limits.TryWrite(kShard, 1, 1999));
  EXPECT_TRUE(limits.TryWrite(kShard, 1, 2001));
  EXPECT_FALSE(limits.TryWrite(kShard, 2 * 1024 * 1024, 2500));  // needs a full budget again
}

TEST(ShardLimitsTest, RefusedRecordSpendsNoRecordToken) {
  ShardLimits limits;
  ASSERT_TRUE(limits.TryWrite(kShard, 1024 * 1024, 0));
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(limits.TryWrite(kShard, 1, 0));
  // A second later both budgets are whole again: 1,000 small records pass.
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limits.TryWrite(kShard, 1, 1000)) << i;
}

TEST(ShardLimitsTest, FiveGetRecordsCallsPerSecond) {
  ShardLimits limits;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(limits.TryStartRead(kShard, 0));
  EXPECT_FALSE(limits.TryStartRead(kShard, 0));
  EXPECT_FALSE(limits.TryStartRead(kShard, 199));
  EXPECT_TRUE(limits.TryStartRead(kShard, 200));
}

TEST(ShardLimitsTest, LargeReadRefusesReadsUntilPaidBackAtTwoMebibytesPerSecond) {
  ShardLimits limits;
  ASSERT_TRUE(limits.TryStartRead(kShard, 0));
  limits.ChargeRead(kShard, 10 * 1024 * 1024, 0);  // 2 MiB budget - 10 MiB = 8 MiB of debt
  EXPECT_FALSE(limits.TryStartRead(kShard, 1000));
  EXPECT_FALSE(limits.TryStartRead(kShard, 3999));
  EXPECT_TRUE(limits.TryStartRead(kShard, 4000));
}

TEST(ShardLimitsTest, DescribeStreamTenPerSecondPerAccountRegion) {
  ShardLimits limits;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(limits.CheckCall("DescribeStream", "us-east-1", "000000000000", "a", 0).ok());
  }
  const Status s = limits.CheckCall("DescribeStream", "us-east-1", "000000000000", "b", 0);
  EXPECT_EQ(s.code(), "LimitExceededException");
  EXPECT_EQ(s.message(), "Rate exceeded for stream b under account 000000000000.");
  EXPECT_TRUE(limits.CheckCall("DescribeStream", "eu-west-1", "000000000000", "b", 0).ok());
  EXPECT_TRUE(limits.CheckCall("DescribeStream", "us-east-1", "000000000000", "b", 100).ok());
  EXPECT_TRUE(limits.CheckCall("ListStreams", "us-east-1", "000000000000", "", 0).ok());
}

TEST(ShardLimitsTest, ListShardsThousandPerSecondPerStream) {
  ShardLimits limits;
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(limits.CheckCall("ListShards", "r", "000000000000", "a", 0).ok());
  }
  EXPECT_FALSE(limits.CheckCall("ListShards", "r", "000000000000", "a", 0).ok());
  EXPECT_TRUE(limits.CheckCall("ListShards", "r", "000000000000", "b", 0).ok());
}

TEST(ShardLimitsTest, TenScalingsPerRolling24HoursPerStream) {
  ShardLimits limits;
  constexpr int64_t kHour = 3'600'000;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(limits.CheckCall("UpdateShardCount", "r", "000000000000", "a", i * kHour).ok());
    limits.RecordScaling("r", "a", i * kHour);
  }
  const Status s = limits.CheckCall("UpdateShardCount", "r", "000000000000", "a", 10 * kHour);
  EXPECT_EQ(s.code(), "LimitExceededException");
  EXPECT_TRUE(limits.CheckCall("UpdateShardCount", "r", "000000000000", "b", 10 * kHour).ok());
  // The first scaling leaves the window 24 hours after it started.
  EXPECT_FALSE(limits.CheckCall("UpdateShardCount", "r", "000000000000", "a", 24 * kHour - 1).ok());
  EXPECT_TRUE(limits.CheckCall("UpdateShardCount", "r", "000000000000", "a", 24 * kHour).ok());
}

TEST(ShardLimitsTest, AwsShardMessage) {
  EXPECT_EQ(ShardLimits::ShardRateMessage("shardId-000000000001", "s", "111111111111"),
            "Rate exceeded for shard shardId-000000000001 in stream s under account "
            "111111111111.");
}

}  // namespace
}  // namespace kinesisctl::server
