// Every request is all or nothing. A Storage double fails (or throws from) the n-th commit, for
// every mutating action and every commit the request makes (the completed transitions first, then
// the action's own), the way LevelDB's tests fail each write of an error-injecting Env: after each
// failure the answer is a 500 and the router's model equals the model loaded back from what is
// stored. Error answers and exceptions inside an action leave the model unchanged.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "server/model/model_json.h"
#include "server/router.h"
#include "server/testing/dispatch_json.h"
#include "server/testing/forwarding_storage.h"

namespace kinesisctl::server {

// For failure messages: each stream's stored form and its shards' sequence state.
void PrintTo(const Model& model, std::ostream* os) {
  for (const auto& [region, r] : model.regions) {
    for (const auto& [name, s] : r.streams) {
      *os << "\n" << region << "/" << name << ": " << StreamToJson(s) << " sequences:";
      for (const Shard& sh : s.shards) {
        *os << " " << sh.last_ms << "/" << sh.last_counter << "/" << sh.last_arrival_ms;
      }
    }
  }
}

namespace {

using nlohmann::json;
using std::chrono::milliseconds;

// Delegates to a real (in-memory SQLite) storage; the armed commit fails or throws.
class FailingStorage final : public ForwardingStorage {
 public:
  using ForwardingStorage::ForwardingStorage;

  // The n-th Commit from now (1 = the next) fails; 0 disarms.
  void FailCommit(int n, bool throw_instead = false) {
    fail_at_ = n;
    commits_ = 0;
    throw_ = throw_instead;
  }
  bool fired() const { return fired_; }

  Status Commit(const std::vector<StreamChange>& changes,
                const std::vector<NewRecord>& records) override {
    if (Status injected = Injected(); !injected.ok()) return injected;
    return ForwardingStorage::Commit(changes, records);
  }
  Status SaveAccountSettings(const std::string& region, const AccountSettings& settings) override {
    if (Status injected = Injected(); !injected.ok()) return injected;
    return ForwardingStorage::SaveAccountSettings(region, settings);
  }

 private:
  // Counts one write; the armed one fails or throws.
  Status Injected() {
    if (fail_at_ > 0 && ++commits_ == fail_at_) {
      fail_at_ = 0;
      fired_ = true;
      if (throw_) throw std::runtime_error("injected exception");
      return Status(codes::kInternal, "database or disk is full (injected)");
    }
    return OkStatus();
  }

  int fail_at_ = 0;
  int commits_ = 0;
  bool throw_ = false;
  bool fired_ = false;
};

ServerConfig Config() {
  ServerConfig config;
  config.create_delay_ms = 100;
  config.update_delay_ms = 100;
  config.delete_delay_ms = 100;
  return config;
}

// A router on a fresh store with streams a, b (2 shards each), c, d (1 shard), records, tags,
// metrics and encryption in place, and a split of c whose time has come: the next request first
// completes (and commits) it.
struct World {
  FakeClock clock;
  std::shared_ptr<Storage> inner;
  FailingStorage* storage = nullptr;
  std::unique_ptr<Router> router;
  std::string consumer_arn;  // of consumer "cons" of d, with tags

  StatusOr<json> Call(const std::string& action, json body) {
    return DispatchJson(*router, action, std::move(body));
  }

  void Build() {
    auto opened = OpenSqliteStorage("");
    ASSERT_TRUE(opened.ok());
    inner = std::shared_ptr<Storage>(std::move(*opened));
    auto failing = std::make_unique<FailingStorage>(inner);
    storage = failing.get();
    auto created = Router::Create(Config(), clock, std::move(failing));
    ASSERT_TRUE(created.ok());
    router = std::move(*created);
    for (const auto& [name, count] : {std::pair{"a", 2}, {"b", 2}, {"c", 1}, {"d", 1}}) {
      ASSERT_TRUE(Call("CreateStream", {{"StreamName", name}, {"ShardCount", count}}).ok());
    }
    clock.Advance(milliseconds(200));
    ASSERT_TRUE(Call("PutRecords", {{"StreamName", "a"},
                                    {"Records",
                                     {{{"PartitionKey", "k1"}, {"Data", "AQ=="}},
                                      {{"PartitionKey", "k2"}, {"Data", "Ag=="}}}}})
                    .ok());
    ASSERT_TRUE(Call("AddTagsToStream", {{"StreamName", "a"}, {"Tags", {{"team", "data"}}}}).ok());
    auto consumer =
        Call("RegisterStreamConsumer", {{"StreamARN", StreamArn("us-east-1", "000000000000", "d")},
                                        {"ConsumerName", "cons"},
                                        {"Tags", {{"team", "data"}}}});
    ASSERT_TRUE(consumer.ok()) << consumer.status().message();
    consumer_arn = (*consumer)["Consumer"]["ConsumerARN"];
    ASSERT_TRUE(
        Call("IncreaseStreamRetentionPeriod", {{"StreamName", "d"}, {"RetentionPeriodHours", 48}})
            .ok());
    ASSERT_TRUE(Call("EnableEnhancedMonitoring",
                     {{"StreamName", "d"}, {"ShardLevelMetrics", {"IncomingBytes"}}})
                    .ok());
    ASSERT_TRUE(Call("StartStreamEncryption",
                     {{"StreamName", "d"}, {"EncryptionType", "KMS"}, {"KeyId", "alias/k"}})
                    .ok());
    clock.Advance(milliseconds(200));
    ASSERT_TRUE(
        Call("SplitShard", {{"StreamName", "c"},
                            {"ShardToSplit", "shardId-000000000000"},
                            {"NewStartingHashKey", "170141183460469231731687303715884105728"}})
            .ok());
    clock.Advance(milliseconds(150));
  }

  // What a restarted server would see: the model loaded back from the store.
  Model Stored() {
    auto reloaded = Router::Create(Config(), clock, std::make_unique<FailingStorage>(inner));
    EXPECT_TRUE(reloaded.ok());
    return reloaded.ok() ? (*reloaded)->ModelForTest() : Model();
  }
};

struct Case {
  const char* action;
  json body;
};

std::vector<Case> MutatingRequests() {
  const std::string arn_b = StreamArn("us-east-1", "000000000000", "b");
  return {
      {"CreateStream", {{"StreamName", "new"}, {"ShardCount", 3}, {"Tags", {{"t", "v"}}}}},
      {"DeleteStream", {{"StreamName", "b"}}},
      {"PutRecord", {{"StreamName", "a"}, {"PartitionKey", "p"}, {"Data", "AQID"}}},
      {"PutRecords",
       {{"StreamName", "a"},
        {"Records",
         {{{"PartitionKey", "x"}, {"Data", "AQ=="}},
          {{"PartitionKey", "y"}, {"Data", "Ag=="}},
          {{"PartitionKey", "z"}, {"Data", "Aw=="}}}}}},
      {"SplitShard",
       {{"StreamName", "a"},
        {"ShardToSplit", "shardId-000000000000"},
        {"NewStartingHashKey", "85070591730234615865843651857942052864"}}},
      {"MergeShards",
       {{"StreamName", "a"},
        {"ShardToMerge", "shardId-000000000000"},
        {"AdjacentShardToMerge", "shardId-000000000001"}}},
      {"UpdateShardCount",
       {{"StreamName", "b"}, {"TargetShardCount", 4}, {"ScalingType", "UNIFORM_SCALING"}}},
      {"IncreaseStreamRetentionPeriod", {{"StreamName", "a"}, {"RetentionPeriodHours", 72}}},
      {"DecreaseStreamRetentionPeriod", {{"StreamName", "d"}, {"RetentionPeriodHours", 24}}},
      {"EnableEnhancedMonitoring", {{"StreamName", "a"}, {"ShardLevelMetrics", {"ALL"}}}},
      {"DisableEnhancedMonitoring",
       {{"StreamName", "d"}, {"ShardLevelMetrics", {"IncomingBytes"}}}},
      {"StartStreamEncryption",
       {{"StreamName", "a"}, {"EncryptionType", "KMS"}, {"KeyId", "alias/x"}}},
      {"StopStreamEncryption",
       {{"StreamName", "d"}, {"EncryptionType", "KMS"}, {"KeyId", "alias/k"}}},
      {"UpdateStreamMode",
       {{"StreamARN", arn_b}, {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}}},
      {"AddTagsToStream", {{"StreamName", "a"}, {"Tags", {{"k", "v"}, {"team", "ops"}}}}},
      {"RemoveTagsFromStream", {{"StreamName", "a"}, {"TagKeys", {"team"}}}},
      {"TagResource", {{"ResourceARN", arn_b}, {"Tags", {{"k", "v"}}}}},
      {"UntagResource", {{"ResourceARN", arn_b}, {"TagKeys", {"k"}}}},
      {"PutResourcePolicy",
       {{"ResourceARN", arn_b},
        {"Policy", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]})"}}},
      {"UpdateMaxRecordSize", {{"StreamARN", arn_b}, {"MaxRecordSizeInKiB", 2048}}},
      {"UpdateAccountSettings", {{"MinimumThroughputBillingCommitment", {{"Status", "ENABLED"}}}}},
      {"RegisterStreamConsumer", {{"StreamARN", arn_b}, {"ConsumerName", "c"}}},
      {"RegisterStreamConsumer",
       {{"StreamARN", arn_b}, {"ConsumerName", "t"}, {"Tags", {{"k", "v"}}}}},
      // "CONSUMER" stands for the ARN of d's consumer.
      {"TagResource", {{"ResourceARN", "CONSUMER"}, {"Tags", {{"k", "v"}}}}},
      {"UntagResource", {{"ResourceARN", "CONSUMER"}, {"TagKeys", {"team"}}}},
  };
}

void FailEachCommit(bool throw_instead) {
  for (const Case& c : MutatingRequests()) {
    SCOPED_TRACE(c.action);
    for (int n = 1;; ++n) {
      SCOPED_TRACE("failing commit " + std::to_string(n));
      World w;
      w.Build();
      if (::testing::Test::HasFatalFailure()) return;
      json body = c.body;
      if (body.value("ResourceARN", "") == "CONSUMER") body["ResourceARN"] = w.consumer_arn;
      w.storage->FailCommit(n, throw_instead);
      auto answer = w.Call(c.action, body);
      if (!w.storage->fired()) {
        // The request made fewer than n commits: every one has been failed once.
        ASSERT_TRUE(answer.ok()) << answer.status().code() << ": " << answer.status().message();
        ASSERT_GE(n, 2) << "the request made no commit";
        EXPECT_EQ(w.router->ModelForTest(), w.Stored());
        break;
      }
      ASSERT_FALSE(answer.ok());
      EXPECT_EQ(answer.status().code(), "InternalFailure");
      EXPECT_EQ(answer.status().http_status(), 500);
      EXPECT_EQ(w.router->ModelForTest(), w.Stored());
      // Nothing half-done lingers: the same request now succeeds and is stored.
      auto retried = w.Call(c.action, body);
      ASSERT_TRUE(retried.ok()) << retried.status().code() << ": " << retried.status().message();
      EXPECT_EQ(w.router->ModelForTest(), w.Stored());
    }
  }
}

TEST(AllOrNothingTest, EachFailedCommitLeavesTheModelEqualToTheStore) { FailEachCommit(false); }

TEST(AllOrNothingTest, EachThrowingCommitLeavesTheModelEqualToTheStore) { FailEachCommit(true); }

TEST(AllOrNothingTest, AFailedCommitOfATransitionIsRetriedNotLost) {
  World w;
  w.Build();
  const Model before = w.router->ModelForTest();
  w.storage->FailCommit(1);
  auto answer = w.Call("DescribeStreamSummary", {{"StreamName", "c"}});
  EXPECT_EQ(answer.status().code(), "InternalFailure");
  EXPECT_EQ(w.router->ModelForTest(), before);  // c still UPDATING, as stored
  auto again = w.Call("DescribeStreamSummary", {{"StreamName", "c"}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)["StreamDescriptionSummary"]["StreamStatus"], "ACTIVE");
  EXPECT_EQ((*again)["StreamDescriptionSummary"]["OpenShardCount"], 2);
  EXPECT_EQ(w.router->ModelForTest(), w.Stored());
}

TEST(AllOrNothingTest, AnErrorAnswerChangesNothing) {
  World w;
  w.Build();
  ASSERT_TRUE(w.Call("ListStreams", json::object()).ok());  // completes c's split
  const Model before = w.router->ModelForTest();
  // The third entry's hash key is out of range: the first two must not be stored either.
  auto answer =
      w.Call("PutRecords", {{"StreamName", "a"},
                            {"Records",
                             {{{"PartitionKey", "x"}, {"Data", "AQ=="}},
                              {{"PartitionKey", "y"}, {"Data", "Ag=="}},
                              {{"PartitionKey", "z"},
                               {"Data", "Aw=="},
                               {"ExplicitHashKey", "340282366920938463463374607431768211456"}}}}});
  EXPECT_EQ(answer.status().code(), "InvalidArgumentException");
  EXPECT_EQ(w.router->ModelForTest(), before);
  EXPECT_EQ(w.Stored(), before);
}

StatusOr<Json> ChangeThenThrow(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  s->retention_hours = 100;
  s->tags["half"] = "done";
  s->shards.pop_back();
  ctx.records.push_back({s->region, s->name, 0, {"x", 1, "k", "d"}});
  throw std::runtime_error("boom");
}

TEST(AllOrNothingTest, AnExceptionInsideAnActionChangesNothing) {
  World w;
  w.Build();
  ASSERT_TRUE(w.Call("ListStreams", json::object()).ok());
  w.router->AddActionForTest({"ChangeThenThrow", {StreamNameField()}, &ChangeThenThrow});
  const Model before = w.router->ModelForTest();
  auto answer = w.Call("ChangeThenThrow", {{"StreamName", "a"}});
  EXPECT_EQ(answer.status().code(), "InternalFailure");
  EXPECT_EQ(answer.status().http_status(), 500);
  EXPECT_EQ(w.router->ModelForTest(), before);
  EXPECT_EQ(w.Stored(), before);
}

}  // namespace
}  // namespace kinesisctl::server
