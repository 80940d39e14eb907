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

// Iterators come back from clients: forged numbers (floats, out of range, negative shards) are
// refused rather than converted with undefined behaviour or used as an index.
TEST(DataCodecTest, ForgedIteratorNumbersAreRefused) {
  const auto forge = [](const std::string& key, const std::string& number) {
    std::string text = R"({"r":"us-east-1","s":"s","c":1,"h":0,"p":"","i":false,"t":0,"a":1})";
    const size_t at = text.find("\"" + key + "\":") + key.size() + 3;
    text.replace(at, text.find_first_of(",}", at) - at, number);
    return Base64Encode(text);
  };
  ASSERT_TRUE(DecodeIterator(forge("h", "3")).has_value());
  for (const auto& [key, number] :
       std::vector<std::pair<std::string, std::string>>{{"h", "-1"},
                                                        {"h", "1e300"},
                                                        {"h", "2147483648"},
                                                        {"a", "1e30"},
                                                        {"a", "-9223372036854775808"},
                                                        {"a", "18446744073709551615"},
                                                        {"c", "1.5"},
                                                        {"t", "1e20"}}) {
    EXPECT_FALSE(DecodeIterator(forge(key, number)).has_value()) << key << "=" << number;
  }
}

}  // namespace
}  // namespace kinesisctl::server
