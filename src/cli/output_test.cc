#include "cli/output.h"

#include <gtest/gtest.h>

namespace kinesisctl::cli {
namespace {

TEST(RenderYamlTest, WritesNullAsSaltDoes) {
  EXPECT_EQ(RenderYaml(nullptr), "null\n");
  const auto doc = nlohmann::ordered_json::parse(
      R"({"result":null,"shard":{"ParentShardId":null,"EndingHashKey":"340282366920938463463374607431768211455"}})");
  EXPECT_EQ(RenderYaml(doc),
            "result: null\n"
            "shard:\n"
            "  ParentShardId: null\n"
            "  EndingHashKey: '340282366920938463463374607431768211455'\n");
}

TEST(RenderYamlTest, QuotesStringsThatWouldReadBackAsOtherTypes) {
  const auto doc = nlohmann::ordered_json::parse(R"(["null","~","true","12","plain",12,true])");
  EXPECT_EQ(RenderYaml(doc), "- 'null'\n- '~'\n- 'true'\n- '12'\n- plain\n- 12\n- true\n");
}

}  // namespace
}  // namespace kinesisctl::cli
