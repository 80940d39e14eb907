// The server's in-memory model of Kinesis: regions hold streams, streams hold shards, tags,
// settings, registered consumers (each with its own CREATING / DELETING completion time) and at
// most one pending transition (CREATING, UPDATING or DELETING with the time it completes). Plain
// values changed only by the actions and by AdvanceTransitions, under the caller's lock; not
// thread-safe by itself.
#ifndef KINESISCTL_SERVER_MODEL_MODEL_H_
#define KINESISCTL_SERVER_MODEL_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
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
  bool operator==(const Shard&) const = default;
};

enum class StreamStatus { kCreating, kActive, kUpdating, kDeleting };
const char* StreamStatusName(StreamStatus status);

// A registered (enhanced fan-out) consumer. CREATING becomes ACTIVE and DELETING disappears at
// due_ms.
enum class ConsumerStatus { kCreating, kActive, kDeleting };
const char* ConsumerStatusName(ConsumerStatus status);

struct Consumer {
  std::string name;
  std::string arn;  // STREAM_ARN/consumer/NAME:CREATION_SECONDS
  ConsumerStatus status = ConsumerStatus::kCreating;
  int64_t created_ms = 0;
  int64_t due_ms = 0;  // when CREATING or DELETING completes; unused while ACTIVE
  std::map<std::string, std::string> tags;  // its own, set by ARN (TagResource) or at registration
  std::string policy;                       // its resource policy document, "" when none

  bool operator==(const Consumer&) const = default;
};

// What completes when a pending transition's time comes.
struct Transition {
  // Stored as integers: new kinds go at the end.
  enum class Kind { kNone, kCreate, kDelete, kSplit, kMerge, kResize, kEncrypt, kMode, kWarm };
  Kind kind = Kind::kNone;
  int64_t due_ms = 0;
  // kSplit: shard + new starting key; kMerge: shard + adjacent; kResize: target count;
  // kEncrypt: encryption type + key id; kMode: stream mode + warm throughput ("" when none);
  // kWarm: target warm throughput in count.
  std::string shard;
  std::string other;
  int64_t count = 0;
  bool operator==(const Transition&) const = default;
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
  int max_record_kib = 1024;  // MaxRecordSizeInKiB: 1,024 to 10,240
  // Warm throughput (ON_DEMAND streams of accounts with the billing commitment), in MiB/s;
  // target -1 while none was ever asked for.
  int64_t warm_target_mibps = -1;
  int64_t warm_current_mibps = 0;
  std::string policy;  // the resource policy document, "" when none
  Transition pending;
  std::vector<Consumer> consumers;  // in registration order

  int OpenShardCount() const;
  const Consumer* FindConsumer(const std::string& name) const;
  Consumer* FindConsumer(const std::string& name);
  const Shard* FindShard(const std::string& id) const;
  Shard* FindShard(const std::string& id);
  bool operator==(const Stream&) const = default;
};

// The account's settings in a region (DescribeAccountSettings): the minimum throughput billing
// commitment. status "" until it was first changed (described as DISABLED).
struct AccountSettings {
  std::string status;  // "", ENABLED, DISABLED, ENABLED_UNTIL_EARLIEST_ALLOWED_END
  int64_t started_ms = 0;
  int64_t ended_ms = 0;
  int64_t earliest_end_ms = 0;

  // The status as of `now_ms`: a commitment asked to end stays on until its earliest end.
  std::string StatusAt(int64_t now_ms) const;
  bool EnabledAt(int64_t now_ms) const;

  bool operator==(const AccountSettings&) const = default;
};

struct Region {
  std::map<std::string, Stream> streams;  // by name, sorted as ListStreams returns them
  AccountSettings account;

  int OpenShardCount() const;
  int OnDemandStreamCount() const;
  bool operator==(const Region&) const = default;
};

struct Model {
  std::map<std::string, Region> regions;
  bool operator==(const Model&) const = default;
};

// STREAM_ARN/consumer/NAME:SECONDS, the form AWS gives consumer ARNs.
std::string ConsumerArn(const std::string& stream_arn, const std::string& name, int64_t created_ms);

// "shardId-" + 12 zero-padded digits.
std::string ShardIdFor(int index);

// A shard id as AWS reads one: the text after the first '-' (or the whole text when there is
// none, or nothing follows it) must be decimal digits worth 0 to 2^31-1. "shardId-000000000001",
// "shardId-1", "1", "anything-1" and "-1" all name shard 1; "a-b-1", "1e3", "2147483648" and
// "shardId-" name none (nullopt).
std::optional<int> ParseShardId(std::string_view text);

// arn:aws:kinesis:REGION:ACCOUNT:stream/NAME
std::string StreamArn(const std::string& region, const std::string& account,
                      const std::string& name);

int64_t ToMillis(TimePoint t);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_MODEL_MODEL_H_
