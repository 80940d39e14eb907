// Pure state changes of the model: making a new stream's shards in AWS's layout, completing a
// split, a merge or a uniform resize (parents closed with an EndingSequenceNumber and kept;
// children get the next shard numbers and ParentShardId / AdjacentParentShardId), and completing
// every pending transition whose time has come. Callers hold the model's lock.
#ifndef KINESISCTL_SERVER_MODEL_TRANSITIONS_H_
#define KINESISCTL_SERVER_MODEL_TRANSITIONS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kinesisctl/hash_key.h"
#include "kinesisctl/status.h"
#include "server/model/model.h"

namespace kinesisctl::server {

// Appends `count` open shards covering the whole hash space in AWS's layout.
void AddInitialShards(Stream& stream, int count, int64_t now_ms);

// Each expects a valid request (the actions check first); InternalError otherwise.
Status CompleteSplit(Stream& stream, const std::string& shard_id, HashKey new_start,
                     int64_t now_ms);
Status CompleteMerge(Stream& stream, const std::string& shard_id, const std::string& adjacent_id,
                     int64_t now_ms);
Status CompleteResize(Stream& stream, int target, int64_t now_ms);

// Completes the consumer transitions of `stream` due at or before now_ms (CREATING becomes
// ACTIVE, DELETING consumers disappear); true when any completed.
bool AdvanceConsumers(Stream& stream, int64_t now_ms);

// The earliest time a pending stream or consumer transition completes; 0 when none is pending.
int64_t NextDueMs(const Model& model);

// Completes every transition (consumers' included) due at or before now_ms; deleted streams
// disappear. Returns the
// names (for a Model: region and name) of the streams changed or deleted.
std::vector<std::string> AdvanceTransitions(Region& region, int64_t now_ms);
std::vector<std::pair<std::string, std::string>> AdvanceTransitions(Model& model, int64_t now_ms);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_MODEL_TRANSITIONS_H_
