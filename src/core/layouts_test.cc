#include "kinesisctl/layouts.h"

#include <gtest/gtest.h>

#include <string>

namespace kinesisctl {
namespace {

HashKey Key(const std::string& text) { return *HashKey::Parse(text); }

// The ranges start at 0, end at max, and each starts right after the previous one ends.
void ExpectContiguousCover(const std::vector<HashRange>& ranges, HashKey max, size_t n) {
  ASSERT_EQ(ranges.size(), n);
  EXPECT_EQ(ranges.front().start, HashKey(0));
  EXPECT_EQ(ranges.back().end, max);
  for (size_t i = 0; i < ranges.size(); ++i) {
    ASSERT_LE(ranges[i].start, ranges[i].end) << "shard " << i << " of " << n;
    if (i > 0) {
      ASSERT_TRUE(ranges[i].start.value() == ranges[i - 1].end.value() + 1) << i;
    }
  }
}

TEST(LayoutsTest, AwsLayoutCoversTheSpaceForEveryN) {
  for (uint64_t n = 1; n <= 1000; ++n) ExpectContiguousCover(*AwsLayout(n), HashKey::Max(), n);
  ExpectContiguousCover(*AwsLayout(10000), HashKey::Max(), 10000);
}

TEST(LayoutsTest, SaltLayoutCoversTheSpaceForEveryN) {
  for (uint64_t n = 1; n <= 1000; ++n) ExpectContiguousCover(*SaltLayout(n), HashKey::Max(), n);
  ExpectContiguousCover(*SaltLayout(10000), HashKey::Max(), 10000);
}

TEST(LayoutsTest, AwsLayoutMatchesPublishedThreeShardStream) {
  const auto ranges = *AwsLayout(3);
  EXPECT_EQ(ranges[0].end, Key("113427455640312821154458202477256070484"));
  EXPECT_EQ(ranges[1].start, Key("113427455640312821154458202477256070485"));
  EXPECT_EQ(ranges[1].end, Key("226854911280625642308916404954512140969"));
  EXPECT_EQ(ranges[2].start, Key("226854911280625642308916404954512140970"));
}

TEST(LayoutsTest, AwsLayoutMatchesPublishedFiveShardStream) {
  const auto ranges = *AwsLayout(5);
  EXPECT_EQ(ranges[0].end, Key("68056473384187692692674921486353642290"));
  EXPECT_EQ(ranges[4].start, Key("272225893536750770770699685945414569164"));
}

TEST(LayoutsTest, AwsLayoutOfPowersOfTwoIsExact) {
  const auto ranges = *AwsLayout(4);
  EXPECT_TRUE(ranges[1].start.value() == (static_cast<uint128>(1) << 126));
  EXPECT_TRUE(ranges[2].start.value() == (static_cast<uint128>(1) << 127));
  EXPECT_TRUE(ranges[3].start.value() == (static_cast<uint128>(3) << 126));
}

TEST(LayoutsTest, SaltLayoutMatchesSpecExamples) {
  // Salt's worked example 1: three shards.
  const auto three = *SaltLayout(3);
  EXPECT_EQ(three[0].end, Key("113427455640312821154458202477256070485"));
  EXPECT_EQ(three[1].start, Key("113427455640312821154458202477256070486"));
  EXPECT_EQ(three[1].end, Key("226854911280625642308916404954512140971"));
  EXPECT_EQ(three[2].start, Key("226854911280625642308916404954512140972"));
  // Example 3: five shards, boundaries at multiples of q+1.
  const auto five = *SaltLayout(5);
  EXPECT_EQ(five[1].start, Key("68056473384187692692674921486353642292"));
  EXPECT_EQ(five[2].start, Key("136112946768375385385349842972707284584"));
  EXPECT_EQ(five[3].start, Key("204169420152563078078024764459060926876"));
  EXPECT_EQ(five[4].start, Key("272225893536750770770699685945414569168"));
  // The last shard is D-1-r = 4 keys narrower than the others (q+1 keys each).
  const uint128 q1 = five[0].end.value() - five[0].start.value() + 1;
  EXPECT_TRUE(five[4].end.value() - five[4].start.value() + 1 == q1 - 4);
}

TEST(LayoutsTest, SaltLayoutOnSmallSpaces) {
  const auto three = *SaltLayout(3, HashKey(99));
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(three[0], (HashRange{HashKey(0), HashKey(33)}));
  EXPECT_EQ(three[1], (HashRange{HashKey(34), HashKey(67)}));
  EXPECT_EQ(three[2], (HashRange{HashKey(68), HashKey(99)}));
  const auto five = *SaltLayout(5, HashKey(99));
  EXPECT_EQ(five[4], (HashRange{HashKey(80), HashKey(99)}));
}

TEST(LayoutsTest, RejectsImpossibleCounts) {
  EXPECT_FALSE(AwsLayout(0).ok());
  EXPECT_FALSE(SaltLayout(0).ok());
  EXPECT_FALSE(SaltLayout(101, HashKey(99)).ok());
  EXPECT_FALSE(SaltLayout(60, HashKey(99)).ok());  // 59*(1+1) = 118 > 99
  EXPECT_TRUE(SaltLayout(1, HashKey(0)).ok());
}

}  // namespace
}  // namespace kinesisctl
