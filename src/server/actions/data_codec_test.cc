#include "server/actions/data_codec.h"

#include <gtest/gtest.h>

#include <vector>

namespace kinesisctl::server {
namespace {

TEST(Base64Test, RoundTripsAndRejectsBadText) {
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    auto decoded = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(decoded.has_value()) << s;
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_EQ(Base64Encode("hi"), "aGk=");
  EXPECT_FALSE(Base64Decode("abc").has_value());
  EXPECT_FALSE(Base64Decode("ab!=").has_value());
}

TEST(PartitionKeyHashTest, IsTheBigEndianMd5) {
  // md5("a") = 0cc175b9c0f1b6a831c399e269772661
  EXPECT_EQ(PartitionKeyHash("a").ToString(), "16955237001963240173058271559858726497");
  // md5("") = d41d8cd98f00b204e9800998ecf8427e
  EXPECT_EQ(PartitionKeyHash("").ToString(), "281949768489412648962353822266799178366");
}

TEST(ShardIteratorTest, RoundTripsAndRejectsGarbage) {
  ShardIterator it{"eu-west-1", "s", 123, 4, std::string(56, '4'), true, 77, 999};
  const std::string text = EncodeIterator(it);
  EXPECT_LE(text.size(), 512u);
  auto back = DecodeIterator(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->region, "eu-west-1");
  EXPECT_EQ(back->shard, 4);
  EXPECT_EQ(back->sequence, std::string(56, '4'));
  EXPECT_TRUE(back->inclusive);
  EXPECT_EQ(back->timestamp_ms, 77);
  EXPECT_EQ(back->issued_ms, 999);
  EXPECT_FALSE(DecodeIterator("garbage").has_value());
  EXPECT_FALSE(DecodeIterator(Base64Encode("{\"r\": 1}")).has_value());
}

}  // namespace
}  // namespace kinesisctl::server
