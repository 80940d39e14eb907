// StreamOps: the few stream operations the desired-state engine (present, absent, reshard_to)
// needs, as a small interface so the engine is pure logic over it: unit tests use a fake
// (functions/testing/fake_stream_ops.h), production uses KinesisStreamOps over the KinesisClient.
// Every operation returns a Status carrying the service's error code and message; waits take an
// absolute deadline. Implementations are not required to be thread-safe.
#ifndef KINESISCTL_FUNCTIONS_STREAM_OPS_H_
#define KINESISCTL_FUNCTIONS_STREAM_OPS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "functions/reshard_planner.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"

namespace kinesisctl::admin {

inline constexpr char kResourceNotFound[] = "ResourceNotFoundException";

// What the engine reads of a stream.
struct StreamState {
  std::string name;
  std::string arn;
  std::string status;  // CREATING, ACTIVE, UPDATING, DELETING
  int64_t retention_hours = 24;
  std::vector<std::string> metrics;         // EnhancedMonitoring[0].ShardLevelMetrics
  std::string stream_mode = "PROVISIONED";  // StreamModeDetails.StreamMode
  std::string encryption_type = "NONE";     // NONE or KMS
  std::string key_id;                       // the KMS key when encrypted
  std::vector<OpenShard> open_shards;       // sorted by starting hash key
};

using Tags = std::map<std::string, std::string>;

class StreamOps {
 public:
  virtual ~StreamOps() = default;

  // true when the stream exists, false only for ResourceNotFoundException; any other error is
  // returned as is (docs/design/salt-compatibility.md).
  virtual StatusOr<bool> Exists(const std::string& name) = 0;
  virtual Status Create(const std::string& name, std::optional<int64_t> shard_count,
                        std::optional<std::string> stream_mode) = 0;
  virtual Status Delete(const std::string& name) = 0;
  // A deadline every later call respects, retries included (nullopt: none). Set by long
  // operations such as reshard_to; fakes may ignore it.
  virtual void SetDeadline(std::optional<TimePoint> deadline) { (void)deadline; }
  virtual std::optional<TimePoint> Deadline() const { return std::nullopt; }
  // Checks at once, then polls until ACTIVE or `deadline` (DeadlineExceeded naming the last
  // status); `on_status` (may be empty) sees each status read. Returns the ACTIVE stream.
  virtual StatusOr<StreamState> WaitActive(
      const std::string& name, TimePoint deadline,
      const std::function<void(const std::string&)>& on_status) = 0;

  virtual Status IncreaseRetention(const std::string& name, int64_t hours) = 0;
  virtual Status DecreaseRetention(const std::string& name, int64_t hours) = 0;
  virtual Status EnableMonitoring(const std::string& name,
                                  const std::vector<std::string>& metrics) = 0;
  virtual Status DisableMonitoring(const std::string& name,
                                   const std::vector<std::string>& metrics) = 0;
  virtual Status UpdateStreamMode(const std::string& arn, const std::string& mode) = 0;
  virtual StatusOr<Tags> ListTags(const std::string& name) = 0;
  virtual Status AddTags(const std::string& name, const Tags& tags) = 0;
  virtual Status RemoveTags(const std::string& name, const std::vector<std::string>& keys) = 0;
  virtual Status StartEncryption(const std::string& name, const std::string& key_id) = 0;
  virtual Status StopEncryption(const std::string& name, const std::string& key_id) = 0;
  virtual Status UpdateShardCount(const std::string& name, int64_t target) = 0;
  virtual Status SplitShard(const std::string& name, const std::string& shard_id,
                            HashKey new_starting_hash_key) = 0;
  virtual Status MergeShards(const std::string& name, const std::string& shard_id,
                             const std::string& adjacent_shard_id) = 0;
};

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_STREAM_OPS_H_
