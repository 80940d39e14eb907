// The actions of the later Kinesis API through the router, on an injected clock: account
// settings and their commitment window, warm throughput, MaxRecordSizeInKiB, tags and policies
// by ARN.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/router.h"
#include "server/testing/dispatch_json.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::milliseconds;

class ApiActionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config;
    config.create_delay_ms = 0;
    config.update_delay_ms = 500;
    auto storage = OpenSqliteStorage("");
    ASSERT_TRUE(storage.ok());
    auto router = Router::Create(config, clock_, std::move(*storage));
    ASSERT_TRUE(router.ok());
    router_ = std::move(*router);
  }

  StatusOr<json> Call(const std::string& action, json body) {
    return DispatchJson(*router_, action, std::move(body));
  }

  std::string Code(const std::string& action, json body) {
    auto r = Call(action, std::move(body));
    return r.ok() ? "OK" : r.status().code();
  }

  json Summary(const std::string& name) {
    return (*Call("DescribeStreamSummary", {{"StreamName", name}}))["StreamDescriptionSummary"];
  }

  json Commitment() {
    return (*Call("DescribeAccountSettings", json::object()))["MinimumThroughputBillingCommitment"];
  }

  static json Enable(const char* status) {
    return {{"MinimumThroughputBillingCommitment", {{"Status", status}}}};
  }

  FakeClock clock_;
  std::unique_ptr<Router> router_;
};

const char kArn[] = "arn:aws:kinesis:us-east-1:000000000000:stream/s";

TEST_F(ApiActionsTest, CommitmentLastsItsWindowOnceEnabled) {
  EXPECT_EQ(Commitment(), json({{"Status", "DISABLED"}}));
  ASSERT_EQ(Code("UpdateAccountSettings", Enable("ENABLED")), "OK");
  EXPECT_EQ(Commitment()["Status"], "ENABLED");
  clock_.Advance(hours(1));
  auto off = Call("UpdateAccountSettings", Enable("DISABLED"));
  ASSERT_TRUE(off.ok());
  const json c = (*off)["MinimumThroughputBillingCommitment"];
  EXPECT_EQ(c["Status"], "ENABLED_UNTIL_EARLIEST_ALLOWED_END");
  EXPECT_EQ(c["EndedAt"], c["EarliestAllowedEndAt"]);
  clock_.Advance(hours(23) - milliseconds(1));
  EXPECT_EQ(Commitment()["Status"], "ENABLED_UNTIL_EARLIEST_ALLOWED_END");
  clock_.Advance(milliseconds(1));
  EXPECT_EQ(Commitment()["Status"], "DISABLED");
  // Enabled again: a new window from now.
  ASSERT_EQ(Code("UpdateAccountSettings", Enable("ENABLED")), "OK");
  clock_.Advance(hours(25));
  auto again = Call("UpdateAccountSettings", Enable("DISABLED"));
  EXPECT_EQ((*again)["MinimumThroughputBillingCommitment"]["Status"], "DISABLED");
  EXPECT_EQ(Code("UpdateAccountSettings", Enable("MAYBE")), "ValidationException");
  EXPECT_EQ(Code("UpdateAccountSettings", json::object()), "ValidationException");
}

TEST_F(ApiActionsTest, WarmThroughputNeedsOnDemandAndTheCommitment) {
  ASSERT_EQ(Code("CreateStream", {{"StreamName", "p"}, {"ShardCount", 1}}), "OK");
  ASSERT_EQ(Code("CreateStream",
                 {{"StreamName", "s"}, {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}}),
            "OK");
  const json warm = {{"StreamARN", kArn}, {"WarmThroughputMiBps", 100}};
  EXPECT_EQ(Code("UpdateStreamWarmThroughput", warm), "InvalidArgumentException");
  EXPECT_EQ(Code("CreateStream", {{"StreamName", "w"},
                                  {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}},
                                  {"WarmThroughputMiBps", 10}}),
            "InvalidArgumentException");
  ASSERT_EQ(Code("UpdateAccountSettings", Enable("ENABLED")), "OK");
  EXPECT_EQ(Code("UpdateStreamWarmThroughput", {{"StreamName", "p"}, {"WarmThroughputMiBps", 1}}),
            "InvalidArgumentException");
  EXPECT_EQ(
      Code("UpdateStreamWarmThroughput", {{"StreamARN", kArn}, {"WarmThroughputMiBps", 10241}}),
      "LimitExceededException");
  EXPECT_EQ(Code("UpdateStreamWarmThroughput", {{"StreamARN", kArn}, {"WarmThroughputMiBps", -1}}),
            "ValidationException");
  auto out = Call("UpdateStreamWarmThroughput", warm);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)["WarmThroughput"], json({{"TargetMiBps", 100}, {"CurrentMiBps", 0}}));
  EXPECT_EQ(Summary("s")["StreamStatus"], "UPDATING");
  EXPECT_EQ(Code("UpdateStreamWarmThroughput", warm), "ResourceInUseException");
  clock_.Advance(milliseconds(500));
  EXPECT_EQ(Summary("s")["StreamStatus"], "ACTIVE");
  EXPECT_EQ(Summary("s")["WarmThroughput"], json({{"TargetMiBps", 100}, {"CurrentMiBps", 100}}));
  EXPECT_FALSE(Summary("p").contains("WarmThroughput"));
  // Switching to ON_DEMAND with a warm throughput records it when the switch completes.
  ASSERT_EQ(
      Code("UpdateStreamMode", {{"StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/p"},
                                {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}},
                                {"WarmThroughputMiBps", 30}}),
      "OK");
  clock_.Advance(milliseconds(500));
  EXPECT_EQ(Summary("p")["WarmThroughput"], json({{"TargetMiBps", 30}, {"CurrentMiBps", 30}}));
  // A PROVISIONED stream has none, and does not get the old value back when switched again.
  ASSERT_EQ(
      Code("UpdateStreamMode", {{"StreamName", "p"},
                                {"StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/p"},
                                {"StreamModeDetails", {{"StreamMode", "PROVISIONED"}}}}),
      "OK");
  clock_.Advance(milliseconds(500));
  ASSERT_EQ(
      Code("UpdateStreamMode", {{"StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/p"},
                                {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}}),
      "OK");
  clock_.Advance(milliseconds(500));
  EXPECT_EQ(Summary("p")["StreamModeDetails"]["StreamMode"], "ON_DEMAND");
  EXPECT_FALSE(Summary("p").contains("WarmThroughput"));
}

TEST_F(ApiActionsTest, CommitmentIsPerRegion) {
  ASSERT_TRUE(
      router_
          ->Dispatch("CreateStream", "eu-west-1",
                     {{"StreamName", "eu"}, {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}})
          .ok());
  ASSERT_EQ(Code("UpdateAccountSettings", Enable("ENABLED")), "OK");
  // Named by ARN from a us-east-1 request: the stream's own region decides.
  const json warm = {{"StreamARN", "arn:aws:kinesis:eu-west-1:000000000000:stream/eu"},
                     {"WarmThroughputMiBps", 10}};
  EXPECT_EQ(Code("UpdateStreamWarmThroughput", warm), "InvalidArgumentException");
  ASSERT_TRUE(router_->Dispatch("UpdateAccountSettings", "eu-west-1", Enable("ENABLED")).ok());
  EXPECT_EQ(Code("UpdateStreamWarmThroughput", warm), "OK");
}

TEST_F(ApiActionsTest, MaxRecordSizeIsEnforcedAndDescribed) {
  ASSERT_EQ(
      Code("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}, {"MaxRecordSizeInKiB", 2048}}),
      "OK");
  EXPECT_EQ(Summary("s")["MaxRecordSizeInKiB"], 2048);
  const std::string two_mib(2 * 1024 * 1024 / 3 * 4, 'A');       // 2 MiB - 2 bytes
  const std::string over(((2 * 1024 * 1024 + 3) / 3) * 4, 'A');  // 2 MiB + 1 byte
  EXPECT_EQ(Code("PutRecord", {{"StreamName", "s"}, {"PartitionKey", "k"}, {"Data", two_mib}}),
            "OK");
  EXPECT_EQ(Code("PutRecord", {{"StreamName", "s"}, {"PartitionKey", "k"}, {"Data", over}}),
            "InvalidArgumentException");
  EXPECT_EQ(Code("PutRecords",
                 {{"StreamName", "s"}, {"Records", {{{"PartitionKey", "k"}, {"Data", over}}}}}),
            "InvalidArgumentException");
  EXPECT_EQ(Code("UpdateMaxRecordSize", {{"StreamARN", kArn}, {"MaxRecordSizeInKiB", 1023}}),
            "ValidationException");
  EXPECT_EQ(Code("UpdateMaxRecordSize", {{"MaxRecordSizeInKiB", 4096}}),
            "InvalidArgumentException");
  ASSERT_EQ(Code("UpdateMaxRecordSize", {{"StreamARN", kArn}, {"MaxRecordSizeInKiB", 4096}}), "OK");
  EXPECT_EQ(Summary("s")["MaxRecordSizeInKiB"], 4096);
  EXPECT_EQ(Code("PutRecord", {{"StreamName", "s"}, {"PartitionKey", "k"}, {"Data", over}}), "OK");
}

TEST_F(ApiActionsTest, TagsAndPoliciesByArn) {
  ASSERT_EQ(Code("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}), "OK");
  ASSERT_EQ(Code("TagResource", {{"ResourceARN", kArn}, {"Tags", {{"a", "1"}}}}), "OK");
  auto tags = Call("ListTagsForStream", {{"StreamName", "s"}});
  EXPECT_EQ((*tags)["Tags"], json::parse(R"([{"Key":"a","Value":"1"}])"));
  EXPECT_EQ(Code("TagResource",
                 {{"ResourceARN", std::string(kArn) + "/consumer/c:1"}, {"Tags", {{"a", "1"}}}}),
            "ResourceNotFoundException");
  EXPECT_EQ(Code("PutResourcePolicy", {{"ResourceARN", kArn}, {"Policy", "{"}}),
            "InvalidArgumentException");
  const std::string policy = R"({"Statement":{"Effect":"Deny","Principal":"*","Action":"*"}})";
  ASSERT_EQ(Code("PutResourcePolicy", {{"ResourceARN", kArn}, {"Policy", policy}}), "OK");
  EXPECT_EQ((*Call("GetResourcePolicy", {{"ResourceARN", kArn}}))["Policy"], policy);
  // A deleted stream takes its tags and policy with it.
  ASSERT_EQ(Code("DeleteStream", {{"StreamName", "s"}}), "OK");
  clock_.Advance(milliseconds(500));
  ASSERT_EQ(Code("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}), "OK");
  EXPECT_EQ(Code("GetResourcePolicy", {{"ResourceARN", kArn}}), "ResourceNotFoundException");
  EXPECT_EQ((*Call("ListTagsForResource", {{"ResourceARN", kArn}}))["Tags"], json::array());
}

TEST_F(ApiActionsTest, ConsumerTagsByArn) {
  ASSERT_EQ(Code("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}), "OK");
  ASSERT_EQ(Code("AddTagsToStream", {{"StreamName", "s"}, {"Tags", {{"stream", "1"}}}}), "OK");
  auto reg = Call("RegisterStreamConsumer",
                  {{"StreamARN", kArn}, {"ConsumerName", "c"}, {"Tags", {{"team", "a"}}}});
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  const std::string arn = (*reg)["Consumer"]["ConsumerARN"];
  ASSERT_EQ((*reg)["Consumer"]["ConsumerStatus"], "CREATING");
  auto tags_of = [&](const std::string& resource) {
    auto r = Call("ListTagsForResource", {{"ResourceARN", resource}});
    return r.ok() ? (*r)["Tags"] : json(r.status().code());
  };
  // A CREATING consumer takes tags; they are its own, apart from the stream's.
  EXPECT_EQ(Code("TagResource", {{"ResourceARN", arn}, {"Tags", {{"env", "dev"}}}}), "OK");
  EXPECT_EQ(tags_of(arn),
            json::parse(R"([{"Key":"env","Value":"dev"},{"Key":"team","Value":"a"}])"));
  EXPECT_EQ(tags_of(kArn), json::parse(R"([{"Key":"stream","Value":"1"}])"));
  // At most 50, and a refused request changes nothing.
  json many = json::object();
  for (int i = 0; i < 49; ++i) many["k" + std::to_string(i)] = "v";
  auto over = Call("TagResource", {{"ResourceARN", arn}, {"Tags", many}});
  EXPECT_EQ(over.status().code(), "InvalidArgumentException");
  EXPECT_NE(over.status().message().find("consumer c under account 000000000000"),
            std::string::npos)
      << over.status().message();
  EXPECT_EQ(tags_of(arn).size(), 2u);
  EXPECT_EQ(Code("TagResource", {{"ResourceARN", arn}, {"Tags", {{"bad;", "x"}}}}),
            "InvalidArgumentException");
  // Another creation time or name: no such consumer.
  EXPECT_EQ(tags_of(arn.substr(0, arn.rfind(':')) + ":1"), "ResourceNotFoundException");
  EXPECT_EQ(tags_of(std::string(kArn) + "/consumer/nobody:1700000000"),
            "ResourceNotFoundException");
  // A consumer has a resource policy of its own too.
  const std::string policy = R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"*"}})";
  ASSERT_EQ(Code("PutResourcePolicy", {{"ResourceARN", arn}, {"Policy", policy}}), "OK");
  EXPECT_EQ((*Call("GetResourcePolicy", {{"ResourceARN", arn}}))["Policy"], policy);
  EXPECT_EQ(Code("GetResourcePolicy", {{"ResourceARN", kArn}}), "ResourceNotFoundException");
  // DELETING: its tags can be read, not changed; then they go with it.
  clock_.Advance(milliseconds(500));
  ASSERT_EQ(Code("UntagResource", {{"ResourceARN", arn}, {"TagKeys", {"env"}}}), "OK");
  ASSERT_EQ(Code("DeregisterStreamConsumer", {{"ConsumerARN", arn}}), "OK");
  EXPECT_EQ(tags_of(arn), json::parse(R"([{"Key":"team","Value":"a"}])"));
  EXPECT_EQ(Code("TagResource", {{"ResourceARN", arn}, {"Tags", {{"x", "y"}}}}),
            "ResourceInUseException");
  EXPECT_EQ(Code("UntagResource", {{"ResourceARN", arn}, {"TagKeys", {"team"}}}),
            "ResourceInUseException");
  clock_.Advance(milliseconds(500));
  EXPECT_EQ(tags_of(arn), "ResourceNotFoundException");
  EXPECT_EQ(Code("UntagResource", {{"ResourceARN", arn}, {"TagKeys", {"team"}}}),
            "ResourceNotFoundException");
  // Registered again (a later second): another consumer, without the old tags.
  clock_.Advance(milliseconds(1000));
  auto again = Call("RegisterStreamConsumer", {{"StreamARN", kArn}, {"ConsumerName", "c"}});
  ASSERT_TRUE(again.ok());
  const std::string arn2 = (*again)["Consumer"]["ConsumerARN"];
  EXPECT_NE(arn2, arn);
  EXPECT_EQ(tags_of(arn2), json::array());
  EXPECT_EQ(Code("GetResourcePolicy", {{"ResourceARN", arn2}}), "ResourceNotFoundException");
  // RegisterStreamConsumer's own tags follow the same rules.
  json fifty_one = json::object();
  for (int i = 0; i < 51; ++i) fifty_one["k" + std::to_string(i)] = "v";
  EXPECT_EQ(Code("RegisterStreamConsumer",
                 {{"StreamARN", kArn}, {"ConsumerName", "d"}, {"Tags", fifty_one}}),
            "InvalidArgumentException");
}

}  // namespace
}  // namespace kinesisctl::server
