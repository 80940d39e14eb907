// The reshard decision of Salt's boto_kinesis.reshard, as a pure function: given the open
// shards of a stream (sorted by starting hash key) and a desired shard count, it returns the one
// split or merge to do next toward a balanced layout, or none, with the debug lines Salt logs.
// Layout kSalt reproduces Salt's algorithm exactly (integer semantics, tolerance 0;
// docs/design/resharding.md); kAws targets AWS's floor(i*2^128/N) layout and leaves boundaries
// within `tolerance` keys of their ideal position alone. No I/O; thread-safe.
#ifndef KINESISCTL_FUNCTIONS_RESHARD_PLANNER_H_
#define KINESISCTL_FUNCTIONS_RESHARD_PLANNER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kinesisctl/hash_key.h"
#include "kinesisctl/status.h"

namespace kinesisctl {

struct OpenShard {
  std::string shard_id;
  HashKey start;
  HashKey end;
};

enum class ReshardLayout { kAws, kSalt };

struct ReshardOperation {
  enum class Kind { kSplit, kMerge };
  Kind kind;
  std::string shard_id;           // ShardToSplit or ShardToMerge
  std::string adjacent_shard_id;  // AdjacentShardToMerge (merges only)
  HashKey new_starting_hash_key;  // NewStartingHashKey (splits only)
};

struct ReshardDecision {
  std::optional<ReshardOperation> operation;  // nullopt: nothing to do
  std::vector<std::string> log_lines;         // Salt's debug lines, in order
};

// `tolerance`: nullopt means the layout's default (N keys for kAws, 0 for kSalt; kSalt accepts
// only 0, kAws less than half a shard's width). `dry_run` selects Salt's "would split"/"would
// merge" wording of the last log line. The shards need not be sorted (they are, stably, by
// start). Errors (InvalidInput): desired_size 0; a bad tolerance; Salt's own algorithm errors
// with Salt's texts ("starting hash keys mismatch, don't know what to do!", "failed to find next
// shard after <id>"); for kAws, open shards that do not cover 0 .. 2^128-1 contiguously.
//
// kAws walks the shards left to right like Salt: the first shard whose end is more than
// `tolerance` keys off its ideal end is split at its ideal boundary (too long by more than one
// key) or merged with its right neighbour (too short, or exactly one key too long); the last
// target shard must end at 2^128-1. A layout whose every boundary is within tolerance is left
// alone.
//
// Salt logs its debug lines before returning an algorithm error; when `lines_on_error` is not
// null it receives those lines whenever the result is an error.
StatusOr<ReshardDecision> DecideReshard(const std::vector<OpenShard>& open_shards,
                                        uint64_t desired_size, ReshardLayout layout,
                                        std::optional<uint128> tolerance, bool dry_run,
                                        std::vector<std::string>* lines_on_error = nullptr);

}  // namespace kinesisctl

#endif  // KINESISCTL_FUNCTIONS_RESHARD_PLANNER_H_
