// The limits through the router, on a fake clock: what --enforce-limits answers, and that
// nothing is limited without it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/router.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

class RouterLimitsTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    ServerConfig config;
    config.create_delay_ms = 0;
    config.enforce_limits = GetParam();
    auto storage = OpenSqliteStorage("");
    ASSERT_TRUE(storage.ok());
    auto router = Router::Create(config, clock_, std::move(*storage));
    ASSERT_TRUE(router.ok());
    router_ = std::move(*router);
    ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
    clock_.Advance(milliseconds(1));
  }

  StatusOr<json> Call(const std::string& action, json body) {
    KINESISCTL_ASSIGN_OR_RETURN(std::string text,
                                router_->Dispatch(action, "us-east-1", std::move(body)));
    return text.empty() ? json::object() : json::parse(text);  // some actions answer nothing
  }

  json Put(int n) {
    json records = json::array();
    for (int i = 0; i < n; ++i) records.push_back({{"Data", "eA=="}, {"PartitionKey", "k"}});
    auto out = Call("PutRecords", {{"StreamName", "s"}, {"Records", records}});
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? *out : json();
  }

  FakeClock clock_;
  std::unique_ptr<Router> router_;
};

TEST_P(RouterLimitsTest, ThousandAndFirstRecordOfASecondFailsAlone) {
  EXPECT_EQ(Put(500)["FailedRecordCount"], 0);
  EXPECT_EQ(Put(499)["FailedRecordCount"], 0);
  const json out = Put(3);
  if (!GetParam()) {
    EXPECT_EQ(out["FailedRecordCount"], 0);
    return;
  }
  EXPECT_EQ(out["FailedRecordCount"], 2);
  EXPECT_TRUE(out["Records"][0].contains("SequenceNumber"));
  EXPECT_EQ(out["Records"][1],
            (json{{"ErrorCode", "ProvisionedThroughputExceededException"},
                  {"ErrorMessage",
                   "Rate exceeded for shard shardId-000000000000 in stream s under account "
                   "000000000000."}}));
  const auto single =
      Call("PutRecord", {{"StreamName", "s"}, {"Data", "eA=="}, {"PartitionKey", "k"}});
  EXPECT_EQ(single.status().code(), "ProvisionedThroughputExceededException");
  clock_.Advance(milliseconds(2));  // two records' worth
  EXPECT_EQ(Put(2)["FailedRecordCount"], 0);
}

TEST_P(RouterLimitsTest, SixthGetRecordsOfASecondIsRefused) {
  auto it = Call("GetShardIterator", {{"StreamName", "s"},
                                      {"ShardId", "shardId-000000000000"},
                                      {"ShardIteratorType", "TRIM_HORIZON"}});
  ASSERT_TRUE(it.ok());
  const json req = {{"ShardIterator", (*it)["ShardIterator"]}};
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Call("GetRecords", req).ok()) << i;
  const auto sixth = Call("GetRecords", req);
  if (!GetParam()) {
    EXPECT_TRUE(sixth.ok());
    return;
  }
  EXPECT_EQ(sixth.status().code(), "ProvisionedThroughputExceededException");
  clock_.Advance(milliseconds(200));
  EXPECT_TRUE(Call("GetRecords", req).ok());
}

TEST_P(RouterLimitsTest, EleventhDescribeStreamOfASecondIsLimitExceeded) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(Call("DescribeStream", {{"StreamName", "s"}}).ok());
  const auto eleventh = Call("DescribeStream", {{"StreamName", "s"}});
  EXPECT_EQ(eleventh.ok(), !GetParam());
  if (GetParam()) {
    EXPECT_EQ(eleventh.status().code(), "LimitExceededException");
  }
}

INSTANTIATE_TEST_SUITE_P(EnforcedOrNot, RouterLimitsTest, ::testing::Bool());

}  // namespace
}  // namespace kinesisctl::server
