// Tests of the AWS profile credentials (assume-role chains, credential_source, web identity,
// SSO, credential_process, keys), their order, their errors, and their refresh through the
// resolved chain, with a fake transport for STS and the SSO portal.
#include "aws/profile_credentials_provider.h"

#include <gtest/gtest.h>

#include "aws/connection_resolver.h"
#include "aws/sts_client.h"
#include "aws/testing/fake_transport.h"
#include "core/testing/temp_dir.h"

namespace kinesisctl::aws {
namespace {

using testing::FakeTransport;
using testing::TempDir;

constexpr char kBaseSecret[] = "base-Secret/Value+0123456789";
constexpr char kAssumedSecret[] = "assumed-Secret/Value+0123456789";
constexpr char kWebToken[] = "eyJ-web-identity-token";
constexpr char kSsoToken[] = "sso-access-token-value";

HttpResponse Answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse StsOk(const std::string& akid, const std::string& action = "AssumeRole",
                   const std::string& expiration = "2030-01-01T00:00:00Z") {
  return Answer(200, "<" + action +
                         "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                         "<" +
                         action + "Result><Credentials><AccessKeyId>" + akid +
                         "</AccessKeyId><SecretAccessKey>" + kAssumedSecret +
                         "</SecretAccessKey><SessionToken>tok&amp;en</SessionToken>"
                         "<Expiration>" +
                         expiration +
                         "</Expiration></Credentials>"
                         "<AssumedRoleUser><Arn>arn</Arn></AssumedRoleUser></" +
                         action +
                         "Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" +
                         action + "Response>");
}

HttpResponse StsError(int status, const std::string& code, const std::string& message) {
  return Answer(status,
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                "<Type>Sender</Type><Code>" +
                    code + "</Code><Message>" + message +
                    "</Message></Error><RequestId>r</RequestId></ErrorResponse>");
}

std::string Header(const HttpRequest& r, const std::string& name) {
  HttpResponse h;
  h.headers = r.headers;
  return h.Header(name);
}

class ProfileCredentialsTest : public ::testing::Test {
 protected:
  ProfileCredentialsTest() {
    env_.Set("HOME", dir_.path());
    env_.Set("AWS_CONFIG_FILE", dir_.path() + "/config");
    env_.Set("AWS_SHARED_CREDENTIALS_FILE", dir_.path() + "/credentials");
  }
  void Files(const std::string& config, const std::string& credentials = "") {
    dir_.Write("config", config);
    dir_.Write("credentials", credentials);
  }
  ProfileCredentialsOptions Options() {
    ProfileCredentialsOptions o;
    o.env = &env_;
    o.clock = &clock_;
    o.random = &random_;
    o.region = "us-west-2";
    o.service_transport = [this] { return std::make_unique<FakeTransport>(&shared_); };
    o.metadata_transport = [this] { return std::make_unique<FakeTransport>(&metadata_); };
    return o;
  }
  StatusOr<std::optional<Credentials>> Get(std::optional<std::string> profile) {
    return ProfileCredentialsProvider(Options(), std::move(profile)).GetCredentials();
  }
  // The credentials, or a test failure.
  Credentials Must(std::optional<std::string> profile) {
    auto c = Get(std::move(profile));
    EXPECT_TRUE(c.ok()) << c.status().message();
    if (!c.ok() || !c->has_value()) return Credentials();
    return **c;
  }
  // The error message, checked to hold no secret.
  std::string Error(std::optional<std::string> profile) {
    auto c = Get(std::move(profile));
    EXPECT_FALSE(c.ok());
    if (c.ok()) return "";
    EXPECT_EQ(c.status().code(), codes::kCredentials);
    const std::string& m = c.status().message();
    for (const char* secret : {kBaseSecret, kAssumedSecret, kWebToken, kSsoToken}) {
      EXPECT_EQ(m.find(secret), std::string::npos) << m;
    }
    return m;
  }

  TempDir dir_;
  MapEnvironment env_;
  FakeClock clock_;
  struct ZeroRandom final : Random {
    double Uniform01() override { return 0; }
  } random_;
  FakeTransport::Shared shared_;
  FakeTransport::Shared metadata_;
};

const std::string kBaseKeys =
    std::string("aws_access_key_id = AKIDBASE\naws_secret_access_key = ") + kBaseSecret + "\n";

TEST_F(ProfileCredentialsTest, AssumeRoleWithSourceProfileSignsAndSendsEveryParameter) {
  Files(
      "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n"
      "role_session_name = my-session\nexternal_id = ext 1&2\nduration_seconds = 1800\n",
      "[base]\n" + kBaseKeys);
  shared_.answers.push_back(StsOk("ASIAROLE"));
  const Credentials c = Must("dev");
  EXPECT_EQ(c.access_key_id, "ASIAROLE");
  EXPECT_EQ(c.secret_access_key, kAssumedSecret);
  EXPECT_EQ(c.session_token, "tok&en");
  ASSERT_TRUE(c.expiration);
  EXPECT_NE(c.source.find("arn:aws:iam::123456789012:role/dev"), std::string::npos);
  ASSERT_EQ(shared_.requests.size(), 1u);
  const HttpRequest& r = shared_.requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://sts.us-west-2.amazonaws.com/");
  EXPECT_EQ(r.body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole"
            "%2Fdev&RoleSessionName=my-session&ExternalId=ext%201%262&DurationSeconds=1800");
  const std::string auth = Header(r, "Authorization");
  EXPECT_TRUE(
      auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDBASE/20231114/us-west-2/sts/"
                       "aws4_request"))
      << auth;
  EXPECT_EQ(Header(r, "X-Amz-Security-Token"), "");
}

TEST_F(ProfileCredentialsTest, RolesChainThroughSourceProfiles) {
  Files(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n"
      "role_session_name = b-session\n",
      "[c]\n" + kBaseKeys);
  shared_.answers.push_back(StsOk("ASIAB"));
  shared_.answers.push_back(StsOk("ASIAA"));
  EXPECT_EQ(Must("a").access_key_id, "ASIAA");
  ASSERT_EQ(shared_.requests.size(), 2u);
  EXPECT_NE(shared_.requests[0].body.find("role%2Fb"), std::string::npos);
  EXPECT_NE(Header(shared_.requests[0], "Authorization").find("Credential=AKIDBASE/"),
            std::string::npos);
  EXPECT_NE(shared_.requests[1].body.find("role%2Fa"), std::string::npos);
  EXPECT_NE(Header(shared_.requests[1], "Authorization").find("Credential=ASIAB/"),
            std::string::npos);
  // The second call carries the first role's session token.
  EXPECT_EQ(Header(shared_.requests[1], "X-Amz-Security-Token"), "tok&en");
  // A failure deep in the chain names the profile asked for and the path to the failing step.
  shared_.answers.push_back(StsError(403, "AccessDenied", "no"));
  EXPECT_EQ(Error("a"),
            "AWS profile 'a', source_profile 'b': STS AssumeRole at "
            "https://sts.us-west-2.amazonaws.com answered HTTP 403: AccessDenied: no");
  Files(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n"
      "[profile c]\ncredential_process = /nonexistent/helper\n");
  EXPECT_EQ(Error("a"),
            "AWS profile 'a', source_profile 'b', source_profile 'c': credential_process of AWS "
            "profile 'c': cannot run '/nonexistent/helper': No such file or directory");
}

TEST_F(ProfileCredentialsTest, SourceProfileLoopsAreRefusedBeforeAnyCall) {
  Files(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n"
      "[profile self]\nrole_arn = arn:aws:iam::1:role/s\nsource_profile = self\n");
  EXPECT_EQ(Error("a"),
            "AWS profile 'a', source_profile 'b': source_profile loop: 'a' -> 'b' -> 'a'");
  EXPECT_EQ(Error("self"), "AWS profile 'self': source_profile loop: 'self' -> 'self'");
  EXPECT_TRUE(shared_.requests.empty());
}

TEST_F(ProfileCredentialsTest, AProfileMayUseItsOwnKeysAsSource) {
  Files("", "[both]\n" + kBaseKeys + "role_arn = arn:aws:iam::1:role/own\nsource_profile = both\n");
  shared_.answers.push_back(StsOk("ASIAOWN"));
  EXPECT_EQ(Must("both").access_key_id, "ASIAOWN");
  EXPECT_NE(Header(shared_.requests.at(0), "Authorization").find("Credential=AKIDBASE/"),
            std::string::npos);
}

TEST_F(ProfileCredentialsTest, MfaSerialIsRefusedClearly) {
  Files(
      "[profile mfa]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = base\n"
      "mfa_serial = arn:aws:iam::1:mfa/me\n",
      "[base]\n" + kBaseKeys);
  const std::string m = Error("mfa");
  EXPECT_NE(m.find("AWS profile 'mfa' sets mfa_serial: kinesisctl cannot prompt for an MFA code"),
            std::string::npos)
      << m;
  EXPECT_TRUE(shared_.requests.empty());
}

TEST_F(ProfileCredentialsTest, IncompleteOrContradictoryRoleSettingsAreErrors) {
  Files(
      "[profile none]\nrole_arn = arn:aws:iam::1:role/x\n"
      "[profile both]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\n"
      "credential_source = Environment\n"
      "[profile missing]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = ghost\n"
      "[profile empty]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = nokeys\n"
      "[profile nokeys]\nregion = us-east-1\n"
      "[profile badsource]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Laptop\n"
      "[profile badduration]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\n"
      "duration_seconds = 10m\n",
      "[base]\n" + kBaseKeys);
  EXPECT_EQ(Error("none"),
            "AWS profile 'none' sets role_arn but neither source_profile nor credential_source");
  EXPECT_EQ(Error("both"),
            "AWS profile 'both' sets both source_profile and credential_source; keep one");
  EXPECT_NE(Error("missing").find("AWS profile 'missing': source_profile 'ghost' does not exist"),
            std::string::npos);
  EXPECT_EQ(Error("empty"), "AWS profile 'empty': source_profile 'nokeys' has no credentials");
  EXPECT_NE(Error("badsource").find("credential_source 'Laptop' is not one of Environment"),
            std::string::npos);
  EXPECT_NE(Error("badduration").find("duration_seconds must be a whole number"),
            std::string::npos);
  EXPECT_TRUE(shared_.requests.empty());
}

TEST_F(ProfileCredentialsTest, CredentialSourceEnvironmentAndContainer) {
  Files(
      "[profile envrole]\nrole_arn = arn:aws:iam::1:role/e\ncredential_source = Environment\n"
      "[profile ecsrole]\nrole_arn = arn:aws:iam::1:role/c\ncredential_source = EcsContainer\n");
  EXPECT_EQ(Error("envrole"),
            "AWS profile 'envrole': credential_source Environment provided no credentials");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", kBaseSecret);
  shared_.answers.push_back(StsOk("ASIAENVROLE"));
  EXPECT_EQ(Must("envrole").access_key_id, "ASIAENVROLE");
  EXPECT_NE(Header(shared_.requests.at(0), "Authorization").find("Credential=AKIDENV/"),
            std::string::npos);

  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds");
  metadata_.answers.push_back(
      Answer(200, std::string(R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":")") +
                      kBaseSecret + R"(","Token":"t","Expiration":"2030-01-01T00:00:00Z"})"));
  shared_.answers.push_back(StsOk("ASIAECSROLE"));
  EXPECT_EQ(Must("ecsrole").access_key_id, "ASIAECSROLE");
  EXPECT_EQ(metadata_.requests.at(0).url, "http://169.254.170.2/v2/creds");
  EXPECT_NE(Header(shared_.requests.at(1), "Authorization").find("Credential=ASIACONTAINER/"),
            std::string::npos);
}

TEST_F(ProfileCredentialsTest, StsErrorsAndUnreachableEndpointNameProfileAndStepOnce) {
  Files("[profile dev]\nrole_arn = arn:aws:iam::1:role/dev\nsource_profile = base\n",
        "[base]\n" + kBaseKeys);
  shared_.answers.push_back(StsError(403, "AccessDenied", "not authorized to assume &lt;dev&gt;"));
  EXPECT_EQ(Error("dev"),
            "AWS profile 'dev': STS AssumeRole at https://sts.us-west-2.amazonaws.com answered "
            "HTTP 403: AccessDenied: not authorized to assume <dev>");
  shared_.answers.push_back(Status(codes::kTransport, "connection refused"));
  EXPECT_EQ(Error("dev"),
            "AWS profile 'dev': STS AssumeRole at https://sts.us-west-2.amazonaws.com: "
            "connection refused");
  shared_.answers.push_back(Answer(200, "<html>captive portal</html>"));
  EXPECT_NE(Error("dev").find("the answer holds no Credentials element"), std::string::npos);
  EXPECT_EQ(shared_.requests.size(), 3u);  // one attempt each: no retries
}

TEST_F(ProfileCredentialsTest, StsEndpointOverrides) {
  Files(
      "[profile dev]\nrole_arn = arn:aws:iam::1:role/dev\nsource_profile = base\n"
      "services = local\nendpoint_url = http://127.0.0.1:9/profile\n"
      "[services local]\nsts =\n  endpoint_url = http://127.0.0.1:9/services\n"
      "kinesis =\n  endpoint_url = http://127.0.0.1:9/kinesis\n",
      "[base]\n" + kBaseKeys);
  const auto url_of_next_call = [&] {
    shared_.answers.push_back(StsOk("ASIA"));
    Must("dev");
    return shared_.requests.back().url;
  };
  env_.Set("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9/env-sts");
  env_.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:9/env");
  EXPECT_EQ(url_of_next_call(), "http://127.0.0.1:9/env-sts");
  env_ = MapEnvironment{{"HOME", dir_.path()},
                        {"AWS_CONFIG_FILE", dir_.path() + "/config"},
                        {"AWS_SHARED_CREDENTIALS_FILE", dir_.path() + "/credentials"},
                        {"AWS_ENDPOINT_URL", "http://127.0.0.1:9/env"}};
  EXPECT_EQ(url_of_next_call(), "http://127.0.0.1:9/services");
  env_.Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  EXPECT_EQ(url_of_next_call(), "https://sts.us-west-2.amazonaws.com/");
}

TEST_F(ProfileCredentialsTest, WebIdentityFromEnvironmentIsUnsigned) {
  Files("");
  const std::string token_file = dir_.Write("token", std::string(kWebToken) + "\n");
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", token_file);
  EXPECT_EQ(Error(std::nullopt),
            "web identity (AWS_WEB_IDENTITY_TOKEN_FILE): a web identity token file is set but no "
            "role ARN (AWS_ROLE_ARN or role_arn)");
  env_.Set("AWS_ROLE_ARN", "arn:aws:iam::1:role/web");
  env_.Set("AWS_ROLE_SESSION_NAME", "ci-run");
  shared_.answers.push_back(StsOk("ASIAWEB", "AssumeRoleWithWebIdentity"));
  EXPECT_EQ(Must(std::nullopt).access_key_id, "ASIAWEB");
  const HttpRequest& r = shared_.requests.at(0);
  EXPECT_EQ(Header(r, "Authorization"), "");
  EXPECT_EQ(r.body,
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1"
            "%3Arole%2Fweb&RoleSessionName=ci-run&WebIdentityToken=eyJ-web-identity-token");
  shared_.answers.push_back(StsError(400, "InvalidIdentityToken", "expired"));
  EXPECT_EQ(Error(std::nullopt),
            "web identity (AWS_WEB_IDENTITY_TOKEN_FILE): STS AssumeRoleWithWebIdentity at "
            "https://sts.us-west-2.amazonaws.com answered HTTP 400: InvalidIdentityToken: "
            "expired");
}

TEST_F(ProfileCredentialsTest, WebIdentityFromProfile) {
  const std::string token_file = dir_.Write("token", kWebToken);
  Files("[profile eks]\nrole_arn = arn:aws:iam::1:role/eks\nweb_identity_token_file = " +
        token_file + "\n[profile gone]\nrole_arn = r\nweb_identity_token_file = /nonexistent\n");
  shared_.answers.push_back(StsOk("ASIAEKS", "AssumeRoleWithWebIdentity"));
  EXPECT_EQ(Must("eks").access_key_id, "ASIAEKS");
  EXPECT_NE(shared_.requests.at(0).body.find("RoleSessionName=kinesisctl-session-1700000000"),
            std::string::npos);
  EXPECT_EQ(Error("gone"),
            "AWS profile 'gone' (web identity): cannot read the token file /nonexistent");
}

class SsoTest : public ProfileCredentialsTest {
 protected:
  void Token(const std::string& cache_key_sha1, const std::string& expires) {
    dir_.Write(".aws/sso/cache/" + cache_key_sha1 + ".json",
               std::string(R"({"accessToken": ")") + kSsoToken + R"(", "expiresAt": ")" + expires +
                   R"(", "region": "eu-west-1"})");
  }
  static HttpResponse RoleCredentials() {
    return Answer(200, std::string(R"({"roleCredentials": {"accessKeyId": "ASIASSO", )") +
                           R"("secretAccessKey": ")" + kAssumedSecret +
                           R"(", "sessionToken": "t", "expiration": 1893456000000}})");
  }
};

TEST_F(SsoTest, SsoSessionProfileReadsTheCacheAndCallsGetRoleCredentials) {
  Files(
      "[profile dev]\nsso_session = my-sso\nsso_account_id = 123456789012\n"
      "sso_role_name = Admin Role\n"
      "[sso-session my-sso]\nsso_start_url = https://example.awsapps.com/start\n"
      "sso_region = eu-west-1\n");
  // sha1("my-sso")
  Token("0ad374308c5a4e22f723adf10145eafad7c4031c", "2030-01-01T00:00:00Z");
  shared_.answers.push_back(RoleCredentials());
  const Credentials c = Must("dev");
  EXPECT_EQ(c.access_key_id, "ASIASSO");
  EXPECT_EQ(c.expiration, TimePoint(std::chrono::seconds(1893456000)));
  const HttpRequest& r = shared_.requests.at(0);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.url,
            "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?account_id="
            "123456789012&role_name=Admin%20Role");
  EXPECT_EQ(Header(r, "x-amz-sso_bearer_token"), kSsoToken);
  EXPECT_EQ(Header(r, "Authorization"), "");
}

TEST_F(SsoTest, LegacyProfileUsesTheStartUrlAsCacheKey) {
  Files(
      "[profile old]\nsso_start_url = https://example.awsapps.com/start\n"
      "sso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n");
  // sha1("https://example.awsapps.com/start"); the AWS CLI v1 wrote "...UTC" times.
  Token("e8be5486177c5b5392bd9aa76563515b29358e6e", "2030-01-01T00:00:00UTC");
  shared_.answers.push_back(RoleCredentials());
  EXPECT_EQ(Must("old").access_key_id, "ASIASSO");
}

TEST_F(SsoTest, MissingExpiredOrRejectedTokensSayToLogIn) {
  Files(
      "[profile dev]\nsso_session = my-sso\nsso_account_id = 1\nsso_role_name = R\n"
      "[sso-session my-sso]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n"
      "[profile half]\nsso_account_id = 1\n");
  const std::string hint = "; run `aws sso login --profile dev`";
  EXPECT_TRUE(Error("dev").ends_with(hint));
  Token("0ad374308c5a4e22f723adf10145eafad7c4031c", "2020-01-01T00:00:00Z");
  const std::string expired = Error("dev");
  EXPECT_EQ(expired, "AWS profile 'dev' (SSO): the SSO token has expired" + hint);
  Token("0ad374308c5a4e22f723adf10145eafad7c4031c", "2030-01-01T00:00:00Z");
  shared_.answers.push_back(Answer(401, R"({"message":"Session token not found or invalid"})"));
  EXPECT_TRUE(Error("dev").ends_with(hint));
  EXPECT_EQ(shared_.requests.size(), 1u);
  EXPECT_EQ(Error("half"),
            "AWS profile 'half' (SSO): missing sso_start_url, sso_region, sso_role_name");
}

TEST_F(ProfileCredentialsTest, WithinAProfileTheOrderIsBotocores) {
  const std::string process_script =
      dir_.Write("proc",
                 "#!/bin/sh\necho '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\","
                 "\"SecretAccessKey\":\"s\"}'\n",
                 0700);
  Files(
      "[profile roleandkeys]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n"
      "[profile credfile]\ncredential_process = " +
          process_script +
          "\n"
          "[profile configkeys]\ncredential_process = " +
          process_script + "\n" + kBaseKeys +
          "[profile ssoandprocess]\ncredential_process = " + process_script + "\n" +
          "sso_start_url = https://x\nsso_region = eu-west-1\nsso_account_id = 1\n"
          "sso_role_name = R\n",
      "[base]\n" + kBaseKeys + "[roleandkeys]\n" + kBaseKeys + "[credfile]\n" + kBaseKeys);
  // role_arn wins over the profile's keys (the assume-role provider comes first).
  shared_.answers.push_back(StsOk("ASIAROLE"));
  EXPECT_EQ(Must("roleandkeys").access_key_id, "ASIAROLE");
  // Credentials-file keys come before credential_process ...
  EXPECT_EQ(Must("credfile").access_key_id, "AKIDBASE");
  // ... which comes before config-file keys.
  EXPECT_EQ(Must("configkeys").access_key_id, "AKIDPROC");
  // SSO comes before credential_process (no token cached: the SSO error).
  EXPECT_NE(Error("ssoandprocess").find("aws sso login"), std::string::npos);
}

TEST_F(ProfileCredentialsTest, ProcessErrorsNameTheProfile) {
  Files("[profile p]\ncredential_process = /nonexistent/helper\n");
  EXPECT_EQ(Error("p"),
            "credential_process of AWS profile 'p': cannot run '/nonexistent/helper': No such file "
            "or directory");
}

TEST_F(ProfileCredentialsTest, MissingProfilesAndEmptyProfiles) {
  Files("[profile empty]\nregion = eu-west-1\n");
  EXPECT_NE(Error("ghost").find("AWS profile 'ghost' not found"), std::string::npos);
  auto none = Get(std::nullopt);  // no default profile: not configured
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto empty = Get("empty");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->has_value());
}

// Through ResolveConnection: the chain's order and the refresh of assumed credentials.
class ResolvedChainTest : public ProfileCredentialsTest {
 protected:
  StatusOr<ResolvedConnection> Resolve(std::optional<std::string> profile) {
    ResolveContext context;
    context.env = &env_;
    context.clock = &clock_;
    context.random = &random_;
    context.system_config_path = dir_.path() + "/no-such-config.yaml";
    context.service_transport = [this] { return std::make_unique<FakeTransport>(&shared_); };
    context.metadata_transport = [this] { return std::make_unique<FakeTransport>(&metadata_); };
    ConnectionParams params;
    params.profile_name = std::move(profile);
    return ResolveConnection(params, context);
  }
};

TEST_F(ResolvedChainTest, EnvironmentKeysComeBeforeTheAwsProfileButAfterAnExplicitOne) {
  Files("[profile dev]\nrole_arn = arn:aws:iam::1:role/dev\nsource_profile = base\n",
        "[base]\n" + kBaseKeys);
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
  env_.Set("AWS_PROFILE", "dev");
  auto from_env = Resolve(std::nullopt);
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ((*from_env->credentials->GetCredentials())->access_key_id, "AKIDENV");
  EXPECT_TRUE(shared_.requests.empty());
  shared_.answers.push_back(StsOk("ASIADEV"));
  auto explicit_profile = Resolve("dev");
  ASSERT_TRUE(explicit_profile.ok());
  EXPECT_EQ((*explicit_profile->credentials->GetCredentials())->access_key_id, "ASIADEV");
}

TEST_F(ResolvedChainTest, AssumedCredentialsAreRefreshedBeforeTheyExpire) {
  Files(
      "[default]\nrole_arn = arn:aws:iam::1:role/dev\nsource_profile = base\n"
      "region = eu-central-1\n",
      "[base]\n" + kBaseKeys);
  // The fake clock starts at 2023-11-14T22:13:20Z; the first credentials last one hour.
  shared_.answers.push_back(StsOk("ASIAFIRST", "AssumeRole", "2023-11-14T23:13:20Z"));
  shared_.answers.push_back(StsOk("ASIASECOND", "AssumeRole", "2023-11-15T00:13:20Z"));
  auto resolved = Resolve(std::nullopt);
  ASSERT_TRUE(resolved.ok()) << resolved.status().message();
  auto& provider = *resolved->credentials;
  EXPECT_EQ((*provider.GetCredentials())->access_key_id, "ASIAFIRST");
  EXPECT_EQ(shared_.requests.at(0).url, "https://sts.eu-central-1.amazonaws.com/");
  clock_.Advance(std::chrono::minutes(40));  // 20 minutes left: still cached
  EXPECT_EQ((*provider.GetCredentials())->access_key_id, "ASIAFIRST");
  EXPECT_EQ(shared_.requests.size(), 1u);
  clock_.Advance(std::chrono::minutes(6));  // 14 minutes left: refreshed
  EXPECT_EQ((*provider.GetCredentials())->access_key_id, "ASIASECOND");
  EXPECT_EQ(shared_.requests.size(), 2u);
}

TEST_F(ResolvedChainTest, BadProcessTimeoutSettingIsAnError) {
  Files("");
  env_.Set("KINESISCTL_CREDENTIAL_PROCESS_TIMEOUT", "soon");
  auto r = Resolve(std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("KINESISCTL_CREDENTIAL_PROCESS_TIMEOUT"), std::string::npos);
  env_.Set("KINESISCTL_CREDENTIAL_PROCESS_TIMEOUT", "0.5");
  EXPECT_EQ(*CredentialProcessTimeout(env_), std::chrono::milliseconds(500));
}

TEST(StsClientTest, ParsesAnswersAndErrors) {
  EXPECT_FALSE(ParseStsCredentials("<x/>").ok());
  EXPECT_FALSE(ParseStsCredentials("<Credentials><AccessKeyId>A</AccessKeyId></Credentials>").ok());
  EXPECT_EQ(ParseStsError("<ErrorResponse><Error><Code>Throttling</Code><Message>slow "
                          "down</Message></Error></ErrorResponse>"),
            "Throttling: slow down");
  EXPECT_EQ(ParseStsError("not xml"), "");
  EXPECT_EQ(FormEncode("a b/c+d=é"), "a%20b%2Fc%2Bd%3D%C3%A9");
}

}  // namespace
}  // namespace kinesisctl::aws
