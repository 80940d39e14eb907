// Salt's get_info_for_reshard as a typed, pure function: from a stream description (either
// {"StreamDescription": {...}} or the bare StreamDescription) it collects the open shards (a
// shard is closed when its SequenceNumberRange has a non-null EndingSequenceNumber), sorted by
// starting hash key, the minimum and maximum hash keys (the minimum starts at 0, as in Salt),
// and the description with "OpenShards" added. Hash keys stay decimal strings in the JSON.
// No I/O; thread-safe.
#ifndef KINESISCTL_FUNCTIONS_RESHARD_INFO_H_
#define KINESISCTL_FUNCTIONS_RESHARD_INFO_H_

#include <vector>

#include "functions/reshard_planner.h"
#include "kinesis/kinesis_client.h"
#include "kinesisctl/hash_key.h"
#include "kinesisctl/status.h"

namespace kinesisctl::admin {

struct ReshardInfo {
  HashKey min_hash_key;
  HashKey max_hash_key;
  std::vector<OpenShard> open_shards;  // sorted by start
  kinesis::Json details;               // the StreamDescription plus "OpenShards"
};

// InvalidInput when the description has no shard list or a malformed hash key.
StatusOr<ReshardInfo> GetReshardInfo(const kinesis::Json& description);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_RESHARD_INFO_H_
