#include "functions/split_merge_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <set>
#include <vector>

#include "functions/testing/shard_sim.h"

namespace kinesisctl {
namespace {

using testing::ShardSim;
constexpr uint128 kOne = 1;

std::vector<HashRange> FromStarts(std::vector<uint128> starts) {
  std::sort(starts.begin(), starts.end());
  std::vector<HashRange> out;
  for (size_t i = 0; i < starts.size(); ++i) {
    const uint128 end = i + 1 < starts.size() ? starts[i + 1] - 1 : kMaxHashKey;
    out.push_back({HashKey(starts[i]), HashKey(end)});
  }
  return out;
}

std::set<uint128> Bounds(const std::vector<HashRange>& layout) {
  std::set<uint128> out;
  for (size_t i = 1; i < layout.size(); ++i) out.insert(layout[i].start.value());
  return out;
}

// Executes the plan on the simulator; returns the final layout and the peak shard count. Each
// operation must change the boundary set by exactly one key.
std::vector<HashRange> Execute(const std::vector<HashRange>& from,
                               const std::vector<BoundaryOp>& plan, size_t* peak) {
  ShardSim sim(from);
  *peak = sim.shards().size();
  for (const BoundaryOp& op : plan) {
    const std::set<uint128> before = Bounds(sim.Ranges());
    auto request = ResolveBoundaryOp(sim.shards(), op);
    EXPECT_TRUE(request.ok()) << request.status().ToString();
    if (!request.ok()) break;
    EXPECT_TRUE(sim.Apply(*request));
    const std::set<uint128> after = Bounds(sim.Ranges());
    std::vector<uint128> diff;
    std::set_symmetric_difference(before.begin(), before.end(), after.begin(), after.end(),
                                  std::back_inserter(diff));
    EXPECT_EQ(diff, std::vector<uint128>{op.key.value()});
    *peak = std::max(*peak, sim.shards().size());
  }
  return sim.Ranges();
}

TEST(SplitMergePlanTest, PowersOfTwoAndTheFourToFiveCase) {
  auto plan = PlanSplitMerge(*AwsLayout(4), *AwsLayout(8), 0);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->size(), 4u);
  EXPECT_TRUE(std::all_of(plan->begin(), plan->end(), [](const BoundaryOp& op) {
    return op.kind == BoundaryOp::Kind::kSplitAt;
  }));
  plan = PlanSplitMerge(*AwsLayout(8), *AwsLayout(4), 0);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(*plan,
            (std::vector<BoundaryOp>{{BoundaryOp::Kind::kMergeAt, HashKey(kOne << 125)},
                                     {BoundaryOp::Kind::kMergeAt, HashKey(3 * (kOne << 125))},
                                     {BoundaryOp::Kind::kMergeAt, HashKey(5 * (kOne << 125))},
                                     {BoundaryOp::Kind::kMergeAt, HashKey(7 * (kOne << 125))}}));
  // 4 -> 5 shares no boundary: 3 merges then 4 splits, against Salt's 7 interleaved operations.
  plan = PlanSplitMerge(*AwsLayout(4), *AwsLayout(5), 5);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->size(), 7u);
  size_t peak = 0;
  EXPECT_EQ(Execute(*AwsLayout(4), *plan, &peak), *AwsLayout(5));
  EXPECT_EQ(peak, 5u);
  // 5 -> 10 keeps all four boundaries of 5 (10 = 2*5) and adds five.
  plan = PlanSplitMerge(*AwsLayout(5), *AwsLayout(10), 10);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->size(), 5u);
}

TEST(SplitMergePlanTest, ToleranceKeepsNearlyBalancedBoundaries) {
  // Salt's 3-shard layout is 1 and 2 keys off AWS's: nothing to do within tolerance 3, two
  // merges and two splits at tolerance 0.
  auto plan = PlanSplitMerge(*SaltLayout(3), *AwsLayout(3), 3);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->empty());
  plan = PlanSplitMerge(*SaltLayout(3), *AwsLayout(3), 0);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->size(), 4u);
  EXPECT_FALSE(PlanSplitMerge(*AwsLayout(2), *AwsLayout(4), kOne << 125).ok());
}

TEST(SplitMergePlanTest, BadLayoutsAndStaleOperations) {
  EXPECT_FALSE(PlanSplitMerge({{HashKey(0), HashKey(5)}}, *AwsLayout(2), 0).ok());
  ShardSim sim(*AwsLayout(2));
  EXPECT_FALSE(
      ResolveBoundaryOp(sim.shards(), {BoundaryOp::Kind::kSplitAt, HashKey(kOne << 127)}).ok());
  EXPECT_FALSE(ResolveBoundaryOp(sim.shards(), {BoundaryOp::Kind::kMergeAt, HashKey(7)}).ok());
  auto merge = ResolveBoundaryOp(sim.shards(), {BoundaryOp::Kind::kMergeAt, HashKey(kOne << 127)});
  ASSERT_TRUE(merge.ok());
  EXPECT_EQ(merge->shard_id, sim.shards()[0].shard_id);
  EXPECT_EQ(merge->adjacent_shard_id, sim.shards()[1].shard_id);
}

uint128 Random128(std::mt19937_64& rng) { return (static_cast<uint128>(rng()) << 64) | rng(); }

// Minimality: a split adds exactly one boundary and a merge removes exactly one (checked while
// executing), so no plan can be shorter than the number of boundaries to add or remove. Over
// random layouts the plan's length equals that lower bound, computed here independently, and
// the plan reaches the target without exceeding max(current, target) shards.
TEST(SplitMergePlanTest, RandomPlansHitTheLowerBound) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 300; ++round) {
    const uint64_t n = 1 + rng() % 40;
    const std::vector<HashRange> target = *AwsLayout(n);
    // Current: some target boundaries, some jittered within tolerance, some random extras.
    std::vector<uint128> starts = {0};
    size_t kept = 0;
    for (uint64_t i = 1; i < n; ++i) {
      const uint128 b = AwsLayoutStart(i, n).value();
      switch (rng() % 3) {
        case 0:
          starts.push_back(b);
          ++kept;
          break;
        case 1:
          starts.push_back(rng() % 2 ? b + rng() % (n + 1) : b - rng() % (n + 1));
          ++kept;
          break;
        default:
          break;
      }
    }
    const size_t extras = rng() % 20;
    size_t added = 0;
    while (added < extras) {
      const uint128 c = Random128(rng);
      bool near = c == 0;
      for (uint128 s : starts) near = near || (c > s ? c - s : s - c) <= 2 * n;
      for (uint64_t i = 1; i < n; ++i) {
        const uint128 b = AwsLayoutStart(i, n).value();
        near = near || (c > b ? c - b : b - c) <= 2 * n;
      }
      if (!near) {
        starts.push_back(c);
        ++added;
      }
    }
    const std::vector<HashRange> current = FromStarts(starts);
    auto plan = PlanSplitMerge(current, target, n);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    const size_t lower_bound = (n - 1 - kept) + extras;
    ASSERT_EQ(plan->size(), lower_bound) << "round " << round;
    size_t peak = 0;
    const std::vector<HashRange> final_layout = Execute(current, *plan, &peak);
    ASSERT_EQ(final_layout.size(), n);
    for (uint64_t i = 1; i < n; ++i) {
      const uint128 got = final_layout[i].start.value();
      const uint128 want = AwsLayoutStart(i, n).value();
      ASSERT_LE(got > want ? got - want : want - got, static_cast<uint128>(n));
    }
    ASSERT_LE(peak, std::max<size_t>(current.size(), n));
  }
}

}  // namespace
}  // namespace kinesisctl
