#include "functions/shard_lineage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace kinesisctl::admin {
namespace {

using Json = nlohmann::ordered_json;

struct Nothing {};
using Started = std::vector<std::pair<std::string, std::string>>;  // id, position type

// A parent split into two children, the second merged with a third root into a grandchild.
ShardLineage<Nothing> Family() {
  ShardLineage<Nothing> l;
  l.Learn({"p", {}, true});
  l.Learn({"c1", {"p"}, false});
  l.Learn({"c2", {"p"}, true});
  l.Learn({"r", {}, true});
  l.Learn({"g", {"c2", "r"}, false});
  return l;
}

// Starts as asked, marking each shard reading (or done, for the ids in `empty`).
auto Recorder(ShardLineage<Nothing>& l, Started& started, std::vector<std::string> empty = {}) {
  return [&l, &started, empty](const std::string& id, StartPosition p) {
    started.emplace_back(id, p.type);
    const bool nothing = std::find(empty.begin(), empty.end(), id) != empty.end();
    l.shards()[id].phase = nothing ? ShardPhase::kDone : ShardPhase::kReading;
    return Status();
  };
}

TEST(ShardLineageTest, ChildrenStartFromTheirBeginningOnceEveryKnownParentIsDone) {
  ShardLineage<Nothing> l = Family();
  Started started;
  ASSERT_TRUE(l.StartReady("TRIM_HORIZON", std::nullopt, Recorder(l, started)).ok());
  EXPECT_EQ(started, (Started{{"p", "TRIM_HORIZON"}, {"r", "TRIM_HORIZON"}}));
  started.clear();
  l.shards()["p"].phase = ShardPhase::kDone;
  ASSERT_TRUE(l.StartReady("TRIM_HORIZON", std::nullopt, Recorder(l, started)).ok());
  EXPECT_EQ(started, (Started{{"c1", "TRIM_HORIZON"}, {"c2", "TRIM_HORIZON"}}));
  started.clear();
  l.shards()["c2"].phase = ShardPhase::kDone;  // r still being read: g waits
  ASSERT_TRUE(l.StartReady("TRIM_HORIZON", std::nullopt, Recorder(l, started)).ok());
  EXPECT_TRUE(started.empty());
  l.shards()["r"].phase = ShardPhase::kDone;
  ASSERT_TRUE(l.StartReady("TRIM_HORIZON", std::nullopt, Recorder(l, started)).ok());
  EXPECT_EQ(started, (Started{{"g", "TRIM_HORIZON"}}));
}

TEST(ShardLineageTest, AShardWithNothingToReadFreesItsChildrenInTheSamePass) {
  ShardLineage<Nothing> l;
  l.Learn({"a", {}, true});
  l.Learn({"b", {"a"}, false});
  Started started;
  ASSERT_TRUE(l.StartReady("TRIM_HORIZON", std::nullopt, Recorder(l, started, {"a"})).ok());
  EXPECT_EQ(started, (Started{{"a", "TRIM_HORIZON"}, {"b", "TRIM_HORIZON"}}));
}

TEST(ShardLineageTest, LatestStartsOpenShardsAtTheTipAndSkipsClosedOnes) {
  ShardLineage<Nothing> l = Family();
  Started started;
  ASSERT_TRUE(l.StartOpenAtLatest(Recorder(l, started)).ok());
  EXPECT_EQ(started, (Started{{"c1", "LATEST"}, {"g", "LATEST"}}));
  EXPECT_EQ(l.shards()["p"].phase, ShardPhase::kDone);
  EXPECT_EQ(l.shards()["r"].phase, ShardPhase::kDone);
  // A child born later (learned after the start) is read from its beginning.
  l.Learn({"g1", {"g"}, false});
  l.shards()["g"].phase = ShardPhase::kDone;
  started.clear();
  ASSERT_TRUE(l.StartReady("LATEST", std::nullopt, Recorder(l, started)).ok());
  EXPECT_EQ(started, (Started{{"g1", "TRIM_HORIZON"}}));
  // A root without a known parent (its parent expired) starts at LATEST.
  l.Learn({"x", {"gone"}, false});
  started.clear();
  ASSERT_TRUE(l.StartReady("LATEST", std::nullopt, Recorder(l, started)).ok());
  EXPECT_EQ(started, (Started{{"x", "LATEST"}}));
}

TEST(ShardLineageTest, AtTimestampEverywhereAndAncestorsOfAResumedShardAreDone) {
  ShardLineage<Nothing> l = Family();
  l.MarkAncestorsDone("g");
  EXPECT_EQ(l.shards()["c2"].phase, ShardPhase::kDone);
  EXPECT_EQ(l.shards()["r"].phase, ShardPhase::kDone);
  EXPECT_EQ(l.shards()["p"].phase, ShardPhase::kDone);
  EXPECT_EQ(l.shards()["c1"].phase, ShardPhase::kWaiting);  // a sibling, not an ancestor
  std::vector<std::optional<double>> at;
  ASSERT_TRUE(
      l.StartReady("AT_TIMESTAMP", 1700000000.5, [&](const std::string& id, StartPosition p) {
         EXPECT_EQ(p.type, "AT_TIMESTAMP") << id;
         at.push_back(p.timestamp);
         l.shards()[id].phase = ShardPhase::kReading;
         return Status();
       }).ok());
  EXPECT_EQ(at, (std::vector<std::optional<double>>{1700000000.5, 1700000000.5}));  // c1, g
}

TEST(ShardLineageTest, StopsAtTheFirstError) {
  ShardLineage<Nothing> l = Family();
  int calls = 0;
  Status s = l.StartReady("TRIM_HORIZON", std::nullopt, [&](const std::string&, StartPosition) {
    ++calls;
    return Status("AccessDeniedException", "no");
  });
  EXPECT_EQ(s.code(), "AccessDeniedException");
  EXPECT_EQ(calls, 1);
}

TEST(ShardLineageTest, ReadsListingsAndChildShards) {
  const Json page = Json::parse(R"({"Shards": [
      {"ShardId": "s0", "SequenceNumberRange": {"StartingSequenceNumber": "1",
                                                "EndingSequenceNumber": "9"}},
      {"ShardId": "s1", "ParentShardId": "s0", "SequenceNumberRange": {
          "StartingSequenceNumber": "10", "EndingSequenceNumber": null}},
      {"ShardId": "s2", "ParentShardId": "s0", "AdjacentParentShardId": "s9"}],
      "NextToken": "t2"})");
  std::optional<std::string> token;
  std::vector<ShardSighting> shards = ShardsOfListing(page, token);
  EXPECT_EQ(token, "t2");
  ASSERT_EQ(shards.size(), 3u);
  EXPECT_TRUE(shards[0].closed);
  EXPECT_FALSE(shards[1].closed);
  EXPECT_EQ(shards[1].parents, std::vector<std::string>{"s0"});
  EXPECT_EQ(shards[2].parents, (std::vector<std::string>{"s0", "s9"}));
  ShardsOfListing(Json{{"Shards", Json::array()}}, token);
  EXPECT_FALSE(token);

  shards = ShardsOfChildShards(Json::parse(
      R"([{"ShardId": "c", "ParentShards": ["a", "b"], "HashKeyRange": {}}, {"ShardId": "d"}])"));
  ASSERT_EQ(shards.size(), 2u);
  EXPECT_EQ(shards[0].parents, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(shards[1].parents.empty());
  EXPECT_TRUE(ShardsOfChildShards(Json::object()).empty());

  // Parents come from the first sighting; closed sticks.
  ShardLineage<Nothing> l;
  l.Learn({"c", {"a"}, true});
  l.Learn({"c", {"z"}, false});
  EXPECT_EQ(l.shards()["c"].parents, std::vector<std::string>{"a"});
  EXPECT_TRUE(l.shards()["c"].closed);
  l.Learn({"", {}, false});
  EXPECT_EQ(l.shards().size(), 1u);
}

}  // namespace
}  // namespace kinesisctl::admin
