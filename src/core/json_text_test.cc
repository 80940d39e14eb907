#include "core/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace kinesisctl {
namespace {

std::string Dumped(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonTextTest, StringsMatchNlohmannDump) {
  for (const std::string& s :
       {std::string(""), std::string("plain key-1"), std::string("quote \" and \\ backslash"),
        std::string("tab\tnew\nline\x01"), std::string("caf\xc3\xa9 \xe2\x82\xac"),
        std::string("bad \xff\xfe bytes"), std::string("caf\xc3\xa9 then \xc3"),
        std::string(1, '\0'), std::string("\x7f")}) {
    std::string out = "prefix ";
    AppendJsonString(out, s);
    EXPECT_EQ(out, "prefix " + Dumped(s)) << s;
    EXPECT_EQ(nlohmann::json::parse(out.substr(7), nullptr, false).is_string(), true) << out;
  }
}

TEST(JsonTextTest, EscapesWhatJsonRequires) {
  const std::string text = std::string("q\"b\\n\n\r\t\b\f\x01\x1f h\xc3\xa9 ") + '\0' + "end";
  std::string out;
  AppendJsonString(out, text);
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), text);
  EXPECT_EQ(out, nlohmann::json(text).dump());  // the same text nlohmann writes
}

}  // namespace
}  // namespace kinesisctl
