#include "server/console/console.h"

#include <gtest/gtest.h>

namespace kinesisctl::server {
namespace {

HttpRequest Get(const std::string& target, const std::string& method = "GET") {
  HttpRequest r;
  r.method = method;
  r.target = target;
  r.headers["host"] = "127.0.0.1:4567";
  return r;
}

std::string HeaderOf(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST(ConsoleTest, OnForLoopbackOffElsewhereWithoutTls) {
  EXPECT_TRUE(DecideConsole("127.0.0.1", false, false).enabled);
  EXPECT_TRUE(DecideConsole("::1", false, false).enabled);
  EXPECT_TRUE(DecideConsole("127.3.2.1", false, false).enabled);
  EXPECT_FALSE(DecideConsole("127.0.0.1", true, false).enabled);
  const auto elsewhere = DecideConsole("0.0.0.0", false, false);
  EXPECT_FALSE(elsewhere.enabled);
  EXPECT_NE(elsewhere.reason.find("TLS"), std::string::npos);
  EXPECT_TRUE(DecideConsole("10.0.0.1", false, true).enabled);
  EXPECT_FALSE(DecideConsole("10.0.0.1", true, true).enabled);
}

TEST(ConsoleTest, ServesThePageAndItsFiles) {
  const Console console(DecideConsole("127.0.0.1", false, false), false);
  for (const char* target : {"/console", "/console/", "/console?x=1", "/console/index.html"}) {
    auto page = console.Handle(Get(target));
    ASSERT_TRUE(page.has_value()) << target;
    EXPECT_EQ(page->status, 200) << target;
    EXPECT_EQ(HeaderOf(*page, "Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(page->body.find("<title>kinesisctl console</title>"), std::string::npos);
    EXPECT_NE(HeaderOf(*page, "Content-Security-Policy").find("connect-src 'self'"),
              std::string::npos);
  }
  auto js = console.Handle(Get("/console/console.js"));
  ASSERT_TRUE(js.has_value());
  EXPECT_EQ(HeaderOf(*js, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js->body.find("AWS4-HMAC-SHA256"), std::string::npos);
  auto css = console.Handle(Get("/console/console.css"));
  ASSERT_TRUE(css.has_value());
  EXPECT_EQ(HeaderOf(*css, "Content-Type"), "text/css; charset=utf-8");
  auto settings = console.Handle(Get("/console/settings.json"));
  ASSERT_TRUE(settings.has_value());
  EXPECT_EQ(settings->body, R"({"signaturesChecked":false})");
  EXPECT_EQ(Console(DecideConsole("127.0.0.1", false, false), true)
                .Handle(Get("/console/settings.json"))
                ->body,
            R"({"signaturesChecked":true})");
  EXPECT_EQ(console.Handle(Get("/console/missing.js"))->status, 404);
  EXPECT_EQ(console.Handle(Get("/console", "POST"))->status, 405);
  // The API's paths are not the console's.
  EXPECT_FALSE(console.Handle(Get("/")).has_value());
  EXPECT_FALSE(console.Handle(Get("/consoles")).has_value());
}

TEST(ConsoleTest, OffAnswersWhy) {
  const Console off(DecideConsole("127.0.0.1", true, false), false);
  auto page = off.Handle(Get("/console"));
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->status, 404);
  EXPECT_NE(page->body.find("--no-console"), std::string::npos);
}

}  // namespace
}  // namespace kinesisctl::server
