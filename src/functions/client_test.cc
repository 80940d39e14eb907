// The public Client: over the shipped gMock connection (forwarding, paging, typed helpers, errors
// as Status values) and over the real connection from MakeClient(Options) against a loopback
// HTTP server (region, endpoint, credentials provider, retry policy and clock all taken from the
// Options).
#include "kinesisctl/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "aws/testing/loopback_http_server.h"
#include "core/testing/temp_dir.h"
#include "kinesisctl/testing/mock_kinesis_connection.h"

namespace kinesisctl {
namespace {

using ::testing::_;
using ::testing::Field;
using ::testing::NiceMock;
using ::testing::Return;

TEST(ClientTest, ForwardsTypedRequestsToTheConnection) {
  auto mock = std::make_shared<NiceMock<mocks::MockKinesisConnection>>();
  EXPECT_CALL(*mock, CreateStream(Field(&CreateStreamRequest::stream_name, "orders")))
      .WillOnce(Return(Document::object()));
  EXPECT_CALL(*mock, SplitShard(Field(&SplitShardRequest::new_starting_hash_key, HashKey(7))))
      .WillOnce(Return(Status("LimitExceededException", "too many")));
  Client client(mock);
  EXPECT_TRUE(client.CreateStream({"orders", 2, std::nullopt, {}}).ok());
  StatusOr<Document> split = client.SplitShard({"orders", "shardId-0", HashKey(7)});
  ASSERT_FALSE(split.ok());
  EXPECT_EQ(split.status().code(), "LimitExceededException");
}

TEST(ClientTest, ListStreamNamesFollowsNextTokenThenHasMoreStreams) {
  auto mock = std::make_shared<mocks::MockKinesisConnection>();
  ::testing::InSequence order;
  EXPECT_CALL(*mock, ListStreams(Field(&ListStreamsRequest::next_token, std::nullopt)))
      .WillOnce(Return(Document{{"StreamNames", {"a", "b"}}, {"NextToken", "t1"}}));
  EXPECT_CALL(*mock, ListStreams(Field(&ListStreamsRequest::next_token, "t1")))
      .WillOnce(Return(Document{{"StreamNames", {"c"}}, {"HasMoreStreams", true}}));
  EXPECT_CALL(*mock, ListStreams(Field(&ListStreamsRequest::exclusive_start_stream_name, "c")))
      .WillOnce(Return(Document{{"StreamNames", {"d"}}, {"HasMoreStreams", false}}));
  Client client(mock);
  StatusOr<std::vector<std::string>> names = client.ListStreamNames();
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(ClientTest, GetStreamStatusReadsTheSummaryAndPassesErrorsOn) {
  auto mock = std::make_shared<mocks::MockKinesisConnection>();
  EXPECT_CALL(*mock, DescribeStreamSummary(Field(&DescribeStreamSummaryRequest::stream_name, "s")))
      .WillOnce(Return(Document{{"StreamDescriptionSummary", {{"StreamStatus", "UPDATING"}}}}))
      .WillOnce(Return(Document{{"Unexpected", 1}}))
      .WillOnce(Return(Status("ResourceNotFoundException", "Stream s not found", 400)));
  Client client(mock);
  EXPECT_EQ(client.GetStreamStatus("s").value(), "UPDATING");
  EXPECT_EQ(client.GetStreamStatus("s").status().code(), codes::kInternal);
  StatusOr<std::string> missing = client.GetStreamStatus("s");
  EXPECT_EQ(missing.status().code(), "ResourceNotFoundException");
  EXPECT_EQ(missing.status().http_status(), 400);
}

TEST(ClientTest, DeadlineAndTimeSourcesComeFromConnectionAndOptions) {
  auto mock = std::make_shared<mocks::MockKinesisConnection>();
  const TimePoint deadline(std::chrono::seconds(5));
  EXPECT_CALL(*mock, SetDeadline(std::optional<TimePoint>(deadline)));
  EXPECT_CALL(*mock, Deadline()).WillOnce(Return(deadline));
  FakeClock clock;
  Options options;
  options.clock = &clock;
  Client client(mock, options);
  client.SetDeadline(deadline);
  EXPECT_EQ(client.Deadline(), deadline);
  EXPECT_EQ(&client.clock(), &clock);
  EXPECT_EQ(&client.sleeper(), &DefaultSleeper());
}

// The real connection: MakeClient talks to a loopback server with what Options say.
class RealConnectionTest : public ::testing::Test {
 protected:
  RealConnectionTest() {
    for (const char* name :
         {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
          "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KINESIS",
          "http_proxy", "HTTP_PROXY", "AWS_CA_BUNDLE", "KINESISCTL_CONFIG"}) {
      env_.Unset(name);
    }
    env_.Set("HOME", dir_.path());
    env_.Set("AWS_EC2_METADATA_DISABLED", "true");
  }

  aws::testing::TempDir dir_;
  aws::testing::ScopedEnv env_;
};

TEST_F(RealConnectionTest, SignsWithTheGivenCredentialsAndRetriesOnTheInjectedClock) {
  int calls = 0;
  aws::testing::LoopbackHttpServer server([&calls](const aws::testing::ReceivedRequest&) {
    aws::HttpResponse r;
    r.headers = {{"Content-Type", "application/x-amz-json-1.1"}};
    if (++calls == 1) {
      r.status = 500;
      r.body = R"({"__type":"InternalFailure","message":"try again"})";
    } else {
      r.status = 200;
      r.body = R"({"StreamNames":["x"],"HasMoreStreams":false})";
    }
    return r;
  });
  FakeClock clock;
  SequenceRandom random({0.5});
  Options options;
  options.region = "eu-west-2";
  options.endpoint = server.url();
  options.credentials = MakeStaticCredentialsProvider("AKIDCLIENTTEST", "secret/key");
  options.retry.max_attempts = 2;
  options.clock = &clock;
  options.sleeper = &clock;
  options.random = &random;
  StatusOr<Client> client = MakeClient(options);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  StatusOr<std::vector<std::string>> names = client->ListStreamNames();
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_EQ(*names, std::vector<std::string>{"x"});
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].Header("X-Amz-Target"), "Kinesis_20131202.ListStreams");
  const std::string auth = requests[1].Header("Authorization");
  EXPECT_NE(auth.find("Credential=AKIDCLIENTTEST/"), std::string::npos) << auth;
  EXPECT_NE(auth.find("/eu-west-2/kinesis/aws4_request"), std::string::npos) << auth;
  // One backoff, U = 0.5 of 2^0 s, slept on the injected clock.
  EXPECT_EQ(clock.sleeps(), std::vector<Duration>{Duration(500)});

  // With one attempt the 500 is final: Salt's retries-exhausted error.
  calls = 0;
  options.retry.max_attempts = 1;
  StatusOr<Client> once = MakeClient(options);
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(once->ListStreams({}).status().code(), codes::kRetriesExhausted);
}

TEST(MakeClientTest, BadEndpointIsAnErrorBeforeAnyIo) {
  Options options;
  options.region = "us-east-1";
  options.endpoint = "127.0.0.1:4567";
  options.credentials = MakeStaticCredentialsProvider("a", "b");
  EXPECT_EQ(MakeClient(options).status().code(), codes::kInvalidInput);
}

}  // namespace
}  // namespace kinesisctl
