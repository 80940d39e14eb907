#include "functions/update_shard_count_plan.h"

#include <algorithm>
#include <string>

namespace kinesisctl {

bool UpdateShardCountStepAllowed(uint64_t from, uint64_t to) {
  return from > 0 && to > 0 && to <= 2 * from && 2 * to >= from;
}

StatusOr<std::vector<uint64_t>> PlanUpdateShardCountSteps(uint64_t current, uint64_t target) {
  if (current == 0) return InvalidInputError("the stream has no open shards to scale");
  if (target == 0) return InvalidInputError("the target shard count must be at least 1");
  if (target > kMaxUpdateShardCountTarget) {
    return InvalidInputError("UpdateShardCount cannot scale a stream above " +
                             std::to_string(kMaxUpdateShardCountTarget) + " shards (asked for " +
                             std::to_string(target) + "); use method=split_merge");
  }
  std::vector<uint64_t> steps;
  uint64_t at = current;
  while (at != target) {
    at = target > at ? std::min(2 * at, target) : std::max((at + 1) / 2, target);
    steps.push_back(at);
  }
  return steps;
}

}  // namespace kinesisctl
