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
      .WillOnce(Return(Status("LimitExceededException", "too many", 400, "req-1")));
  Client client(mock);
  EXPECT_TRUE(client.CreateStream({"orders", 2, std::nullopt, {}}).ok());
  Status split = client.SplitShard({"orders", "shardId-0", HashKey(7)});
  EXPECT_EQ(split.code(), "LimitExceededException");
  EXPECT_EQ(split.http_status(), 400);
  EXPECT_EQ(split.request_id(), "req-1");
}

Document ShardJson(const std::string& id, const std::string& start, const std::string& end) {
  return {{"ShardId", id},
          {"HashKeyRange", {{"StartingHashKey", start}, {"EndingHashKey", end}}},
          {"SequenceNumberRange",
           {{"StartingSequenceNumber", "1"}, {"EndingSequenceNumber", nullptr}}}};
}

TEST(ClientTest, TypedCallsParseTheAnswers) {
  auto mock = std::make_shared<mocks::MockKinesisConnection>();
  const Document description = {
      {"StreamDescription",
       {{"StreamName", "orders"},
        {"StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/orders"},
        {"StreamStatus", "ACTIVE"},
        {"Shards",
         {ShardJson("shardId-000000000000", "0", "340282366920938463463374607431768211455")}},
        {"HasMoreShards", false},
        {"RetentionPeriodHours", 24},
        {"StreamCreationTimestamp", 1700000000},
        {"EnhancedMonitoring", {{{"ShardLevelMetrics", Document::array()}}}}}}};
  EXPECT_CALL(*mock, DescribeStream(Field(&DescribeStreamRequest::stream_name, "orders")))
      .WillRepeatedly(Return(description));
  EXPECT_CALL(*mock, ListShards(Field(&ListShardsRequest::next_token, "t")))
      .WillOnce(Return(Document{{"Shards", {ShardJson("shardId-000000000001", "0", "9")}}}));
  EXPECT_CALL(*mock, ListTagsForStream(_))
      .WillOnce(
          Return(Document{{"Tags", {{{"Key", "k"}, {"Value", "v"}}}}, {"HasMoreTags", false}}));
  EXPECT_CALL(*mock, DescribeLimits())
      .WillOnce(Return(Document{{"ShardLimit", 200},
                                {"OpenShardCount", 1},
                                {"OnDemandStreamCount", 0},
                                {"OnDemandStreamCountLimit", 50}}));
  EXPECT_CALL(*mock, EnableEnhancedMonitoring(_))
      .WillOnce(Return(Document{{"StreamName", "orders"},
                                {"CurrentShardLevelMetrics", Document::array()},
                                {"DesiredShardLevelMetrics", {"IncomingBytes"}}}));
  EXPECT_CALL(*mock, UpdateShardCount(Field(&UpdateShardCountRequest::target_shard_count, 2)))
      .WillOnce(Return(Document{{"CurrentShardCount", 1}, {"TargetShardCount", 2}}));
  Client client(mock);

  StatusOr<StreamDescription> d = client.DescribeStream({"orders", std::nullopt, std::nullopt});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->shards.size(), 1u);
  EXPECT_TRUE(d->shards[0].is_open());
  EXPECT_EQ(d->shards[0].hash_key_range.ending_hash_key, HashKey::Max());
  ListShardsRequest page;
  page.next_token = "t";
  StatusOr<ListShardsResult> shards = client.ListShards(page);
  ASSERT_TRUE(shards.ok()) << shards.status().ToString();
  EXPECT_EQ(shards->shards[0].shard_id, "shardId-000000000001");
  EXPECT_FALSE(shards->next_token.has_value());
  StatusOr<ListTagsForStreamResult> tags = client.ListTagsForStream({"orders", {}, {}});
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(tags->tags[0].value, "v");
  EXPECT_EQ(client.DescribeLimits()->shard_limit, 200);
  EXPECT_EQ(
      client.EnableEnhancedMonitoring({"orders", {"IncomingBytes"}})->desired_shard_level_metrics,
      std::vector<std::string>{"IncomingBytes"});
  EXPECT_EQ(client.UpdateShardCount({"orders", 2, "UNIFORM_SCALING"})->target_shard_count, 2);

  // The raw call on the connection gives the document as sent.
  StatusOr<Document> raw =
      client.connection().DescribeStream({"orders", std::nullopt, std::nullopt});
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->dump(), description.dump());
}

TEST(ClientTest, AMalformedAnswerIsAnInvalidResponseStatus) {
  auto mock = std::make_shared<mocks::MockKinesisConnection>();
  EXPECT_CALL(*mock, DescribeStreamSummary(_))
      .WillOnce(Return(Document{{"StreamDescriptionSummary", {{"StreamName", 5}}}}))
      .WillOnce(Return(Status("ResourceNotFoundException", "Stream s not found", 400)));
  EXPECT_CALL(*mock, ListStreams(_)).WillOnce(Return(Document::array()));
  Client client(mock);
  StatusOr<StreamDescriptionSummary> bad = client.DescribeStreamSummary({"s"});
  EXPECT_EQ(bad.status(),
            Status(codes::kInvalidResponse,
                   "DescribeStreamSummary answer: StreamDescriptionSummary.StreamName must be a "
                   "string, got number"));
  // Service errors pass through unchanged.
  StatusOr<StreamDescriptionSummary> missing = client.DescribeStreamSummary({"s"});
  EXPECT_EQ(missing.status().code(), "ResourceNotFoundException");
  EXPECT_EQ(missing.status().http_status(), 400);
  EXPECT_EQ(client.ListStreams({}).status().message(),
            "ListStreams answer is not a JSON object, got array");
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
