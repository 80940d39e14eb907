#include "server/actions/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kinesisctl::server {
namespace {

std::string Dumped(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonTextTest, TimestampsMatchTheDocumentForm) {
  for (const int64_t ms :
       {int64_t{0}, int64_t{1000}, int64_t{1764170400000}, int64_t{1764170400001},
        int64_t{1764170400120}, int64_t{1764170400999}, int64_t{999}, int64_t{1}}) {
    const nlohmann::json doc = ms % 1000 == 0 ? nlohmann::json(ms / 1000)
                                              : nlohmann::json(static_cast<double>(ms) / 1000.0);
    std::string out;
    AppendTimestamp(out, ms);
    EXPECT_EQ(out, Dumped(doc)) << ms;
    EXPECT_EQ(static_cast<int64_t>(std::llround(nlohmann::json::parse(out).get<double>() * 1000)),
              ms);
  }
}

}  // namespace
}  // namespace kinesisctl::server
