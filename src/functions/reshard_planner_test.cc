#include "functions/reshard_planner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "functions/testing/shard_sim.h"
#include "kinesisctl/layouts.h"

namespace kinesisctl {
namespace {

using testing::ShardSim;
using Kind = ReshardOperation::Kind;

HashKey Key(const std::string& text) { return *HashKey::Parse(text); }
HashKey K(uint128 v) { return HashKey(v); }
constexpr uint128 kOne = 1;

// One planned operation, as "split@<key>" or "merge", for comparing sequences.
std::string Describe(const ReshardOperation& op) {
  return op.kind == Kind::kSplit ? "split@" + op.new_starting_hash_key.ToString() : "merge";
}

struct RunResult {
  std::vector<std::string> ops;
  std::vector<HashRange> final_ranges;
};

// Runs reshard until it reports nothing to do, applying each operation to the simulator and
// checking after each step that the shards still cover the space without gaps.
RunResult RunLoop(std::vector<HashRange> start, uint64_t desired, ReshardLayout layout,
                  std::optional<uint128> tolerance = std::nullopt, int max_ops = 1000) {
  ShardSim sim(start);
  RunResult out;
  const HashKey max = start.back().end;
  for (int step = 0; step <= max_ops; ++step) {
    auto decision = DecideReshard(sim.shards(), desired, layout, tolerance, false);
    EXPECT_TRUE(decision.ok()) << decision.status().ToString();
    if (!decision.ok() || !decision->operation) break;
    out.ops.push_back(Describe(*decision->operation));
    EXPECT_TRUE(sim.Apply(*decision->operation)) << "refused: " << out.ops.back();
    const auto ranges = sim.Ranges();
    EXPECT_EQ(ranges.front().start, HashKey(0));
    EXPECT_EQ(ranges.back().end, max);
    for (size_t i = 1; i < ranges.size(); ++i) {
      EXPECT_EQ(ranges[i].start.value(), ranges[i - 1].end.value() + 1) << "gap at " << i;
    }
  }
  EXPECT_LE(static_cast<int>(out.ops.size()), max_ops) << "did not converge";
  out.final_ranges = sim.Ranges();
  return out;
}

std::vector<HashRange> Small(std::vector<std::pair<int, int>> ranges) {
  std::vector<HashRange> out;
  for (auto [s, e] : ranges) out.push_back({K(s), K(e)});
  return out;
}

std::vector<std::string> Kinds(const std::vector<std::string>& ops) {
  std::vector<std::string> out;
  for (const std::string& op : ops) out.push_back(op.substr(0, 5));
  return out;
}

TEST(ReshardPlannerTest, DesiredSizeZeroIsAnError) {
  auto d = DecideReshard(ShardSim(*AwsLayout(2)).shards(), 0, ReshardLayout::kSalt, {}, true);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("desired_size"), std::string::npos);
  EXPECT_FALSE(
      DecideReshard(ShardSim(*AwsLayout(2)).shards(), 0, ReshardLayout::kAws, {}, true).ok());
}

// Operation counts of Salt's algorithm.
TEST(ReshardPlannerTest, SaltOperationCountTable) {
  struct Row {
    std::vector<HashRange> from;
    uint64_t to;
    size_t ops;
    const char* name;
  };
  const std::vector<Row> rows = {
      {*SaltLayout(1), 2, 1, "1 -> 2"},    {*SaltLayout(4), 8, 4, "4 -> 8"},
      {*SaltLayout(8), 4, 4, "8 -> 4"},    {*SaltLayout(2), 3, 3, "2 -> 3"},
      {*SaltLayout(4), 5, 7, "4 -> 5"},    {*SaltLayout(8), 9, 15, "8 -> 9"},
      {*SaltLayout(5), 4, 7, "5 -> 4"},    {*AwsLayout(3), 4, 5, "AWS 3 -> 4"},
      {*AwsLayout(3), 6, 7, "AWS 3 -> 6"},
  };
  for (const Row& row : rows) {
    const RunResult r = RunLoop(row.from, row.to, ReshardLayout::kSalt);
    EXPECT_EQ(r.ops.size(), row.ops) << row.name;
    EXPECT_EQ(r.final_ranges, *SaltLayout(row.to)) << row.name;
  }
  // The kinds, where the table names them.
  EXPECT_EQ(Kinds(RunLoop(*SaltLayout(4), 8, ReshardLayout::kSalt).ops),
            std::vector<std::string>(4, "split"));
  EXPECT_EQ(Kinds(RunLoop(*SaltLayout(8), 4, ReshardLayout::kSalt).ops),
            std::vector<std::string>(4, "merge"));
  EXPECT_EQ(Kinds(RunLoop(*SaltLayout(2), 3, ReshardLayout::kSalt).ops),
            (std::vector<std::string>{"split", "merge", "split"}));
}

// Salt's worked example 1 (also overflow trap 1: for i=2, q*3+2 = 2^128+1 must clamp to max).
TEST(ReshardPlannerTest, Example1OneShardToThree) {
  const RunResult r = RunLoop(*SaltLayout(1), 3, ReshardLayout::kSalt);
  EXPECT_EQ(r.ops, (std::vector<std::string>{"split@113427455640312821154458202477256070486",
                                             "split@226854911280625642308916404954512140972"}));
  EXPECT_EQ(r.final_ranges, (std::vector<HashRange>{
                                {K(0), Key("113427455640312821154458202477256070485")},
                                {Key("113427455640312821154458202477256070486"),
                                 Key("226854911280625642308916404954512140971")},
                                {Key("226854911280625642308916404954512140972"), HashKey::Max()}}));
}

// Salt's worked example 2, including the dry-run wording of the first call.
TEST(ReshardPlannerTest, Example2FourToTwo) {
  ShardSim sim(*AwsLayout(4));
  auto dry = DecideReshard(sim.shards(), 2, ReshardLayout::kSalt, {}, true);
  ASSERT_TRUE(dry.ok());
  ASSERT_TRUE(dry->operation.has_value());
  EXPECT_EQ(dry->operation->kind, Kind::kMerge);
  EXPECT_EQ(dry->operation->shard_id, sim.shards()[0].shard_id);
  EXPECT_EQ(dry->operation->adjacent_shard_id, sim.shards()[1].shard_id);
  EXPECT_EQ(dry->log_lines.back(), "shardId-000000000000 should continue past " +
                                       Uint128ToString((kOne << 126) - 1) +
                                       ", would merge with shardId-000000000001");
  const RunResult r = RunLoop(*AwsLayout(4), 2, ReshardLayout::kSalt);
  EXPECT_EQ(r.ops, (std::vector<std::string>{"merge", "merge"}));
  EXPECT_EQ(r.final_ranges, (std::vector<HashRange>{{K(0), K((kOne << 127) - 1)},
                                                    {K(kOne << 127), HashKey::Max()}}));
}

// Salt's worked example 3: six operations with exact split keys.
TEST(ReshardPlannerTest, Example3UnevenThreeToFive) {
  const std::vector<HashRange> from = {{K(0), K((kOne << 126) - 1)},
                                       {K(kOne << 126), K((kOne << 127) - 1)},
                                       {K(kOne << 127), HashKey::Max()}};
  const RunResult r = RunLoop(from, 5, ReshardLayout::kSalt);
  EXPECT_EQ(r.ops,
            (std::vector<std::string>{"split@68056473384187692692674921486353642292", "merge",
                                      "split@136112946768375385385349842972707284584", "merge",
                                      "split@204169420152563078078024764459060926876",
                                      "split@272225893536750770770699685945414569168"}));
  EXPECT_EQ(r.final_ranges, *SaltLayout(5));
  // The last shard is 4 keys narrower than the others.
  const uint128 width0 = r.final_ranges[0].end.value() - r.final_ranges[0].start.value();
  const uint128 width4 = r.final_ranges[4].end.value() - r.final_ranges[4].start.value();
  EXPECT_TRUE(width0 - width4 == 4);
}

// Salt's worked examples 4 and 5 and the edge case, on the small space [0, 99].
TEST(ReshardPlannerTest, SmallSpaceExamples) {
  RunResult r = RunLoop(Small({{0, 99}}), 3, ReshardLayout::kSalt);
  EXPECT_EQ(r.ops, (std::vector<std::string>{"split@34", "split@68"}));
  EXPECT_EQ(r.final_ranges, Small({{0, 33}, {34, 67}, {68, 99}}));

  r = RunLoop(Small({{0, 24}, {25, 49}, {50, 99}}), 5, ReshardLayout::kSalt);
  EXPECT_EQ(r.ops, (std::vector<std::string>{"split@20", "merge", "split@40", "merge", "split@60",
                                             "split@80"}));
  EXPECT_EQ(r.final_ranges, Small({{0, 19}, {20, 39}, {40, 59}, {60, 79}, {80, 99}}));

  // [0,34] ends at expEnd+1: Salt merges, then splits twice.
  r = RunLoop(Small({{0, 34}, {35, 99}}), 3, ReshardLayout::kSalt);
  EXPECT_EQ(r.ops, (std::vector<std::string>{"merge", "split@34", "split@68"}));
}

// Salt's debug lines, in order, for one call.
TEST(ReshardPlannerTest, SaltDebugLines) {
  ShardSim sim(Small({{0, 24}, {25, 99}}));
  auto d = DecideReshard(sim.shards(), 3, ReshardLayout::kSalt, {}, false);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->log_lines,
            (std::vector<std::string>{"found 2 open shards, min_hash_key 0 max_hash_key 99",
                                      "Shard 0 (shardId-000000000000) should start at 0: True",
                                      "Shard 0 (shardId-000000000000) should end at 33: False",
                                      "shardId-000000000000 should continue past 24, merging with "
                                      "shardId-000000000001"}));
  d = DecideReshard(ShardSim(Small({{0, 99}})).shards(), 2, ReshardLayout::kSalt, {}, true);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->log_lines.back(), "shardId-000000000000 should end at 49, actual 99 would split");
  d = DecideReshard(ShardSim(Small({{0, 99}})).shards(), 2, ReshardLayout::kSalt, {}, false);
  EXPECT_EQ(d->log_lines.back(), "shardId-000000000000 should end at 49, actual 99, splitting");
  d = DecideReshard(ShardSim(Small({{0, 49}, {50, 99}})).shards(), 2, ReshardLayout::kSalt, {},
                    false);
  EXPECT_FALSE(d->operation.has_value());
  EXPECT_EQ(d->log_lines.size(), 6u);
  EXPECT_EQ(d->log_lines[3], "Shard 1 (shardId-000000000001) should start at 50: True");
  EXPECT_EQ(d->log_lines.back(), "No split or merge action necessary");
}

// Overflow trap 1: q*(i+1)+i passes 2^128-1 for the last shard (here 2^128+1) and must clamp.
TEST(ReshardPlannerTest, TrapOneClampsInsteadOfWrapping) {
  auto d = DecideReshard(ShardSim(*SaltLayout(3)).shards(), 3, ReshardLayout::kSalt, {}, false);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->operation.has_value());
  EXPECT_EQ(d->log_lines[6],
            "Shard 2 (shardId-000000000002) should end at " + HashKey::Max().ToString() + ": True");
}

// Overflow trap 2: the expected end is 2^128-1 and the shard is shorter. Python finds
// E > expEnd+1 false and merges; a wrapped expEnd+1 (= 0) would split at key 0.
TEST(ReshardPlannerTest, TrapTwoMergesInsteadOfSplittingAtZero) {
  const RunResult r = RunLoop(*AwsLayout(4), 1, ReshardLayout::kSalt);
  EXPECT_EQ(r.ops, (std::vector<std::string>{"merge", "merge", "merge"}));
  EXPECT_EQ(r.final_ranges, (std::vector<HashRange>{{K(0), HashKey::Max()}}));
}

// Salt's max_hash_key is the observed maximum, so tiny spaces work, and its mismatch error keeps
// Salt's text.
TEST(ReshardPlannerTest, ObservedMaxKeyAndSaltMismatchError) {
  auto d =
      DecideReshard(std::vector<OpenShard>{{"a", K(0), K(10)}}, 1, ReshardLayout::kSalt, {}, false);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->operation.has_value());
  d = DecideReshard(std::vector<OpenShard>{{"b", K(9), K(20)}, {"a", K(0), K(8)}}, 3,
                    ReshardLayout::kSalt, {}, false);
  ASSERT_TRUE(d.ok());  // sorted by start first; q = 6, so a must end at 6: split at 7
  EXPECT_EQ(Describe(*d->operation), "split@7");
  EXPECT_EQ(d->operation->shard_id, "a");
  // A gap: b should start at 7.
  d = DecideReshard(std::vector<OpenShard>{{"a", K(0), K(6)}, {"b", K(9), K(20)}}, 3,
                    ReshardLayout::kSalt, {}, false);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(), "starting hash keys mismatch, don't know what to do!");
}

TEST(ReshardPlannerTest, WideStartIsPrintedExactlyBeforeTheError) {
  // Two overlapping full-range shards: shard 1 should start at q*1+1 = 2^128 (129 bits).
  std::vector<OpenShard> shards = {{"a", K(0), HashKey::Max()}, {"b", K(0), HashKey::Max()}};
  std::vector<std::string> lines;
  auto d = DecideReshard(shards, 1, ReshardLayout::kSalt, {}, false, &lines);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(), "starting hash keys mismatch, don't know what to do!");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[3], "Shard 1 (b) should start at 340282366920938463463374607431768211456: False");
  // q*(i+1)+i = 2*(2^128-1)+1 is clamped to max before it is printed.
  EXPECT_EQ(lines[4], "Shard 1 (b) should end at " + HashKey::Max().ToString() + ": True");
}

TEST(ReshardPlannerTest, SaltRejectsTolerance) {
  EXPECT_FALSE(
      DecideReshard(ShardSim(*SaltLayout(2)).shards(), 2, ReshardLayout::kSalt, kOne, true).ok());
  EXPECT_TRUE(DecideReshard(ShardSim(*SaltLayout(2)).shards(), 2, ReshardLayout::kSalt,
                            static_cast<uint128>(0), true)
                  .ok());
}

}  // namespace
}  // namespace kinesisctl
