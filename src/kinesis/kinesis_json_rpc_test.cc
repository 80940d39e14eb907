#include "kinesis/kinesis_json_rpc.h"

#include <gtest/gtest.h>

#include <sstream>

#include "aws/static_credentials_provider.h"
#include "aws/testing/fake_transport.h"
#include "core/log.h"
#include "kinesis/retry.h"

namespace kinesisctl::aws {
namespace {

using testing::AwsError;
using testing::FakeTransport;
using testing::JsonAnswer;

constexpr char kSecret[] = "SECRETwJalrXUtnFEMIK7MDENGbPxRfiCY";
constexpr char kToken[] = "TOKENFwoGZXIvYXdzEBYaDH";

class KinesisJsonRpcTest : public ::testing::Test {
 protected:
  std::unique_ptr<JsonRpc> Make(RetryPolicy retry = {}, std::string token = kToken) {
    KinesisRpcConfig config;
    config.endpoint = "http://127.0.0.1:4567";
    config.region = "eu-west-1";
    config.credentials =
        std::make_shared<StaticCredentialsProvider>("AKIDTEST", kSecret, token, "arguments");
    config.retry = retry;
    config.request_timeout = std::chrono::seconds(30);
    auto rpc = NewKinesisJsonRpc(config, std::make_unique<FakeTransport>(&shared_), clock_, clock_,
                                 random_);
    EXPECT_TRUE(rpc.ok()) << rpc.status().ToString();
    return std::move(rpc).value();
  }

  static std::string HeaderOf(const HttpRequest& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "<absent>";
  }

  FakeTransport::Shared shared_;
  FakeClock clock_;
  SequenceRandom random_{{0.5}};
};

TEST_F(KinesisJsonRpcTest, SendsASignedJsonRequest) {
  shared_.answers.push_back(JsonAnswer(200, R"({"StreamNames":["a"],"HasMoreStreams":false})"));
  auto rpc = Make();
  auto result = rpc->Call("ListStreams", {{"Limit", 10}}, {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ((*result)["StreamNames"][0], "a");
  ASSERT_EQ(shared_.requests.size(), 1u);
  const HttpRequest& r = shared_.requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "http://127.0.0.1:4567/");
  EXPECT_EQ(r.body, R"({"Limit":10})");
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(HeaderOf(r, "X-Amz-Target"), "Kinesis_20131202.ListStreams");
  EXPECT_EQ(HeaderOf(r, "Host"), "127.0.0.1:4567");
  EXPECT_EQ(HeaderOf(r, "User-Agent"), "kinesisctl");  // sent, not signed (as botocore)
  EXPECT_EQ(HeaderOf(r, "X-Amz-Security-Token"), kToken);
  EXPECT_TRUE(HeaderOf(r, "Authorization")
                  .starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST/20231114/eu-west-1/kinesis/"
                               "aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                               "x-amz-security-token;x-amz-target, Signature="));
  EXPECT_EQ(shared_.timeouts[0], std::chrono::seconds(30));
}

TEST_F(KinesisJsonRpcTest, EmptyAnswerIsAnEmptyObjectAndNullRequestIsEmptyObject) {
  shared_.answers.push_back(JsonAnswer(200, ""));
  auto result = Make()->Call("DescribeLimits", nullptr, {});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->is_object() && result->empty());
  EXPECT_EQ(shared_.requests[0].body, "{}");
}

TEST_F(KinesisJsonRpcTest, RetriesThrottlingAndResignsEveryAttempt) {
  shared_.answers.push_back(AwsError("LimitExceededException", "Rate exceeded for stream s"));
  shared_.answers.push_back(AwsError("InternalFailureException", "oops", 500));
  shared_.answers.push_back(JsonAnswer(200, "{}"));
  auto result = Make()->Call("DescribeStreamSummary", {{"StreamName", "s"}}, {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(shared_.requests.size(), 3u);
  // min(0.5 * 2^attempt s, 10 s).
  EXPECT_EQ(clock_.sleeps(), (std::vector<Duration>{Duration(500), Duration(1000)}));
  EXPECT_NE(HeaderOf(shared_.requests[0], "X-Amz-Date"),
            HeaderOf(shared_.requests[2], "X-Amz-Date"));
  EXPECT_NE(HeaderOf(shared_.requests[0], "Authorization"),
            HeaderOf(shared_.requests[2], "Authorization"));
}

TEST_F(KinesisJsonRpcTest, CallTextSendsTheBodyAsGivenAndReturnsTheAnswerAsText) {
  shared_.answers.push_back(AwsError("InternalFailureException", "oops", 500));
  shared_.answers.push_back(JsonAnswer(200, R"({"FailedRecordCount": 0, "Records": []})"));
  shared_.answers.push_back(JsonAnswer(200, ""));
  shared_.answers.push_back(AwsError("ResourceNotFoundException", "Stream s not found."));
  auto rpc = Make();
  const std::string body = R"({"Records":[],"StreamName":"s"})";
  auto text = rpc->CallText("PutRecords", body, {});
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, R"({"FailedRecordCount": 0, "Records": []})");  // not re-serialised
  ASSERT_EQ(shared_.requests.size(), 2u);                          // retried like Call
  EXPECT_EQ(shared_.requests[1].body, body);
  EXPECT_EQ(HeaderOf(shared_.requests[1], "X-Amz-Target"), "Kinesis_20131202.PutRecords");
  text = rpc->CallText("PutRecords", body, {});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "{}");
  text = rpc->CallText("PutRecords", body, {});
  EXPECT_EQ(text.status().code(), "ResourceNotFoundException");
}

TEST_F(KinesisJsonRpcTest, FinalErrorsReturnAtOnce) {
  shared_.answers.push_back(AwsError("ResourceNotFoundException", "Stream s not found."));
  auto result = Make()->Call("DescribeStream", {{"StreamName", "s"}}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), "ResourceNotFoundException");
  EXPECT_EQ(result.status().message(), "Stream s not found.");
  EXPECT_EQ(result.status().http_status(), 400);
  EXPECT_EQ(result.status().request_id(), "req-1");
  EXPECT_EQ(shared_.requests.size(), 1u);
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(KinesisJsonRpcTest, ResourceInUseRetriedOnlyWhenAsked) {
  shared_.answers.push_back(AwsError("ResourceInUseException", "Stream s already exists"));
  auto create = Make()->Call("CreateStream", {{"StreamName", "s"}}, {});
  EXPECT_EQ(create.status().code(), "ResourceInUseException");
  EXPECT_EQ(shared_.requests.size(), 1u);

  shared_.answers.push_back(AwsError("ResourceInUseException", "Stream s is UPDATING"));
  shared_.answers.push_back(JsonAnswer(200, ""));
  CallOptions modify;
  modify.retry_resource_in_use = true;
  auto split = Make()->Call("SplitShard", {{"StreamName", "s"}}, modify);
  EXPECT_TRUE(split.ok());
  EXPECT_EQ(shared_.requests.size(), 3u);
}

TEST_F(KinesisJsonRpcTest, RetriesExhaustedWithSaltsMessage) {
  RetryPolicy retry;
  retry.max_attempts = 3;
  for (int i = 0; i < 3; ++i) {
    shared_.answers.push_back(
        Status(codes::kTransport, "connection refused to http://127.0.0.1:9"));
  }
  auto result = Make(retry)->Call("DescribeStream", {{"StreamName", "s"}}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), codes::kRetriesExhausted);
  // Salt's text, then the real cause.
  EXPECT_EQ(result.status().message(),
            "Tried to execute function DescribeStream 3 times, but was unable: TransportError: "
            "connection refused to http://127.0.0.1:9");
  EXPECT_EQ(shared_.requests.size(), 3u);
  EXPECT_EQ(clock_.sleeps().size(), 2u);  // no pointless sleep after the last attempt
}

TEST_F(KinesisJsonRpcTest, DeadlineStopsRetrying) {
  RetryPolicy retry;
  retry.deadline = clock_.Now() + std::chrono::milliseconds(1200);
  for (int i = 0; i < 5; ++i) shared_.answers.push_back(AwsError("ThrottlingException", "slow"));
  auto result = Make(retry)->Call("ListShards", {{"StreamName", "s"}}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), codes::kDeadlineExceeded);
  EXPECT_NE(result.status().message().find("ThrottlingException"), std::string::npos);
  // 500 ms fits before the deadline, 1000 ms more does not.
  EXPECT_EQ(shared_.requests.size(), 2u);
  EXPECT_EQ(clock_.sleeps(), std::vector<Duration>{Duration(500)});
  // The second attempt's timeout was cut to what was left of the deadline.
  EXPECT_EQ(shared_.timeouts[1], Duration(700));
}

TEST_F(KinesisJsonRpcTest, PerCallDeadlineStopsRetryingBeforeThePolicysOwn) {
  RetryPolicy retry;
  retry.deadline = clock_.Now() + std::chrono::hours(1);
  for (int i = 0; i < 5; ++i) shared_.answers.push_back(AwsError("ThrottlingException", "slow"));
  CallOptions options;
  options.deadline = clock_.Now() + std::chrono::milliseconds(1200);
  auto result = Make(retry)->Call("ListShards", {{"StreamName", "s"}}, options);
  EXPECT_EQ(result.status().code(), codes::kDeadlineExceeded);
  EXPECT_EQ(shared_.requests.size(), 2u);
  EXPECT_EQ(shared_.timeouts[1], Duration(700));
}

// An endpoint that accepts and never answers: every attempt runs to its timeout. Without any
// deadline from the caller, the call still ends at its default call_timeout (120 s), every
// attempt's timeout cut to what is left, and the error names the cause.
TEST_F(KinesisJsonRpcTest, EveryCallHasADeadlineByDefault) {
  shared_.hang_clock = &clock_;
  const TimePoint start = clock_.Now();
  auto result = Make()->Call("ListStreams", {}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), codes::kDeadlineExceeded);
  EXPECT_LE(clock_.Now() - start, kDefaultCallTimeout);
  EXPECT_NE(result.status().message().find("ListStreams did not succeed within its deadline "
                                           "(120 s, "),
            std::string::npos)
      << result.status().message();
  EXPECT_NE(result.status().message().find("no answer from http://127.0.0.1:4567"),
            std::string::npos)
      << result.status().message();
  // Far fewer than Salt's 18 attempts of 30 s each.
  EXPECT_LT(shared_.requests.size(), 18u);
  Duration spent(0);
  for (size_t i = 0; i < shared_.timeouts.size(); ++i) {
    EXPECT_LE(shared_.timeouts[i], std::chrono::seconds(30));
    spent += shared_.timeouts[i];
  }
  EXPECT_LE(spent, kDefaultCallTimeout);
}

TEST_F(KinesisJsonRpcTest, CallTimeoutIsConfigurableAndBoundsTheFirstAttempt) {
  shared_.hang_clock = &clock_;
  KinesisRpcConfig config;
  config.endpoint = "http://127.0.0.1:4567";
  config.region = "eu-west-1";
  config.credentials =
      std::make_shared<StaticCredentialsProvider>("AKIDTEST", kSecret, std::nullopt, "arguments");
  config.request_timeout = std::chrono::seconds(30);
  config.call_timeout = std::chrono::milliseconds(2000);
  auto rpc =
      NewKinesisJsonRpc(config, std::make_unique<FakeTransport>(&shared_), clock_, clock_, random_);
  ASSERT_TRUE(rpc.ok());
  const TimePoint start = clock_.Now();
  auto result = (*rpc)->Call("ListStreams", {}, {});
  EXPECT_EQ(result.status().code(), codes::kDeadlineExceeded);
  ASSERT_EQ(shared_.requests.size(), 1u);
  EXPECT_EQ(shared_.timeouts[0], std::chrono::milliseconds(2000));
  EXPECT_EQ(clock_.Now() - start, std::chrono::milliseconds(2000));
  EXPECT_NE(result.status().message().find("within its deadline (2 s, 1 attempt)"),
            std::string::npos)
      << result.status().message();
}

// Found by the functions fuzz target: a stream name of raw bytes (e.g. `kinesisctl exists
// $'\xff'`) made nlohmann's dump throw out of the public functions.
TEST_F(KinesisJsonRpcTest, ArgumentsThatAreNotUtf8AreAnErrorNotAnException) {
  auto result = Make()->Call("DescribeStreamSummary",
                             {{"StreamName",
                               "s\xff\xfe"
                               "1"}},
                             {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), codes::kInvalidInput);
  EXPECT_EQ(result.status().message(),
            "DescribeStreamSummary: 'StreamName' is not valid UTF-8 text (Kinesis names and "
            "values are UTF-8)");
  EXPECT_TRUE(shared_.requests.empty());
  // The streaming call (SubscribeToShard) refuses it the same way instead of throwing.
  const Status streaming = Make()->CallStreaming(
      "SubscribeToShard", {{"ConsumerARN", "a"}, {"ShardId", "s\xc3"}}, Duration(1),
      [](std::string_view) { return true; });
  EXPECT_EQ(streaming.code(), codes::kInvalidInput);
  EXPECT_EQ(streaming.message(),
            "SubscribeToShard: 'ShardId' is not valid UTF-8 text (Kinesis names and values are "
            "UTF-8)");
  EXPECT_TRUE(shared_.requests.empty());
  // Valid UTF-8, U+FFFD included, is sent as it is.
  shared_.answers.push_back(JsonAnswer(200, "{}"));
  EXPECT_TRUE(Make()->Call("DescribeStreamSummary", {{"StreamName", "s\xef\xbf\xbd"}}, {}).ok());
}

TEST_F(KinesisJsonRpcTest, PastDeadlineSendsNothing) {
  RetryPolicy retry;
  retry.deadline = clock_.Now();
  auto result = Make(retry)->Call("ListShards", {{"StreamName", "s"}}, {});
  EXPECT_EQ(result.status().code(), codes::kDeadlineExceeded);
  EXPECT_TRUE(shared_.requests.empty());
}

TEST_F(KinesisJsonRpcTest, NonJsonSuccessIsAnError) {
  shared_.answers.push_back(JsonAnswer(200, "<html>hello</html>"));
  auto result = Make()->Call("ListStreams", {}, {});
  EXPECT_EQ(result.status().code(), kInvalidResponse);
  EXPECT_EQ(shared_.requests.size(), 1u);
}

TEST_F(KinesisJsonRpcTest, NoCredentialsIsAClearError) {
  KinesisRpcConfig config;
  config.endpoint = "http://127.0.0.1:1";
  config.region = "us-east-1";
  config.credentials =
      std::make_shared<StaticCredentialsProvider>(std::nullopt, std::nullopt, std::nullopt, "x");
  auto rpc =
      NewKinesisJsonRpc(config, std::make_unique<FakeTransport>(&shared_), clock_, clock_, random_);
  ASSERT_TRUE(rpc.ok());
  auto result = (*rpc)->Call("ListStreams", {}, {});
  EXPECT_EQ(result.status().code(), codes::kCredentials);
  EXPECT_TRUE(shared_.requests.empty());
}

TEST_F(KinesisJsonRpcTest, RejectsBadEndpoint) {
  KinesisRpcConfig config;
  config.endpoint = "localhost:4567";
  config.region = "us-east-1";
  config.credentials =
      std::make_shared<StaticCredentialsProvider>("a", "b", std::nullopt, "arguments");
  auto rpc =
      NewKinesisJsonRpc(config, std::make_unique<FakeTransport>(&shared_), clock_, clock_, random_);
  ASSERT_FALSE(rpc.ok());
  EXPECT_NE(rpc.status().message().find("localhost:4567"), std::string::npos);
}

TEST_F(KinesisJsonRpcTest, SecretsNeverReachLogsOrErrors) {
  std::ostringstream log;
  SetLogSink(&log);
  const LogLevel old_level = GetLogLevel();
  SetLogLevel(LogLevel::kDebug);
  // A server that echoes what it got (as AWS's signature-mismatch message echoes the canonical
  // request, which holds the session token), and transport errors that quote the request.
  RetryPolicy retry;
  retry.max_attempts = 3;
  shared_.answers.push_back(AwsError("InternalFailureException",
                                     std::string("token ") + kToken + " key " + kSecret, 500));
  shared_.answers.push_back(Status(codes::kTransport, std::string("failed with ") + kToken));
  shared_.answers.push_back(
      AwsError("InvalidSignatureException", std::string("canonical: ") + kToken));
  auto rpc = Make(retry);
  auto result = rpc->Call("ListStreams", {}, {});
  SetLogSink(nullptr);
  SetLogLevel(old_level);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), "InvalidSignatureException");
  std::string signatures;
  for (const auto& r : shared_.requests) {
    const std::string auth = HeaderOf(r, "Authorization");
    const std::string sig = auth.substr(auth.find("Signature=") + 10);
    ASSERT_EQ(sig.size(), 64u);
    EXPECT_EQ(log.str().find(sig), std::string::npos);
    EXPECT_EQ(result.status().ToString().find(sig), std::string::npos);
  }
  const std::string all = log.str() + "\n" + result.status().ToString();
  EXPECT_NE(log.str().find("ListStreams"), std::string::npos) << "debug logging is on";
  EXPECT_EQ(all.find(kSecret), std::string::npos) << all;
  EXPECT_EQ(all.find(kToken), std::string::npos) << all;
  EXPECT_NE(result.status().message().find("<redacted>"), std::string::npos);
}

TEST(RedactSecretsTest, ReplacesEveryOccurrence) {
  EXPECT_EQ(RedactSecrets("a SEC b SEC", {"SEC", ""}), "a <redacted> b <redacted>");
  EXPECT_EQ(RedactSecrets("nothing", {"", "zz"}), "nothing");
}

TEST(RedactSecretsTest, ReplacesWholeValuesOnly) {
  EXPECT_EQ(RedactSecrets("ValidationException: Member must not be null", {"b"}),
            "ValidationException: Member must not be null");
  EXPECT_EQ(RedactSecrets("key=b, 'b' and b.", {"b"}),
            "key=<redacted>, '<redacted>' and <redacted>.");
  EXPECT_EQ(RedactSecrets("token AQo+/x= in AQo+/x=Z", {"AQo+/x="}),
            "token <redacted> in AQo+/x=Z");
}

}  // namespace
}  // namespace kinesisctl::aws
