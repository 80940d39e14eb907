#include "functions/update_shard_count_plan.h"

#include <gtest/gtest.h>

#include <deque>
#include <vector>

namespace kinesisctl {
namespace {

std::vector<uint64_t> Steps(uint64_t from, uint64_t to) {
  auto steps = PlanUpdateShardCountSteps(from, to);
  EXPECT_TRUE(steps.ok()) << steps.status().ToString();
  return steps.ok() ? *steps : std::vector<uint64_t>{};
}

TEST(UpdateShardCountPlanTest, Examples) {
  EXPECT_EQ(Steps(4, 5), (std::vector<uint64_t>{5}));
  EXPECT_EQ(Steps(5, 12), (std::vector<uint64_t>{10, 12}));
  EXPECT_EQ(Steps(12, 5), (std::vector<uint64_t>{6, 5}));
  EXPECT_EQ(Steps(1, 16), (std::vector<uint64_t>{2, 4, 8, 16}));
  EXPECT_EQ(Steps(16, 1), (std::vector<uint64_t>{8, 4, 2, 1}));
  EXPECT_EQ(Steps(5, 2), (std::vector<uint64_t>{3, 2}));  // half of 5 rounds up
  EXPECT_EQ(Steps(7, 7), (std::vector<uint64_t>{}));
}

TEST(UpdateShardCountPlanTest, StepRule) {
  EXPECT_TRUE(UpdateShardCountStepAllowed(5, 10));
  EXPECT_FALSE(UpdateShardCountStepAllowed(5, 11));
  EXPECT_TRUE(UpdateShardCountStepAllowed(5, 3));
  EXPECT_FALSE(UpdateShardCountStepAllowed(5, 2));
  EXPECT_FALSE(UpdateShardCountStepAllowed(0, 1));
}

TEST(UpdateShardCountPlanTest, Errors) {
  EXPECT_FALSE(PlanUpdateShardCountSteps(0, 4).ok());
  EXPECT_FALSE(PlanUpdateShardCountSteps(4, 0).ok());
  auto big = PlanUpdateShardCountSteps(8000, 10001);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("split_merge"), std::string::npos);
  EXPECT_TRUE(PlanUpdateShardCountSteps(6000, 10000).ok());
}

// Every plan from 1..150 to 1..150 is made of allowed steps, ends at the target, and is as
// short as a breadth-first search over all allowed steps (counts up to 300) finds.
TEST(UpdateShardCountPlanTest, PlansAreValidAndShortest) {
  constexpr uint64_t kMax = 150;
  for (uint64_t from = 1; from <= kMax; ++from) {
    std::vector<int> dist(2 * kMax + 1, -1);
    std::deque<uint64_t> queue = {from};
    dist[from] = 0;
    while (!queue.empty()) {
      const uint64_t at = queue.front();
      queue.pop_front();
      for (uint64_t next = 1; next <= 2 * kMax; ++next) {
        if (dist[next] < 0 && UpdateShardCountStepAllowed(at, next)) {
          dist[next] = dist[at] + 1;
          queue.push_back(next);
        }
      }
    }
    for (uint64_t to = 1; to <= kMax; ++to) {
      const std::vector<uint64_t> steps = Steps(from, to);
      uint64_t at = from;
      for (uint64_t s : steps) {
        ASSERT_TRUE(UpdateShardCountStepAllowed(at, s)) << from << "->" << to;
        at = s;
      }
      ASSERT_EQ(at, to);
      ASSERT_EQ(static_cast<int>(steps.size()), dist[to]) << from << "->" << to;
    }
  }
}

}  // namespace
}  // namespace kinesisctl
