#include "server/limits/token_bucket.h"

#include <gtest/gtest.h>

namespace kinesisctl::server {
namespace {

TEST(TokenBucketTest, StartsFullAndRefusesBeyondCapacity) {
  TokenBucket b(/*rate_per_s=*/1000, /*capacity=*/1000, /*now_ms=*/0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(b.Take(1, 0)) << i;
  EXPECT_FALSE(b.Take(1, 0));
}

TEST(TokenBucketTest, RefillsContinuouslyUpToCapacity) {
  TokenBucket b(1000, 1000, 0);
  ASSERT_TRUE(b.Take(1000, 0));
  EXPECT_FALSE(b.Take(1, 0));
  EXPECT_TRUE(b.Take(100, 100));  // 100 ms at 1000/s
  EXPECT_FALSE(b.Take(1, 100));
  EXPECT_DOUBLE_EQ(b.Available(60'000), 1000);  // never above capacity
}

TEST(TokenBucketTest, FailedTakeSpendsNothing) {
  TokenBucket b(10, 10, 0);
  EXPECT_FALSE(b.Take(11, 0));
  EXPECT_TRUE(b.Take(10, 0));
}

TEST(TokenBucketTest, ChargeMayGoIntoDebtThatRefillsPaysBack) {
  TokenBucket b(2, 2, 0);
  b.Charge(10, 0);
  EXPECT_DOUBLE_EQ(b.Available(0), -8);
  EXPECT_LT(b.Available(3'999), 0);
  EXPECT_NEAR(b.Available(4'000), 0, 1e-6);
}

TEST(TokenBucketTest, ClockSteppingBackRefillsNothing) {
  TokenBucket b(1000, 1000, 5'000);
  ASSERT_TRUE(b.Take(1000, 5'000));
  EXPECT_FALSE(b.Take(1, 4'000));
  EXPECT_TRUE(b.Take(1, 5'001));
}

}  // namespace
}  // namespace kinesisctl::server
