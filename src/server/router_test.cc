#include "server/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/testing/dispatch_json.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config;
    config.create_delay_ms = 500;
    config.update_delay_ms = 500;
    config.delete_delay_ms = 500;
    auto storage = OpenSqliteStorage("");
    ASSERT_TRUE(storage.ok());
    auto router = Router::Create(config, clock_, std::move(*storage));
    ASSERT_TRUE(router.ok());
    router_ = std::move(*router);
  }

  StatusOr<json> Call(const std::string& action, json body) {
    return DispatchJson(*router_, action, std::move(body));
  }

  std::string StatusOf(const std::string& name) {
    auto r = Call("DescribeStreamSummary", {{"StreamName", name}});
    return r.ok() ? (*r)["StreamDescriptionSummary"]["StreamStatus"].get<std::string>()
                  : r.status().code();
  }

  FakeClock clock_;
  std::unique_ptr<Router> router_;
};

// Actions without output members answer an empty body, as AWS does, not "{}".
TEST_F(RouterTest, ActionsWithoutOutputAnswerNothing) {
  auto created =
      router_->Dispatch("CreateStream", "us-east-1", {{"StreamName", "quiet"}, {"ShardCount", 1}});
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ(*created, "");
  auto listed = router_->Dispatch("ListStreams", "us-east-1", json::object());
  ASSERT_TRUE(listed.ok());
  EXPECT_NE(*listed, "");
}

TEST_F(RouterTest, CreatingLastsExactlyTheCreateDelay) {
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  EXPECT_EQ(StatusOf("s"), "CREATING");
  EXPECT_EQ(Call("DeleteStream", {{"StreamName", "s"}}).status().code(), "ResourceInUseException");
  clock_.Advance(milliseconds(499));
  EXPECT_EQ(StatusOf("s"), "CREATING");
  clock_.Advance(milliseconds(1));
  EXPECT_EQ(StatusOf("s"), "ACTIVE");
  ASSERT_TRUE(Call("DeleteStream", {{"StreamName", "s"}}).ok());
  EXPECT_EQ(StatusOf("s"), "DELETING");
  clock_.Advance(milliseconds(500));
  EXPECT_EQ(StatusOf("s"), "ResourceNotFoundException");
}

TEST_F(RouterTest, IteratorsExpireAfterFiveMinutes) {
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  clock_.Advance(seconds(1));
  ASSERT_TRUE(
      Call("PutRecord", {{"StreamName", "s"}, {"PartitionKey", "a"}, {"Data", "aGk="}}).ok());
  auto it = Call("GetShardIterator", {{"StreamName", "s"},
                                      {"ShardId", "shardId-000000000000"},
                                      {"ShardIteratorType", "TRIM_HORIZON"}});
  ASSERT_TRUE(it.ok());
  clock_.Advance(seconds(300));
  auto ok = Call("GetRecords", {{"ShardIterator", (*it)["ShardIterator"]}});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["Records"].size(), 1u);
  clock_.Advance(milliseconds(1));
  auto expired = Call("GetRecords", {{"ShardIterator", (*it)["ShardIterator"]}});
  EXPECT_EQ(expired.status().code(), "ExpiredIteratorException");
  EXPECT_NE(expired.status().message().find("tolerated delay of 300000 milliseconds"),
            std::string::npos);
  // The NextShardIterator of the fresh call is still good.
  EXPECT_TRUE(Call("GetRecords", {{"ShardIterator", (*ok)["NextShardIterator"]}}).ok());
}

TEST_F(RouterTest, RecordsPastRetentionAreNotReturned) {
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  clock_.Advance(seconds(1));
  ASSERT_TRUE(
      Call("PutRecord", {{"StreamName", "s"}, {"PartitionKey", "a"}, {"Data", "b2xk"}}).ok());
  clock_.Advance(hours(23));
  ASSERT_TRUE(
      Call("PutRecord", {{"StreamName", "s"}, {"PartitionKey", "a"}, {"Data", "bmV3"}}).ok());
  clock_.Advance(hours(1) + seconds(1));
  auto it = Call("GetShardIterator", {{"StreamName", "s"},
                                      {"ShardId", "shardId-000000000000"},
                                      {"ShardIteratorType", "TRIM_HORIZON"}});
  auto got = Call("GetRecords", {{"ShardIterator", (*it)["ShardIterator"]}});
  ASSERT_TRUE(got.ok());
  ASSERT_EQ((*got)["Records"].size(), 1u);
  EXPECT_EQ((*got)["Records"][0]["Data"], "bmV3");
}

TEST_F(RouterTest, SplitCompletesAfterTheUpdateDelay) {
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  clock_.Advance(seconds(1));
  ASSERT_TRUE(Call("SplitShard", {{"StreamName", "s"},
                                  {"ShardToSplit", "shardId-000000000000"},
                                  {"NewStartingHashKey", "1000"}})
                  .ok());
  EXPECT_EQ(StatusOf("s"), "UPDATING");
  auto shards = Call("ListShards", {{"StreamName", "s"}});
  EXPECT_EQ((*shards)["Shards"].size(), 1u);
  clock_.Advance(milliseconds(500));
  shards = Call("ListShards", {{"StreamName", "s"}});
  EXPECT_EQ((*shards)["Shards"].size(), 3u);
  EXPECT_EQ(StatusOf("s"), "ACTIVE");
}

}  // namespace
}  // namespace kinesisctl::server
