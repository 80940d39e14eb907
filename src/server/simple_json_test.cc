#include "server/simple_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kinesisctl::server {
namespace {

using nlohmann::json;

// Whatever the fast parser accepts, nlohmann::json::parse must read as the same document.
void ExpectSameAsNlohmann(const std::string& text) {
  const auto fast = ParseSimpleJson(text);
  ASSERT_TRUE(fast.has_value()) << text;
  const json slow = json::parse(text);
  EXPECT_TRUE(SameDocument(*fast, slow))
      << text << "\nfast: " << fast->dump() << "\nslow: " << slow.dump();
}

TEST(SimpleJsonTest, ReadsWhatSdksSendLikeNlohmann) {
  ExpectSameAsNlohmann(
      R"({"StreamName":"s","Records":[{"Data":"AAEC","PartitionKey":"k1"},)"
      R"({"Data":"","PartitionKey":"k2","ExplicitHashKey":"340282366920938463463374607431768211455"}]})");
  ExpectSameAsNlohmann(" {\n\t\"Limit\" : 10000 , \"ShardIterator\":\"abc=\"}\r\n");
  ExpectSameAsNlohmann(R"({"a":[],"b":{},"c":[[1,-2,0,-0],{"d":null}],"e":true,"f":false})");
  ExpectSameAsNlohmann(R"({"dup":1,"dup":"last wins"})");
  ExpectSameAsNlohmann(R"({"big":999999999999999999,"neg":-999999999999999999})");
  ExpectSameAsNlohmann(R"([1,2,3])");
  ExpectSameAsNlohmann(R"("just a string")");
}

TEST(SimpleJsonTest, DeclinesWhatItDoesNotHandle) {
  const std::vector<std::string> valid_but_declined = {R"({"a":"esc\"aped"})",
                                                       "{\"a\":\"caf\xc3\xa9\"}",
                                                       R"({"a":1.5})",
                                                       R"({"a":1e3})",
                                                       R"({"a":1E3})",
                                                       R"({"a":1234567890123456789})",
                                                       std::string(40, '[') + std::string(40, ']')};
  for (const std::string& text : valid_but_declined) {
    EXPECT_FALSE(ParseSimpleJson(text).has_value()) << text;
    EXPECT_FALSE(json::parse(text, nullptr, false).is_discarded()) << "valid JSON: " << text;
  }
}

TEST(SimpleJsonTest, DeclinesInvalidJson) {
  for (const std::string text :
       {"", "{", "}", R"({"a":})", R"({"a":1,})", R"([1,])", R"({"a" 1})", R"({a:1})",
        R"({"a":01})", R"({"a":-})", R"({"a":+1})", R"({"a":tru})", R"({"a":truex})",
        R"({"a":"unterminated)", R"({} {})", R"({"a":1}x)", "nul", R"({"a":.5})",
        "{\"a\":\"tab\tinside\"}"}) {
    EXPECT_FALSE(ParseSimpleJson(text).has_value()) << text;
    EXPECT_TRUE(json::parse(text, nullptr, false).is_discarded()) << "invalid JSON: " << text;
  }
}

TEST(SimpleJsonTest, SameDocumentComparesTypes) {
  EXPECT_TRUE(SameDocument(json::parse(R"({"a":[1,"x"]})"), json::parse(R"({"a":[1,"x"]})")));
  EXPECT_FALSE(SameDocument(json(uint64_t{1}), json(int64_t{1})));
  EXPECT_FALSE(SameDocument(json::parse(R"({"a":1})"), json::parse(R"({"a":1,"b":2})")));
  EXPECT_FALSE(SameDocument(json::parse("[1,2]"), json::parse("[2,1]")));
}

}  // namespace
}  // namespace kinesisctl::server
