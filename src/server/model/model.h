// The server's in-memory model of Kinesis: regions hold streams, streams hold shards, tags,
// settings and at most one pending transition (CREATING, UPDATING or DELETING with the time it
// completes). Plain values changed only by the actions and by AdvanceTransitions, under the
// caller's lock; not thread-safe by itself.
#ifndef KINESISCTL_SERVER_MODEL_MODEL_H_
#define KINESISCTL_SERVER_MODEL_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kinesisctl/clock.h"
#include "kinesisctl/hash_key.h"
#include "server/model/sequence_number.h"

namespace kinesisctl::server {

struct Shard {
  int index = 0;  // position in creation order; the id is ShardIdFor(index)
  std::string id;
  HashKey start;
  HashKey end;
  std::string parent;           // "" when none
  std::string adjacent_parent;  // "" when none
  std::string starting_sequence;
  std::string ending_sequence;  // "" while open
  int64_t created_ms = 0;
  int64_t closed_ms = 0;  // 0 while open
  // The last sequence number given out, as (time, counter); starts at (created_ms, 0).
  int64_t last_ms = 0;
  uint64_t last_counter = 0;
  int64_t last_arrival_ms = 0;  // of the newest record; 0 when none

  bool open() const { return ending_sequence.empty(); }
};

enum class StreamStatus { kCreating, kActive, kUpdating, kDeleting };
const char* StreamStatusName(StreamStatus status);

// What completes when a pending transition's time comes.
struct Transition {
  enum class Kind { kNone, kCreate, kDelete, kSplit, kMerge, kResize, kEncrypt, kMode };
  Kind kind = Kind::kNone;
  int64_t due_ms = 0;
  // kSplit: shard + new starting key; kMerge: shard + adjacent; kResize: target count;
  // kEncrypt: encryption type + key id; kMode: stream mode.
  std::string shard;
  std::string other;
  int64_t count = 0;
};

struct Stream {
  std::string region;
  std::string name;
  std::string arn;
  StreamStatus status = StreamStatus::kCreating;
  int64_t created_ms = 0;
  int retention_hours = 24;
  std::vector<Shard> shards;  // every shard ever made, closed ones included, in index order
  std::map<std::string, std::string> tags;
  std::set<std::string> metrics;
  std::string encryption_type = "NONE";
  std::string key_id;
  std::string mode = "PROVISIONED";
  Transition pending;

  int OpenShardCount() const;
  const Shard* FindShard(const std::string& id) const;
  Shard* FindShard(const std::string& id);
};

struct Region {
  std::map<std::string, Stream> streams;  // by name, sorted as ListStreams returns them

  int OpenShardCount() const;
  int OnDemandStreamCount() const;
};

struct Model {
  std::map<std::string, Region> regions;
};

// "shardId-" + 12 zero-padded digits.
std::string ShardIdFor(int index);

// arn:aws:kinesis:REGION:ACCOUNT:stream/NAME
std::string StreamArn(const std::string& region, const std::string& account,
                      const std::string& name);

int64_t ToMillis(TimePoint t);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_MODEL_MODEL_H_
