#include "core/json_utf8.h"

#include <gtest/gtest.h>

namespace kinesisctl {
namespace {

using Json = nlohmann::ordered_json;

// IsValidUtf8 accepts exactly the text nlohmann's strict dump() accepts.
TEST(FindNonUtf8Test, AgreesWithDump) {
  for (const char* text :
       {"", "plain", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf", "ab\xff", "\x80",
        "a\xc3", "\xc0\xaf", "\xe0\x80\xaf", "x\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82z",
        "\xf8\x88\x80\x80\x80"}) {
    bool throws = false;
    try {
      (void)Json(text).dump();
    } catch (const nlohmann::json::type_error&) {
      throws = true;
    }
    EXPECT_EQ(FindNonUtf8(Json(text)).has_value(), throws) << text;
    EXPECT_EQ(FindNonUtf8(Json{{text, 1}}).has_value(), throws) << text;
  }
}

TEST(FindNonUtf8Test, NamesWhereTheBadTextIs) {
  EXPECT_EQ(FindNonUtf8(Json{{"a", {1, "x", nullptr}}, {"b", true}}), std::nullopt);
  EXPECT_EQ(FindNonUtf8(Json("\xff")), "");
  EXPECT_EQ(FindNonUtf8(Json::array({"ok", "ok", "b\xff"})), "item 2");
  EXPECT_EQ(FindNonUtf8(Json{{"team", "d\xc3"}}), "'team'");
  EXPECT_EQ(FindNonUtf8(Json{{"k\xffy", 1}}), "key 'k?y'");
  EXPECT_EQ(FindNonUtf8(Json::array({Json{{"data", Json::array({"\xff"})}}})),
            "item 0, 'data', item 0");
  // Exactly the values whose dump() throws.
  for (const Json& bad : {Json("\xed\xa0\x80"), Json{{"x\xc0", 1}}, Json::array({"\xf5"})}) {
    EXPECT_TRUE(FindNonUtf8(bad).has_value());
    EXPECT_THROW((void)bad.dump(), nlohmann::json::type_error);
    EXPECT_NE(DumpForMessage(bad).find("\xef\xbf\xbd"), std::string::npos);  // U+FFFD
  }
}

}  // namespace
}  // namespace kinesisctl
