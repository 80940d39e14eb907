// Stepping plan for UpdateShardCount (UNIFORM_SCALING): the service refuses a target above twice
// or below half of the current open shard count, so a change such as 5 -> 12 takes several calls
// (5 -> 10 -> 12). The plan takes the fewest steps, each as large as allowed: doubling up,
// halving (rounded up) down, then the exact target. Pure functions; thread-safe.
#ifndef KINESISCTL_FUNCTIONS_UPDATE_SHARD_COUNT_PLAN_H_
#define KINESISCTL_FUNCTIONS_UPDATE_SHARD_COUNT_PLAN_H_

#include <cstdint>
#include <vector>

#include "kinesisctl/status.h"

namespace kinesisctl {

// The most shards UpdateShardCount scales a stream to (AWS's default limit).
inline constexpr uint64_t kMaxUpdateShardCountTarget = 10000;

// Whether one UpdateShardCount call may go from `from` to `to`: 2*from >= to and 2*to >= from.
bool UpdateShardCountStepAllowed(uint64_t from, uint64_t to);

// The targets of successive UpdateShardCount calls from `current` to `target` (empty when they
// are equal). Errors (InvalidInput): a count of 0, or a target above
// kMaxUpdateShardCountTarget.
StatusOr<std::vector<uint64_t>> PlanUpdateShardCountSteps(uint64_t current, uint64_t target);

}  // namespace kinesisctl

#endif  // KINESISCTL_FUNCTIONS_UPDATE_SHARD_COUNT_PLAN_H_
