// Tests of the providers without I/O beyond files: explicit values, environment, shared files.
#include <gtest/gtest.h>

#include "aws/environment_credentials_provider.h"
#include "aws/shared_files_credentials_provider.h"
#include "aws/static_credentials_provider.h"
#include "core/testing/temp_dir.h"

namespace kinesisctl::aws {
namespace {

using testing::TempDir;

TEST(StaticCredentialsProviderTest, Answers) {
  auto none = StaticCredentialsProvider(std::nullopt, std::nullopt, std::nullopt, "arguments")
                  .GetCredentials();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto full = StaticCredentialsProvider("AKID", "SECRET", "TOKEN", "arguments").GetCredentials();
  ASSERT_TRUE(full.ok() && full->has_value());
  EXPECT_EQ((*full)->access_key_id, "AKID");
  EXPECT_EQ((*full)->secret_access_key, "SECRET");
  EXPECT_EQ((*full)->session_token, "TOKEN");
  EXPECT_EQ((*full)->source, "arguments");
}

TEST(StaticCredentialsProviderTest, KeyidWithoutKeyIsAnError) {
  auto r =
      StaticCredentialsProvider("AKID", std::nullopt, std::nullopt, "arguments").GetCredentials();
  EXPECT_EQ(r.status().code(), codes::kCredentials);
  EXPECT_EQ(r.status().message(), "arguments: keyid given without key");
  EXPECT_FALSE(
      StaticCredentialsProvider(std::nullopt, "S", std::nullopt, "a").GetCredentials().ok());
  EXPECT_FALSE(
      StaticCredentialsProvider(std::nullopt, std::nullopt, "T", "a").GetCredentials().ok());
  // Empty strings count as unset.
  auto empty = StaticCredentialsProvider("", "", "", "a").GetCredentials();
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->has_value());
}

TEST(EnvironmentCredentialsProviderTest, Answers) {
  MapEnvironment env;
  EnvironmentCredentialsProvider provider(env);
  ASSERT_TRUE(provider.GetCredentials().ok());
  EXPECT_FALSE(provider.GetCredentials()->has_value());
  env.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  EXPECT_EQ(provider.GetCredentials().status().code(), codes::kCredentials);
  env.Set("AWS_SECRET_ACCESS_KEY", "SECRETENV");
  env.Set("AWS_SECURITY_TOKEN", "LEGACY");
  auto c = provider.GetCredentials();
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->access_key_id, "AKIDENV");
  EXPECT_EQ((*c)->session_token, "LEGACY");
  env.Set("AWS_SESSION_TOKEN", "TOKENENV");
  env.Set("AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z");
  c = provider.GetCredentials();
  EXPECT_EQ((*c)->session_token, "TOKENENV");
  ASSERT_TRUE((*c)->expiration.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>((*c)->expiration->time_since_epoch())
                .count(),
            1893553445);
  env.Set("AWS_CREDENTIAL_EXPIRATION", "tomorrow");
  EXPECT_FALSE(provider.GetCredentials().ok());
}

class SharedFilesTest : public ::testing::Test {
 protected:
  SharedFilesTest() : env_({{"HOME", dir_.path()}}) {}
  TempDir dir_;
  MapEnvironment env_;
};

TEST_F(SharedFilesTest, DefaultProfileMissingIsNotConfigured) {
  auto c = SharedFilesCredentialsProvider(env_, std::nullopt).GetCredentials();
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_value());
}

TEST_F(SharedFilesTest, ReadsDefaultFromHome) {
  dir_.Write(".aws/credentials",
             "[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = SDEF\n");
  auto c = SharedFilesCredentialsProvider(env_, std::nullopt).GetCredentials();
  ASSERT_TRUE(c.ok() && c->has_value()) << c.status().ToString();
  EXPECT_EQ((*c)->access_key_id, "AKIDDEF");
  EXPECT_EQ((*c)->source, "shared files (AWS profile 'default')");
}

TEST_F(SharedFilesTest, ProfileSectionsOfBothFilesCredentialsFileWins) {
  env_.Set("AWS_SHARED_CREDENTIALS_FILE", dir_.Write("c",
                                                     "[prod]\naws_access_key_id = FROMCRED\n"
                                                     "aws_secret_access_key = SCRED\n"));
  env_.Set("AWS_CONFIG_FILE", dir_.Write("cfg",
                                         "[profile prod]\naws_access_key_id = FROMCFG\n"
                                         "aws_secret_access_key = SCFG\naws_session_token = TCFG\n"
                                         "[prod]\naws_access_key_id = NOT_A_CONFIG_PROFILE\n"));
  env_.Set("AWS_PROFILE", "prod");
  auto c = SharedFilesCredentialsProvider(env_, std::nullopt).GetCredentials();
  ASSERT_TRUE(c.ok() && c->has_value()) << c.status().ToString();
  EXPECT_EQ((*c)->access_key_id, "FROMCRED");
  EXPECT_EQ((*c)->secret_access_key, "SCRED");
  EXPECT_EQ((*c)->session_token, "TCFG");
}

TEST_F(SharedFilesTest, ConfigFileOnlyProfile) {
  env_.Set("AWS_CONFIG_FILE", dir_.Write("cfg",
                                         "[profile dev]\naws_access_key_id = A\n"
                                         "aws_secret_access_key = S\n"));
  auto c = SharedFilesCredentialsProvider(env_, "dev").GetCredentials();
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->access_key_id, "A");
}

TEST_F(SharedFilesTest, NamedProfileMissingIsAnError) {
  dir_.Write(".aws/credentials", "[default]\naws_access_key_id = A\naws_secret_access_key = S\n");
  env_.Set("AWS_PROFILE", "nope");
  auto c = SharedFilesCredentialsProvider(env_, std::nullopt).GetCredentials();
  EXPECT_EQ(c.status().code(), codes::kCredentials);
  EXPECT_NE(c.status().message().find("AWS profile 'nope' not found"), std::string::npos);
}

TEST_F(SharedFilesTest, BrokenProfilesAreErrors) {
  env_.Set("AWS_CONFIG_FILE", dir_.Write("cfg",
                                         "[profile half]\naws_access_key_id = A\n"
                                         "[profile role]\nrole_arn = arn:aws:iam::1:role/x\n"
                                         "[profile regiononly]\nregion = eu-west-1\n"));
  EXPECT_NE(SharedFilesCredentialsProvider(env_, "half")
                .GetCredentials()
                .status()
                .message()
                .find("without key"),
            std::string::npos);
  EXPECT_NE(SharedFilesCredentialsProvider(env_, "role")
                .GetCredentials()
                .status()
                .message()
                .find("role_arn"),
            std::string::npos);
  auto region_only = SharedFilesCredentialsProvider(env_, "regiononly").GetCredentials();
  ASSERT_TRUE(region_only.ok());
  EXPECT_FALSE(region_only->has_value());
  env_.Set("AWS_SHARED_CREDENTIALS_FILE", dir_.Write("bad", "[x\n"));
  EXPECT_EQ(SharedFilesCredentialsProvider(env_, std::nullopt).GetCredentials().status().code(),
            codes::kConfig);
}

}  // namespace
}  // namespace kinesisctl::aws
