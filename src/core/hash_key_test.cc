#include "kinesisctl/hash_key.h"

#include <gtest/gtest.h>

namespace kinesisctl {
namespace {

constexpr char kMax[] = "340282366920938463463374607431768211455";

TEST(HashKeyTest, ParsesValidKeys) {
  struct Case {
    const char* text;
    uint128 value;
  };
  const Case cases[] = {
      {"0", 0},
      {"1", 1},
      {"9", 9},
      {"10", 10},
      {"18446744073709551616", static_cast<uint128>(1) << 64},
      {"170141183460469231731687303715884105728", static_cast<uint128>(1) << 127},
      {kMax, kMaxHashKey},
  };
  for (const Case& c : cases) {
    StatusOr<HashKey> key = HashKey::Parse(c.text);
    ASSERT_TRUE(key.ok()) << c.text << ": " << key.status().ToString();
    EXPECT_TRUE(key->value() == c.value) << c.text;
    EXPECT_EQ(key->ToString(), c.text);
  }
}

TEST(HashKeyTest, RejectsEverythingOutsideThePattern) {
  const char* const bad[] = {
      "",
      "1.7e38",
      "34.0",
      "-1",
      "007",
      "00",
      " 5",
      "5 ",
      "+5",
      "0x10",
      "1e3",
      "abc",
      "5a",
      "٣",
      "1,000",
      "340282366920938463463374607431768211456",   // 2^128
      "340282366920938463463374607431768211460",   // above 2^128
      "999999999999999999999999999999999999999",   // 39 nines
      "1000000000000000000000000000000000000000",  // 40 digits
  };
  for (const char* text : bad) {
    StatusOr<HashKey> key = HashKey::Parse(text);
    ASSERT_FALSE(key.ok()) << "accepted '" << text << "'";
    EXPECT_EQ(key.status().code(), codes::kInvalidInput);
    EXPECT_NE(key.status().message().find(std::string("'") + text + "'"), std::string::npos)
        << key.status().message();
  }
}

TEST(HashKeyTest, MaxFormatsAsTwoTo128MinusOne) {
  EXPECT_EQ(HashKey::Max().ToString(), kMax);
  EXPECT_EQ(Uint128ToString(0), "0");
}

TEST(HashKeyTest, Orders) {
  EXPECT_LT(HashKey(1), HashKey(2));
  EXPECT_EQ(HashKey(7), HashKey(7));
  EXPECT_GT(HashKey::Max(), HashKey(0));
}

}  // namespace
}  // namespace kinesisctl
