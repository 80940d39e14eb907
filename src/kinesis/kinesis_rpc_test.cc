// End-to-end tests of MakeKinesisRpc: process environment (scoped), a config file, libcurl and a
// real HTTP server on 127.0.0.1; the retry sleeps go to a fake clock.
#include "kinesis/kinesis_rpc.h"

#include <gtest/gtest.h>

#include <sstream>

#include "aws/testing/loopback_http_server.h"
#include "signing/sigv4.h"
#include "core/testing/temp_dir.h"
#include "core/log.h"

namespace kinesisctl::aws {
namespace {

using testing::LoopbackHttpServer;
using testing::ReceivedRequest;

constexpr char kKeyId[] = "AKIDE2ETEST";
constexpr char kSecret[] = "e2eSECRETkeyDoNotLog/abcdefghij0123456789";
constexpr char kToken[] = "e2eTOKENdoNotLogFQoGZXIvYXdzEJr";

HttpResponse Answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "rid-1"}};
  return r;
}

// Answers by X-Amz-Target; the failing answers echo the secrets they received, as a hostile or
// verbose server might (AWS's signature-mismatch message quotes the canonical request).
HttpResponse Kinesis(const ReceivedRequest& r) {
  const std::string target = r.Header("X-Amz-Target");
  const std::string echo =
      "auth=" + r.Header("Authorization") + " token=" + r.Header("X-Amz-Security-Token");
  if (target == "Kinesis_20131202.ListStreams") {
    return Answer(200, R"({"StreamNames":[],"HasMoreStreams":false})");
  }
  if (target == "Kinesis_20131202.DescribeStream") {
    return Answer(500, R"({"__type":"InternalFailureException","message":")" + echo + "\"}");
  }
  return Answer(400, R"({"__type":"InvalidSignatureException","message":")" + echo + "\"}");
}

class KinesisRpcTest : public ::testing::Test {
 protected:
  KinesisRpcTest() : server_(Kinesis) {
    for (const char* name :
         {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
          "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
          "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KINESIS", "AWS_SHARED_CREDENTIALS_FILE",
          "AWS_CONFIG_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http_proxy", "HTTP_PROXY", "https_proxy",
          "HTTPS_PROXY", "AWS_CA_BUNDLE"}) {
      env_.Unset(name);
    }
    env_.Set("HOME", dir_.path());
    env_.Set("AWS_EC2_METADATA_DISABLED", "true");
    env_.Set("KINESISCTL_CONFIG",
             dir_.Write("config.yaml", std::string("kinesis.region: eu-west-1\n") +
                                           "kinesis.endpoint: " + server_.url() +
                                           "\nsecure:\n  keyid: " + kKeyId + "\n  key: " + kSecret +
                                           "\n  token: " + kToken + "\n"));
    options_.clock = &clock_;
    options_.sleeper = &clock_;
    options_.random = &random_;
    options_.retry.max_attempts = 3;
    options_.connect_timeout = std::chrono::seconds(2);
    options_.request_timeout = std::chrono::seconds(5);
  }

  testing::TempDir dir_;
  testing::ScopedEnv env_;
  LoopbackHttpServer server_;
  FakeClock clock_;
  SequenceRandom random_{{0.25}};
  RpcOptions options_;
};

TEST_F(KinesisRpcTest, CallsReuseOneConnectionAndSignaturesVerifyOnTheWire) {
  ConnectionParams params;
  params.profile_name = "secure";
  auto rpc = MakeKinesisRpc(params, options_);
  ASSERT_TRUE(rpc.ok()) << rpc.status().ToString();
  for (int i = 0; i < 3; ++i) {
    auto result = (*rpc)->Call("ListStreams", nlohmann::ordered_json::object(), {});
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ((*result)["HasMoreStreams"], false);
  }
  EXPECT_EQ(server_.connections(), 1);
  // Recompute the signature from what actually crossed the wire.
  const ReceivedRequest got = server_.requests().at(0);
  const std::string auth = got.Header("Authorization");
  const size_t sh = auth.find("SignedHeaders=") + 14;
  const std::string signed_list = auth.substr(sh, auth.find(',', sh) - sh);
  std::vector<std::string> signed_headers;
  for (size_t start = 0; start <= signed_list.size();) {
    const size_t end = std::min(signed_list.find(';', start), signed_list.size());
    signed_headers.push_back(signed_list.substr(start, end - start));
    start = end + 1;
  }
  EXPECT_EQ(signed_list, "content-type;host;x-amz-date;x-amz-security-token;x-amz-target");
  const std::string date = got.Header("X-Amz-Date");
  const std::string creq = sigv4::CanonicalRequest(got.method, "/", "", got.headers, signed_headers,
                                                   sigv4::Sha256Hex(got.body));
  const std::string scope = sigv4::CredentialScope(date.substr(0, 8), "eu-west-1", "kinesis");
  const std::string expected =
      sigv4::Signature(sigv4::DeriveSigningKey(kSecret, date.substr(0, 8), "eu-west-1", "kinesis"),
                       sigv4::StringToSign(date, scope, creq));
  EXPECT_EQ(auth.substr(auth.find("Signature=") + 10), expected);
  EXPECT_EQ(got.Header("Host"), server_.url().substr(7));
}

TEST_F(KinesisRpcTest, NoSecretInDebugLogsOrErrors) {
  std::ostringstream log;
  const LogLevel old = GetLogLevel();
  SetLogLevel(LogLevel::kDebug);
  SetLogSink(&log);
  std::vector<Status> errors;
  {
    ConnectionParams params;
    params.profile_name = "secure";
    auto rpc = MakeKinesisRpc(params, options_);
    ASSERT_TRUE(rpc.ok());
    errors.push_back((*rpc)->Call("DescribeStream", {{"StreamName", "s"}}, {}).status());
    errors.push_back((*rpc)->Call("CreateStream", {{"StreamName", "s"}}, {}).status());
  }
  {
    ConnectionParams params;  // explicit arguments, and a port nobody listens on any more
    params.keyid = kKeyId;
    params.key = kSecret;
    params.token = kToken;
    int closed_port;
    { closed_port = LoopbackHttpServer(Kinesis).port(); }
    params.endpoint = "http://127.0.0.1:" + std::to_string(closed_port);
    auto rpc = MakeKinesisRpc(params, options_);
    ASSERT_TRUE(rpc.ok());
    errors.push_back((*rpc)->Call("ListStreams", {}, {}).status());
  }
  {
    ConnectionParams params;
    params.keyid = kKeyId;  // without key
    params.token = kToken;
    errors.push_back(MakeKinesisRpc(params, options_).status());
  }
  SetLogSink(nullptr);
  SetLogLevel(old);
  EXPECT_EQ(errors[0].code(), codes::kRetriesExhausted);
  EXPECT_EQ(errors[1].code(), "InvalidSignatureException");
  EXPECT_EQ(errors[2].code(), codes::kRetriesExhausted);
  EXPECT_EQ(errors[3].code(), codes::kCredentials);
  std::string everything = log.str();
  for (const Status& s : errors) everything += "\n" + s.ToString();
  EXPECT_NE(everything.find("DescribeStream"), std::string::npos) << "debug log was captured";
  EXPECT_NE(everything.find("attempt 3/3"), std::string::npos);
  EXPECT_EQ(everything.find(kSecret), std::string::npos) << everything;
  EXPECT_EQ(everything.find(kToken), std::string::npos) << everything;
  const auto requests = server_.requests();
  ASSERT_GE(requests.size(), 4u);
  for (const ReceivedRequest& r : requests) {
    const std::string auth = r.Header("Authorization");
    const std::string signature = auth.substr(auth.find("Signature=") + 10);
    ASSERT_EQ(signature.size(), 64u);
    EXPECT_EQ(everything.find(signature), std::string::npos) << everything;
  }
}

TEST_F(KinesisRpcTest, ResolutionErrorsBeforeAnyRequest) {
  ConnectionParams ghost;
  ghost.profile_name = "ghost";
  EXPECT_EQ(MakeKinesisRpc(ghost, options_).status().code(), codes::kConfig);
  ConnectionParams bad_endpoint;
  bad_endpoint.endpoint = "127.0.0.1:4567";
  EXPECT_EQ(MakeKinesisRpc(bad_endpoint, options_).status().code(), codes::kInvalidInput);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(KinesisRpcTest, NoCredentialsAnywhere) {
  ConnectionParams params;  // config has region and endpoint but no kinesis.key
  auto rpc = MakeKinesisRpc(params, options_);
  ASSERT_TRUE(rpc.ok());
  auto result = (*rpc)->Call("ListStreams", {}, {});
  EXPECT_EQ(result.status().code(), codes::kCredentials);
  EXPECT_TRUE(server_.requests().empty());
}

}  // namespace
}  // namespace kinesisctl::aws
