// DecideReshard with layout kAws, and the property test over random layouts for both layouts.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "functions/reshard_planner.h"
#include "functions/testing/shard_sim.h"
#include "kinesisctl/layouts.h"

namespace kinesisctl {
namespace {

using testing::ShardSim;
using Kind = ReshardOperation::Kind;

HashKey K(uint128 v) { return HashKey(v); }
constexpr uint128 kOne = 1;

std::string Describe(const ReshardOperation& op) {
  return op.kind == Kind::kSplit ? "split@" + op.new_starting_hash_key.ToString() : "merge";
}

bool Contiguous(const std::vector<HashRange>& r) {
  if (r.empty() || r.front().start != HashKey(0) || r.back().end != HashKey::Max()) return false;
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i].end < r[i].start) return false;
    if (i > 0 && r[i].start.value() != r[i - 1].end.value() + 1) return false;
  }
  return true;
}

struct Outcome {
  bool ok = true;
  std::string why;
  std::vector<std::string> ops;
  std::vector<HashRange> final_ranges;
};

// Loops the decision, applying each operation; fails (without gtest asserts, so the property
// test can report the failing case) on an error, a refused operation, a broken cover or more
// than `max_ops` operations.
Outcome Loop(const std::vector<HashRange>& start, uint64_t desired, ReshardLayout layout,
             size_t max_ops, std::optional<uint128> tolerance = std::nullopt) {
  ShardSim sim(start);
  Outcome out;
  while (true) {
    auto d = DecideReshard(sim.shards(), desired, layout, tolerance, false);
    if (!d.ok()) return {false, d.status().ToString(), out.ops, sim.Ranges()};
    if (!d->operation) break;
    out.ops.push_back(Describe(*d->operation));
    if (out.ops.size() > max_ops) return {false, "did not converge", out.ops, sim.Ranges()};
    if (!sim.Apply(*d->operation)) return {false, "refused " + out.ops.back(), out.ops, {}};
    if (!Contiguous(sim.Ranges())) return {false, "cover broken", out.ops, sim.Ranges()};
  }
  out.final_ranges = sim.Ranges();
  return out;
}

uint128 AbsDiff(uint128 a, uint128 b) { return a > b ? a - b : b - a; }

// Every boundary of `ranges` lies within `tolerance` of AWS's layout for ranges.size() shards.
bool WithinTolerance(const std::vector<HashRange>& ranges, uint128 tolerance) {
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (AbsDiff(ranges[i].start.value(), AwsLayoutStart(i, ranges.size()).value()) > tolerance) {
      return false;
    }
  }
  return true;
}

std::vector<HashRange> FromStarts(std::vector<uint128> starts) {
  std::vector<HashRange> out;
  for (size_t i = 0; i < starts.size(); ++i) {
    const uint128 end = i + 1 < starts.size() ? starts[i + 1] - 1 : kMaxHashKey;
    out.push_back({K(starts[i]), K(end)});
  }
  return out;
}

TEST(ReshardPlannerAwsTest, BalancedLayoutsOfEveryRoundingAreLeftAlone) {
  for (uint64_t n = 1; n <= 128; ++n) {
    std::vector<uint128> salt, moto;
    for (uint64_t i = 0; i < n; ++i) {
      salt.push_back((*SaltLayout(n))[i].start.value());
      moto.push_back(static_cast<uint128>(i) * AwsLayoutStart(1, n).value());
    }
    for (const auto& layout : {*AwsLayout(n), FromStarts(salt), FromStarts(moto)}) {
      auto d = DecideReshard(ShardSim(layout).shards(), n, ReshardLayout::kAws, {}, true);
      ASSERT_TRUE(d.ok()) << d.status().ToString();
      EXPECT_FALSE(d->operation.has_value()) << "n=" << n << " " << Describe(*d->operation);
    }
  }
}

TEST(ReshardPlannerAwsTest, ToleranceIsInclusiveAndDefaultsToTheShardCount) {
  const uint64_t n = 5;
  const uint128 b1 = AwsLayoutStart(1, n).value();
  std::vector<uint128> starts = {0, b1 + n, AwsLayoutStart(2, n).value(),
                                 AwsLayoutStart(3, n).value(), AwsLayoutStart(4, n).value()};
  auto d = DecideReshard(ShardSim(FromStarts(starts)).shards(), n, ReshardLayout::kAws, {}, true);
  EXPECT_FALSE(d->operation.has_value());
  starts[1] = b1 + n + 1;  // shard 0 one key past the tolerance: split back at the ideal key
  d = DecideReshard(ShardSim(FromStarts(starts)).shards(), n, ReshardLayout::kAws, {}, true);
  ASSERT_TRUE(d->operation.has_value());
  EXPECT_EQ(Describe(*d->operation), "split@" + Uint128ToString(b1));
  starts[1] = b1 - n - 1;  // one key short of the tolerance: merge
  d = DecideReshard(ShardSim(FromStarts(starts)).shards(), n, ReshardLayout::kAws, {}, true);
  EXPECT_EQ(Describe(*d->operation), "merge");
  // An explicit tolerance replaces the default.
  d = DecideReshard(ShardSim(FromStarts(starts)).shards(), n, ReshardLayout::kAws,
                    static_cast<uint128>(n + 1), true);
  EXPECT_FALSE(d->operation.has_value());
  d = DecideReshard(ShardSim(*AwsLayout(3)).shards(), 3, ReshardLayout::kAws,
                    static_cast<uint128>(0), true);
  EXPECT_FALSE(d->operation.has_value());
}

TEST(ReshardPlannerAwsTest, ExactAwsTargets) {
  Outcome r = Loop(*AwsLayout(1), 3, ReshardLayout::kAws, 10);
  ASSERT_TRUE(r.ok) << r.why;
  EXPECT_EQ(r.ops, (std::vector<std::string>{"split@113427455640312821154458202477256070485",
                                             "split@226854911280625642308916404954512140970"}));
  EXPECT_EQ(r.final_ranges, *AwsLayout(3));

  r = Loop(*AwsLayout(3), 4, ReshardLayout::kAws, 10);
  ASSERT_TRUE(r.ok) << r.why;
  EXPECT_EQ(r.ops, (std::vector<std::string>{"split@" + Uint128ToString(kOne << 126), "merge",
                                             "split@" + Uint128ToString(kOne << 127), "merge",
                                             "split@" + Uint128ToString(3 * (kOne << 126))}));
  EXPECT_EQ(r.final_ranges, *AwsLayout(4));

  r = Loop(*AwsLayout(4), 5, ReshardLayout::kAws, 20);
  ASSERT_TRUE(r.ok) << r.why;
  EXPECT_EQ(r.ops.size(), 7u);
  EXPECT_EQ(r.final_ranges, *AwsLayout(5));
  EXPECT_EQ(r.final_ranges[0].end.ToString(),
            "68056473384187692692674921486353642290");  // published N=5

  r = Loop(*AwsLayout(8), 1, ReshardLayout::kAws, 20);
  ASSERT_TRUE(r.ok) << r.why;
  EXPECT_EQ(r.ops, std::vector<std::string>(7, "merge"));
}

TEST(ReshardPlannerAwsTest, DebugLinesFollowSaltsWording) {
  auto d = DecideReshard(ShardSim(*AwsLayout(1)).shards(), 2, ReshardLayout::kAws, {}, true);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->log_lines,
            (std::vector<std::string>{
                "found 1 open shards, min_hash_key 0 max_hash_key " + HashKey::Max().ToString(),
                "Shard 0 (shardId-000000000000) should start at 0: True",
                "Shard 0 (shardId-000000000000) should end at " +
                    Uint128ToString((kOne << 127) - 1) + ": False",
                "shardId-000000000000 should end at " + Uint128ToString((kOne << 127) - 1) +
                    ", actual " + HashKey::Max().ToString() + " would split"}));
}

TEST(ReshardPlannerAwsTest, BadInputs) {
  // A gap between the shards.
  std::vector<OpenShard> gap = {{"a", K(0), K(10)}, {"b", K(12), HashKey::Max()}};
  auto d = DecideReshard(gap, 2, ReshardLayout::kAws, {}, true);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("without gaps"), std::string::npos);
  // A space that does not reach 2^128-1.
  d = DecideReshard(std::vector<OpenShard>{{"a", K(0), K(99)}}, 2, ReshardLayout::kAws, {}, true);
  EXPECT_FALSE(d.ok());
  d = DecideReshard({}, 2, ReshardLayout::kAws, {}, true);
  EXPECT_FALSE(d.ok());
  // A tolerance of half a shard or more is ambiguous.
  d = DecideReshard(ShardSim(*AwsLayout(2)).shards(), 2, ReshardLayout::kAws, kOne << 126, true);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("tolerance"), std::string::npos);
}

uint128 Random128(std::mt19937_64& rng) { return (static_cast<uint128>(rng()) << 64) | rng(); }

// 1000 random uneven contiguous layouts of 1..64 shards to random targets of 1..64 shards, for
// both layouts: each converges within n + 2d operations (at most d splits, each finishing one
// target shard, and n + splits - d merges), every step keeps the cover contiguous, and the end
// is the target layout (exactly for kSalt, within tolerance for kAws). kAws also leaves every
// layout within tolerance alone.
TEST(ReshardPlannerPropertyTest, RandomLayoutsConverge) {
  std::mt19937_64 rng(20261126);
  for (int round = 0; round < 1000; ++round) {
    const uint64_t n = 1 + rng() % 64;
    const uint64_t d = 1 + rng() % 64;
    std::vector<uint128> cuts = {0};
    while (cuts.size() < n) {
      const uint128 c = Random128(rng);
      if (c != 0 && std::find(cuts.begin(), cuts.end(), c) == cuts.end()) cuts.push_back(c);
    }
    std::sort(cuts.begin(), cuts.end());
    const std::vector<HashRange> start = FromStarts(cuts);
    const std::string where =
        "round " + std::to_string(round) + ": " + std::to_string(n) + " -> " + std::to_string(d);

    const Outcome salt = Loop(start, d, ReshardLayout::kSalt, n + 2 * d);
    ASSERT_TRUE(salt.ok) << where << " salt: " << salt.why;
    ASSERT_EQ(salt.final_ranges, *SaltLayout(d)) << where;

    const Outcome aws = Loop(start, d, ReshardLayout::kAws, n + 2 * d);
    ASSERT_TRUE(aws.ok) << where << " aws: " << aws.why;
    ASSERT_EQ(aws.final_ranges.size(), d) << where;
    ASSERT_TRUE(WithinTolerance(aws.final_ranges, d)) << where;

    // Jitter AWS's layout for n shards by up to n keys per boundary: never touched.
    std::vector<uint128> jittered = {0};
    for (uint64_t i = 1; i < n; ++i) {
      const uint128 ideal = AwsLayoutStart(i, n).value();
      const uint64_t offset = rng() % (n + 1);
      jittered.push_back(rng() % 2 ? ideal + offset : ideal - offset);
    }
    auto none =
        DecideReshard(ShardSim(FromStarts(jittered)).shards(), n, ReshardLayout::kAws, {}, false);
    ASSERT_TRUE(none.ok()) << where;
    ASSERT_FALSE(none->operation.has_value()) << where << " touched a layout within tolerance";
  }
}

}  // namespace
}  // namespace kinesisctl
