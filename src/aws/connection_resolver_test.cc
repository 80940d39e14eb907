#include "aws/connection_resolver.h"

#include <gtest/gtest.h>

#include "aws/testing/fake_transport.h"
#include "core/testing/temp_dir.h"

namespace kinesisctl::aws {
namespace {

using testing::FakeTransport;

class ResolverTest : public ::testing::Test {
 protected:
  ResolverTest() : env_({{"HOME", dir_.path()}, {"AWS_EC2_METADATA_DISABLED", "true"}}) {
    context_.env = &env_;
    context_.clock = &clock_;
    context_.random = &random_;
    context_.system_config_path = dir_.path() + "/etc/kinesisctl/config.yaml";
    context_.metadata_transport = [this] { return std::make_unique<FakeTransport>(&metadata_); };
  }

  StatusOr<ResolvedConnection> Resolve() { return ResolveConnection(params_, context_); }
  std::string Region() {
    auto r = Resolve();
    return r.ok() ? r->region : "ERROR " + r.status().ToString();
  }
  std::string Endpoint() {
    auto r = Resolve();
    return r.ok() ? r->endpoint : "ERROR " + r.status().ToString();
  }
  // The access key id the resolved chain produces, "none", or "ERROR ...".
  std::string KeyId() {
    auto r = Resolve();
    if (!r.ok()) return "ERROR " + r.status().ToString();
    auto c = r->credentials->GetCredentials();
    if (!c.ok()) return "ERROR " + c.status().ToString();
    return c->has_value() ? (*c)->access_key_id : "none";
  }
  void UseConfig(const std::string& yaml) { dir_.Write(".config/kinesisctl/config.yaml", yaml); }

  testing::TempDir dir_;
  MapEnvironment env_;
  FakeClock clock_;
  SequenceRandom random_{{0.5}};
  FakeTransport::Shared metadata_;
  ResolveContext context_;
  ConnectionParams params_;
};

TEST_F(ResolverTest, RegionOrder) {
  EXPECT_EQ(Region(), "us-east-1");
  dir_.Write(".aws/config", "[default]\nregion = from-aws-default\n[profile p]\nregion = from-p\n");
  EXPECT_EQ(Region(), "from-aws-default");
  env_.Set("AWS_PROFILE", "p");
  EXPECT_EQ(Region(), "from-p");
  env_.Set("AWS_DEFAULT_REGION", "from-default-region");
  EXPECT_EQ(Region(), "from-default-region");
  env_.Set("AWS_REGION", "from-aws-region");
  EXPECT_EQ(Region(), "from-aws-region");
  UseConfig("kinesis.region: from-kinesis-region\nprof:\n  region: from-profile\n");
  EXPECT_EQ(Region(), "from-kinesis-region");
  params_.profile_name = "prof";
  EXPECT_EQ(Region(), "from-profile");
  params_.profile_name.reset();
  params_.profile_map = std::map<std::string, std::string>{{"region", "from-map"}};
  EXPECT_EQ(Region(), "from-map");
  params_.region = "from-arg";
  EXPECT_EQ(Region(), "from-arg");
}

TEST_F(ResolverTest, InvalidRegionIsAnError) {
  params_.region = "US East";
  EXPECT_EQ(Region(),
            "ERROR InvalidInput: invalid region 'US East' (from argument): expected a name such "
            "as us-east-1");
}

TEST_F(ResolverTest, EndpointOrder) {
  EXPECT_EQ(Endpoint(), "https://kinesis.us-east-1.amazonaws.com");
  params_.region = "cn-north-1";
  EXPECT_EQ(Endpoint(), "https://kinesis.cn-north-1.amazonaws.com.cn");
  env_.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:1001");
  EXPECT_EQ(Endpoint(), "http://127.0.0.1:1001");
  env_.Set("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:1002");
  EXPECT_EQ(Endpoint(), "http://127.0.0.1:1002");
  UseConfig("kinesis.endpoint: http://127.0.0.1:1003\nprof:\n  endpoint: http://127.0.0.1:1004\n");
  EXPECT_EQ(Endpoint(), "http://127.0.0.1:1003");
  params_.profile_name = "prof";
  EXPECT_EQ(Endpoint(), "http://127.0.0.1:1004");
  params_.endpoint = "http://127.0.0.1:1005";
  EXPECT_EQ(Endpoint(), "http://127.0.0.1:1005");
}

TEST_F(ResolverTest, TimeoutsFromArgumentProfileOrConfigKeys) {
  auto r = Resolve();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->call_timeout) << "unset: the client's defaults";
  EXPECT_FALSE(r->connect_timeout);
  UseConfig("kinesis.timeout: 7.5\nkinesis.connect_timeout: 1\nprof:\n  timeout: 9\n");
  r = Resolve();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->call_timeout, Duration(7500));
  EXPECT_EQ(r->connect_timeout, Duration(1000));
  params_.profile_name = "prof";
  r = Resolve();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->call_timeout, Duration(9000));
  params_.timeout = 2;
  params_.connect_timeout = 0.25;
  r = Resolve();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->call_timeout, Duration(2000));
  EXPECT_EQ(r->connect_timeout, Duration(250));
}

TEST_F(ResolverTest, BadTimeoutNamesItsSource) {
  UseConfig("kinesis:\n  timeout: soon\n");
  auto r = Resolve();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "timeout from kinesis.timeout must be a number of seconds above 0 and at most 86400, "
            "got 'soon'");
  UseConfig("kinesis.connect_timeout: -1\n");
  EXPECT_FALSE(Resolve().ok());
}

TEST_F(ResolverTest, IgnoreConfiguredEndpointUrls) {
  env_.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:1001");
  env_.Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  params_.region = "eu-west-1";
  EXPECT_EQ(Endpoint(), "https://kinesis.eu-west-1.amazonaws.com");
}

TEST_F(ResolverTest, MalformedEndpointNamesItsSource) {
  env_.Set("AWS_ENDPOINT_URL_KINESIS", "localhost:4567");
  const std::string got = Endpoint();
  EXPECT_TRUE(got.starts_with("ERROR InvalidInput: endpoint from AWS_ENDPOINT_URL_KINESIS")) << got;
  EXPECT_NE(got.find("localhost:4567"), std::string::npos);
}

TEST_F(ResolverTest, CredentialsOrder) {
  dir_.Write(".aws/credentials",
             "[default]\naws_access_key_id = FILES\naws_secret_access_key = s\n");
  EXPECT_EQ(KeyId(), "FILES");
  env_.Set("AWS_ACCESS_KEY_ID", "ENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "s");
  EXPECT_EQ(KeyId(), "ENV");
  UseConfig("kinesis.keyid: CONFIG\nkinesis.key: s\nprof:\n  keyid: PROFILE\n  key: s\n");
  EXPECT_EQ(KeyId(), "CONFIG");
  params_.profile_name = "prof";
  EXPECT_EQ(KeyId(), "PROFILE");
  params_.profile_name.reset();
  params_.profile_map = std::map<std::string, std::string>{{"keyid", "MAP"}, {"key", "s"}};
  EXPECT_EQ(KeyId(), "MAP");
  params_.keyid = "ARGS";
  params_.key = "s";
  EXPECT_EQ(KeyId(), "ARGS");
}

TEST_F(ResolverTest, ArgumentsOverrideProfileValuesPerKind) {
  UseConfig("prof:\n  keyid: PROFILE\n  key: s\n  region: eu-west-1\n  token: T\n");
  params_.profile_name = "prof";
  params_.keyid = "ARGS";
  params_.key = "argsecret";
  auto r = Resolve();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->region, "eu-west-1");
  auto c = r->credentials->GetCredentials();
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->access_key_id, "ARGS");
  EXPECT_EQ((*c)->secret_access_key, "argsecret");
  EXPECT_EQ((*c)->session_token, "") << "the profile's token does not leak onto other keys";
}

TEST_F(ResolverTest, ProfileRegionOnlyFallsThroughForCredentials) {
  UseConfig("prof:\n  region: ap-south-1\n");
  env_.Set("AWS_ACCESS_KEY_ID", "ENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "s");
  params_.profile_name = "prof";
  EXPECT_EQ(KeyId(), "ENV");
  EXPECT_EQ(Region(), "ap-south-1");
}

TEST_F(ResolverTest, UnknownProfileFallsBackToAwsProfile) {
  UseConfig("other:\n  keyid: X\n  key: s\n");
  dir_.Write(".aws/credentials", "[ops]\naws_access_key_id = AWSOPS\naws_secret_access_key = s\n");
  dir_.Write(".aws/config", "[profile ops]\nregion = eu-north-1\n");
  env_.Set("AWS_ACCESS_KEY_ID", "ENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "s");
  params_.profile_name = "ops";
  EXPECT_EQ(KeyId(), "AWSOPS") << "a named profile beats the environment";
  EXPECT_EQ(Region(), "eu-north-1");
}

TEST_F(ResolverTest, ProfileFoundNowhereIsAClearError) {
  UseConfig("other:\n  keyid: X\n  key: s\n");
  params_.profile_name = "ghost";
  const std::string got = KeyId();
  EXPECT_TRUE(got.starts_with("ERROR ConfigError: profile 'ghost' not found")) << got;
  EXPECT_NE(got.find(".aws/credentials"), std::string::npos);
}

TEST_F(ResolverTest, KeyidWithoutKeyFailsAtResolution) {
  params_.keyid = "AKID";
  EXPECT_EQ(Region(), "ERROR CredentialsError: arguments: keyid given without key");
  params_.keyid.reset();
  UseConfig("kinesis.keyid: AKID\n");
  EXPECT_TRUE(Region().starts_with("ERROR CredentialsError: config file "));
  UseConfig("prof:\n  keyid: AKID\n");
  params_.profile_name = "prof";
  EXPECT_TRUE(Region().starts_with("ERROR CredentialsError: profile 'prof'"));
}

TEST_F(ResolverTest, BrokenSourceStopsTheChain) {
  env_.Set("AWS_ACCESS_KEY_ID", "ENV");  // no secret: broken, not missing
  dir_.Write(".aws/credentials",
             "[default]\naws_access_key_id = FILES\naws_secret_access_key = s\n");
  EXPECT_TRUE(KeyId().starts_with("ERROR CredentialsError: AWS_ACCESS_KEY_ID is set"));
}

TEST_F(ResolverTest, ContainerThenInstanceMetadata) {
  EXPECT_EQ(KeyId(), "none");
  EXPECT_TRUE(metadata_.requests.empty()) << "IMDS disabled, no container variables";

  env_.Set("AWS_EC2_METADATA_DISABLED", "false");
  env_.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9");
  metadata_.answers.push_back(testing::JsonAnswer(200, "TOKEN"));
  metadata_.answers.push_back(testing::JsonAnswer(200, "role"));
  metadata_.answers.push_back(
      testing::JsonAnswer(200, R"({"AccessKeyId":"IMDS","SecretAccessKey":"s","Token":"t",)"
                               R"("Expiration":"2030-01-01T00:00:00Z"})"));
  EXPECT_EQ(KeyId(), "IMDS");
  EXPECT_EQ(metadata_.requests.size(), 3u);

  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds");
  metadata_.answers.push_back(
      testing::JsonAnswer(200, R"({"AccessKeyId":"CONTAINER","SecretAccessKey":"s","Token":"t"})"));
  EXPECT_EQ(KeyId(), "CONTAINER");
  EXPECT_EQ(metadata_.requests.back().url, "http://127.0.0.1:9/creds");
}

TEST_F(ResolverTest, ExplicitConfigPathMustExist) {
  params_.config_path = dir_.path() + "/missing.yaml";
  EXPECT_TRUE(Region().starts_with("ERROR ConfigError: cannot read config file "));
}

}  // namespace
}  // namespace kinesisctl::aws
