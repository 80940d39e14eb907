// Split/merge planning toward an exact target layout with the fewest operations. A layout is
// its set of inner boundaries (the starting keys of every shard but the first); a split adds
// one boundary and a merge removes one, so reaching the target takes at least one operation per
// boundary in only one of the two sets, and the plan takes exactly that many: one split per
// missing boundary, one merge per surplus one. A current boundary within `tolerance` keys of a
// target boundary stands for it. Operations name boundaries, not shard ids (the service names
// the children), and ResolveBoundaryOp turns one into a SplitShard/MergeShards request against
// the shards open at that moment. Merges come first, left to right, then splits, so the shard
// count never exceeds max(current, target). Pure functions; thread-safe.
#ifndef KINESISCTL_FUNCTIONS_SPLIT_MERGE_PLAN_H_
#define KINESISCTL_FUNCTIONS_SPLIT_MERGE_PLAN_H_

#include <cstdint>
#include <vector>

#include "functions/reshard_planner.h"
#include "kinesisctl/hash_key.h"
#include "kinesisctl/layouts.h"
#include "kinesisctl/status.h"

namespace kinesisctl {

struct BoundaryOp {
  enum class Kind { kSplitAt, kMergeAt };
  Kind kind;
  HashKey key;  // kSplitAt: the new boundary; kMergeAt: the start of the right-hand shard
  friend bool operator==(const BoundaryOp&, const BoundaryOp&) = default;
};

// The inner boundaries of a contiguous layout covering 0 .. 2^128-1 (InvalidInput otherwise).
StatusOr<std::vector<HashKey>> InnerBoundaries(const std::vector<HashRange>& layout);

// The fewest operations turning `current` into `target` (both contiguous covers of the whole
// hash space); `tolerance` must be below half the narrowest target shard.
StatusOr<std::vector<BoundaryOp>> PlanSplitMerge(const std::vector<HashRange>& current,
                                                 const std::vector<HashRange>& target,
                                                 uint128 tolerance);

// The request for `op` against the open shards now: the shard containing the split key, or the
// two shards meeting at the merge boundary. NotFound-like InvalidInput if the stream changed
// under us.
StatusOr<ReshardOperation> ResolveBoundaryOp(const std::vector<OpenShard>& open,
                                             const BoundaryOp& op);

}  // namespace kinesisctl

#endif  // KINESISCTL_FUNCTIONS_SPLIT_MERGE_PLAN_H_
