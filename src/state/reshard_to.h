// ReshardTo: bring a stream to N open shards in one call (docs/design/resharding.md), over
// StreamOps. method=auto steps UpdateShardCount (each step within 2x up and half down, waiting for
// ACTIVE between) on PROVISIONED streams and falls back to split/merge when the service refuses or
// lacks UpdateShardCount (UnknownOperationException, a spent daily scaling budget, ...);
// update_shard_count and split_merge force one way. Split/merge goes toward the balanced layout
// (AWS's, or Salt's with layout=salt) with the fewest operations. Everything runs under one
// overall deadline, and each step is reported to a ProgressSink. Not thread-safe.
#ifndef KINESISCTL_STATE_RESHARD_TO_H_
#define KINESISCTL_STATE_RESHARD_TO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "functions/progress.h"
#include "functions/stream_ops.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/state.h"
#include "kinesisctl/status.h"

namespace kinesisctl::admin {

struct ReshardToReport {
  int64_t from = 0;
  int64_t to = 0;
  std::string method;  // "none", "update_shard_count" or "split_merge" (the one that finished)
  int steps = 0;       // API calls that changed the shards
  std::vector<std::string> notes;  // e.g. why auto fell back to split/merge
};

// The largest target ReshardTo accepts: UpdateShardCount's per-stream maximum.
inline constexpr uint64_t kMaxReshardToTarget = 10000;

// Checks the options (method, layout, 1 <= target <= kMaxReshardToTarget) without any call.
Status ValidateReshardToOptions(int64_t target, const ReshardToOptions& options);

StatusOr<ReshardToReport> ReshardTo(StreamOps& ops, const std::string& name, int64_t target,
                                    const ReshardToOptions& options, Clock& clock,
                                    ProgressSink* progress);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_STATE_RESHARD_TO_H_
