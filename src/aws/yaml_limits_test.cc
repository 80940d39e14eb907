#include "aws/yaml_limits.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

namespace kinesisctl::aws {
namespace {

// Nine levels of ten aliases each: 10^9 nodes once expanded, a few hundred bytes of text.
std::string AliasBomb() {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", " : "") + prev;
    text += "]\n";
  }
  return text;
}

TEST(YamlLimitsTest, OrdinaryDocumentsPass) {
  EXPECT_TRUE(CheckYamlLimits(YAML::Load("streams: {s: {num_shards: 4, tags: {a: b}}}"), "f").ok());
  EXPECT_TRUE(CheckYamlLimits(YAML::Load("base: &b {x: 1}\nother: *b\n"), "f").ok());
}

TEST(YamlLimitsTest, AliasBombsAndDeepNestingAreRefused) {
  Status s = CheckYamlLimits(YAML::Load(AliasBomb()), "the argument");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), codes::kInvalidInput);
  EXPECT_EQ(s.message(), "the argument expands to more than 100000 YAML nodes (aliases included)");
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  s = CheckYamlLimits(YAML::Load(deep), "file f");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "file f nests deeper than 64 levels");
}

}  // namespace
}  // namespace kinesisctl::aws
