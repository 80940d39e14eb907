#include "aws/salt_config.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/log.h"
#include "core/testing/temp_dir.h"

namespace kinesisctl::aws {
namespace {

using testing::TempDir;

TEST(SaltConfigTest, FlatKeysAndProfiles) {
  auto config = ParseSaltConfig(
      "kinesis.keyid: AKIDFLAT\n"
      "kinesis.key: secretflat\n"
      "kinesis.region: eu-west-1\n"
      "kinesis.endpoint: http://127.0.0.1:4567\n"
      "kinesis.other: ignored\n"
      "log_level: debug\n"
      "prod:\n"
      "  keyid: AKIDPROD\n"
      "  key: secretprod\n"
      "  region: us-west-2\n"
      "  unrelated: [1, 2]\n",
      "c.yaml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->kinesis.at("keyid"), "AKIDFLAT");
  EXPECT_EQ(config->kinesis.at("key"), "secretflat");
  EXPECT_EQ(config->kinesis.at("region"), "eu-west-1");
  EXPECT_EQ(config->kinesis.at("endpoint"), "http://127.0.0.1:4567");
  EXPECT_FALSE(config->kinesis.contains("other"));
  ASSERT_TRUE(config->profiles.contains("prod"));
  EXPECT_EQ(config->profiles.at("prod").at("keyid"), "AKIDPROD");
  EXPECT_EQ(config->profiles.at("prod").at("region"), "us-west-2");
  EXPECT_FALSE(config->profiles.at("prod").contains("unrelated"));
  EXPECT_FALSE(config->profiles.contains("log_level"));
}

TEST(SaltConfigTest, NestedKinesisMappingAndFlatKeysWin) {
  auto config =
      ParseSaltConfig("kinesis.region: flat\nkinesis:\n  region: nested\n  key: k\n", "c");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->kinesis.at("region"), "flat");
  EXPECT_EQ(config->kinesis.at("key"), "k");
}

TEST(SaltConfigTest, EmptyFileIsEmptyConfig) {
  auto config = ParseSaltConfig("", "c");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->kinesis.empty() && config->profiles.empty());
}

TEST(SaltConfigTest, InvalidFilesAreClearErrors) {
  auto bad_yaml = ParseSaltConfig("kinesis.key: [unclosed\n", "/x/c.yaml");
  EXPECT_EQ(bad_yaml.status().code(), codes::kConfig);
  EXPECT_NE(bad_yaml.status().message().find("/x/c.yaml"), std::string::npos);
  EXPECT_FALSE(ParseSaltConfig("- a\n- b\n", "c").ok());
  auto nested = ParseSaltConfig("kinesis.key: {a: b}\n", "c");
  EXPECT_EQ(nested.status().message(), "config file c: 'kinesis.key' must be a string");
}

TEST(SaltConfigTest, LookupOrder) {
  TempDir dir;
  MapEnvironment env({{"HOME", dir.path()}});
  const std::string system = dir.Write("etc/config.yaml", "kinesis.region: from-etc\n");
  auto found = LoadSaltConfig(std::nullopt, env, system);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->kinesis.at("region"), "from-etc");

  dir.Write(".config/kinesisctl/config.yaml", "kinesis.region: from-home\n");
  found = LoadSaltConfig(std::nullopt, env, system);
  EXPECT_EQ((*found)->kinesis.at("region"), "from-home");

  env.Set("KINESISCTL_CONFIG", dir.Write("env.yaml", "kinesis.region: from-env\n"));
  found = LoadSaltConfig(std::nullopt, env, system);
  EXPECT_EQ((*found)->kinesis.at("region"), "from-env");

  found = LoadSaltConfig(dir.Write("arg.yaml", "kinesis.region: from-arg\n"), env, system);
  EXPECT_EQ((*found)->kinesis.at("region"), "from-arg");
  EXPECT_EQ((*found)->path, dir.path() + "/arg.yaml");
}

TEST(SaltConfigTest, NoFileAnywhereIsNotConfigured) {
  TempDir dir;
  MapEnvironment env({{"HOME", dir.path()}});
  auto found = LoadSaltConfig(std::nullopt, env, dir.path() + "/etc/none.yaml");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TEST(SaltConfigTest, ExplicitFilesMustExist) {
  TempDir dir;
  MapEnvironment env({{"HOME", dir.path()}});
  auto missing = LoadSaltConfig(dir.path() + "/nope.yaml", env, "");
  EXPECT_EQ(missing.status().code(), codes::kConfig);
  EXPECT_NE(missing.status().message().find("nope.yaml"), std::string::npos);
  env.Set("KINESISCTL_CONFIG", dir.path() + "/also-nope.yaml");
  EXPECT_FALSE(LoadSaltConfig(std::nullopt, env, "").ok());
}

TEST(SaltConfigTest, WarnsWhenSecretsAreReadableByOthers) {
  TempDir dir;
  MapEnvironment env;
  std::ostringstream log;
  SetLogSink(&log);
  ASSERT_TRUE(LoadSaltConfig(dir.Write("open.yaml", "kinesis.key: s3cr3t\n", 0644), env, "").ok());
  const std::string open_log = log.str();
  log.str("");
  ASSERT_TRUE(
      LoadSaltConfig(dir.Write("closed.yaml", "kinesis.key: s3cr3t\n", 0600), env, "").ok());
  ASSERT_TRUE(
      LoadSaltConfig(dir.Write("nosecret.yaml", "kinesis.region: x\n", 0644), env, "").ok());
  SetLogSink(nullptr);
  EXPECT_NE(open_log.find("open.yaml holds secret keys but is readable by group or others"),
            std::string::npos)
      << open_log;
  EXPECT_EQ(open_log.find("s3cr3t"), std::string::npos);
  EXPECT_EQ(log.str(), "");
}

}  // namespace
}  // namespace kinesisctl::aws
