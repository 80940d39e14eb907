#include "server/model/model.h"

#include <gtest/gtest.h>

namespace kinesisctl::server {
namespace {

// AWS reads shard ids loosely: the digits after the first '-' (or the whole id), 0..2^31-1.
TEST(ParseShardIdTest, AcceptsAwsLooseForms) {
  EXPECT_EQ(ParseShardId("shardId-000000000001"), 1);
  EXPECT_EQ(ParseShardId("shardId-1"), 1);
  EXPECT_EQ(ParseShardId("1"), 1);
  EXPECT_EQ(ParseShardId("anything-1"), 1);
  EXPECT_EQ(ParseShardId("-00002147483647"), 2147483647);
  EXPECT_EQ(ParseShardId("a-00002147483647"), 2147483647);
  EXPECT_EQ(ParseShardId("shardId-7-"), 7);
  EXPECT_EQ(ParseShardId("0"), 0);
}

TEST(ParseShardIdTest, RefusesWhatNamesNoShardNumber) {
  for (const char* text :
       {"", "shardId-", "shardId-x", "a-b-1", "2147483648", "shardId-002147483648", "ABKLFD8",
        "2.14E4", "5-", "1 ", "99999999999999999999999999"}) {
    EXPECT_EQ(ParseShardId(text), std::nullopt) << text;
  }
  EXPECT_EQ(ShardIdFor(*ParseShardId("x-5")), "shardId-000000000005");
}

}  // namespace
}  // namespace kinesisctl::server
