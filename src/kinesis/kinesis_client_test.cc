#include "kinesis/kinesis_client.h"

#include <gtest/gtest.h>

#include "kinesis/testing/fake_json_rpc.h"

namespace kinesisctl::kinesis {
namespace {

class KinesisClientTest : public ::testing::Test {
 protected:
  KinesisClientTest() {
    auto fake = std::make_unique<FakeJsonRpc>();
    fake_ = fake.get();
    client_ = std::make_unique<KinesisClient>(std::move(fake));
  }
  FakeJsonRpc* fake_;
  std::unique_ptr<KinesisClient> client_;
};

TEST_F(KinesisClientTest, CreateStreamSendsModeAndTagsAndNeverRetriesResourceInUse) {
  fake_->Push("CreateStream", Json::object());
  CreateStreamRequest r{"s1", 4, "PROVISIONED", {{"team", "x"}}};
  ASSERT_TRUE(client_->CreateStream(r).ok());
  ASSERT_EQ(fake_->calls().size(), 1u);
  const auto& call = fake_->calls()[0];
  EXPECT_EQ(call.operation, "CreateStream");
  EXPECT_EQ(call.request.dump(),
            R"({"StreamName":"s1","ShardCount":4,"StreamModeDetails":{"StreamMode":"PROVISIONED"},)"
            R"("Tags":{"team":"x"}})");
  EXPECT_FALSE(call.options.retry_resource_in_use);
}

Json Summary(const std::string& status, int64_t shards, const std::string& mode = "PROVISIONED") {
  return Json{{"StreamDescriptionSummary",
               {{"StreamName", "s1"},
                {"StreamStatus", status},
                {"OpenShardCount", shards},
                {"StreamModeDetails", {{"StreamMode", mode}}}}}};
}

TEST_F(KinesisClientTest, RetriedCreateMeetingItsOwnStreamSucceeds) {
  const CreateStreamRequest r{"s1", 4, "PROVISIONED", {}};
  const Status in_use("ResourceInUseException", "Stream s1 under account 1 already exists.", 400);
  // A first attempt: "already exists" is the truth, reported as such, with no extra call.
  fake_->Push("CreateStream", in_use);
  auto first = client_->CreateStream(r);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().code(), "ResourceInUseException");
  EXPECT_EQ(fake_->operations(), std::vector<std::string>{"CreateStream"});
  // After a retry, the stream asked for (CREATING, 4 shards) is this call's own.
  fake_->SetAttempts("CreateStream", 2);
  fake_->Push("CreateStream", in_use);
  fake_->Push("DescribeStreamSummary", Summary("CREATING", 4));
  auto retried = client_->CreateStream(r);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(fake_->calls().back().operation, "DescribeStreamSummary");
  EXPECT_EQ(fake_->calls().back().request["StreamName"], "s1");
  // A different stream (other shard count, other mode, being deleted) stays "already exists".
  for (const Json& other :
       {Summary("ACTIVE", 2), Summary("ACTIVE", 4, "ON_DEMAND"), Summary("DELETING", 4)}) {
    fake_->Push("CreateStream", in_use);
    fake_->Push("DescribeStreamSummary", other);
    auto r2 = client_->CreateStream(r);
    ASSERT_FALSE(r2.ok()) << other.dump();
    EXPECT_EQ(r2.status().code(), "ResourceInUseException");
  }
}

TEST_F(KinesisClientTest, OnDemandCreateOmitsShardCount) {
  fake_->Push("CreateStream", Json::object());
  CreateStreamRequest r{"s1", std::nullopt, "ON_DEMAND", {}};
  ASSERT_TRUE(client_->CreateStream(r).ok());
  EXPECT_FALSE(fake_->calls()[0].request.contains("ShardCount"));
  EXPECT_FALSE(fake_->calls()[0].request.contains("Tags"));
}

TEST_F(KinesisClientTest, CallsThatChangeAStreamRetryResourceInUse) {
  fake_->SetHandler("SplitShard", [](const Json&) { return Json::object(); });
  fake_->SetHandler("MergeShards", [](const Json&) { return Json::object(); });
  fake_->SetHandler("IncreaseStreamRetentionPeriod", [](const Json&) { return Json::object(); });
  fake_->SetHandler("DescribeStream", [](const Json&) { return Json::object(); });
  ASSERT_TRUE(client_->SplitShard({"s", "shardId-000000000000", HashKey(uint128{1} << 127)}).ok());
  ASSERT_TRUE(client_->MergeShards({"s", "a", "b"}).ok());
  ASSERT_TRUE(client_->IncreaseStreamRetentionPeriod({"s", 48}).ok());
  ASSERT_TRUE(client_->DescribeStream({"s", std::nullopt, std::nullopt}).ok());
  const auto& calls = fake_->calls();
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].request["NewStartingHashKey"], "170141183460469231731687303715884105728");
  EXPECT_TRUE(calls[0].options.retry_resource_in_use);
  EXPECT_TRUE(calls[1].options.retry_resource_in_use);
  EXPECT_EQ(calls[1].request["AdjacentShardToMerge"], "b");
  EXPECT_TRUE(calls[2].options.retry_resource_in_use);
  EXPECT_EQ(calls[2].request["RetentionPeriodHours"], 48);
  EXPECT_FALSE(calls[3].options.retry_resource_in_use);
  EXPECT_EQ(calls[3].request.dump(), R"({"StreamName":"s"})");
}

TEST_F(KinesisClientTest, ScopedDeadlineReachesEveryCallAndIsRestored) {
  fake_->SetHandler("ListShards", [](const Json&) { return Json::object(); });
  const TimePoint soon = TimePoint(std::chrono::seconds(100));
  const TimePoint later = TimePoint(std::chrono::seconds(200));
  {
    ScopedClientDeadline outer(*client_, soon);
    ScopedClientDeadline inner(*client_, later);  // a later deadline does not extend it
    ASSERT_TRUE(client_->ListShards({}).ok());
  }
  ASSERT_TRUE(client_->ListShards({}).ok());
  ASSERT_EQ(fake_->calls().size(), 2u);
  EXPECT_EQ(fake_->calls()[0].options.deadline, soon);
  EXPECT_FALSE(fake_->calls()[1].options.deadline.has_value());
}

TEST_F(KinesisClientTest, ErrorsPassThroughUnchanged) {
  fake_->Push("DescribeStreamSummary", Status("ResourceNotFoundException", "Stream s not found"));
  auto r = client_->DescribeStreamSummary({"s"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "ResourceNotFoundException");
}

TEST(RequestsJsonTest, ListCallsLeaveUnsetFieldsOut) {
  EXPECT_EQ(ToJson(ListStreamsRequest{}).dump(), "{}");
  EXPECT_EQ(ToJson(ListStreamsRequest{std::nullopt, "b", std::nullopt}).dump(),
            R"({"ExclusiveStartStreamName":"b"})");
  ListShardsRequest ls;
  ls.next_token = "tok";
  EXPECT_EQ(ToJson(ls).dump(), R"({"NextToken":"tok"})");
  EXPECT_EQ(ToJson(UpdateStreamModeRequest{"arn:x", "ON_DEMAND"}).dump(),
            R"({"StreamARN":"arn:x","StreamModeDetails":{"StreamMode":"ON_DEMAND"}})");
  EXPECT_EQ(ToJson(EnhancedMonitoringRequest{"s", {"IncomingBytes", "OutgoingBytes"}}).dump(),
            R"({"StreamName":"s","ShardLevelMetrics":["IncomingBytes","OutgoingBytes"]})");
  EXPECT_EQ(ToJson(RemoveTagsFromStreamRequest{"s", {"a"}}).dump(),
            R"({"StreamName":"s","TagKeys":["a"]})");
  EXPECT_EQ(ToJson(UpdateShardCountRequest{"s", 8}).dump(),
            R"({"StreamName":"s","TargetShardCount":8,"ScalingType":"UNIFORM_SCALING"})");
}

}  // namespace
}  // namespace kinesisctl::kinesis
