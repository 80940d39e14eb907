// KinesisStreamOps: the production StreamOps, over one cached Connection's KinesisClient.
// Existence and status come from DescribeStreamSummary (DescribeStream where unsupported), the
// stream as the engine sees it from the full description (functions/describe.h); waits check at
// once and then poll with full-jitter backoff (at most 10 s, never past the deadline) using the
// context's Clock, Sleeper and Random. Tags are listed page by page and changed 10 at a time.
// Not thread-safe: a Connection belongs to one thread.
#ifndef KINESISCTL_FUNCTIONS_KINESIS_STREAM_OPS_H_
#define KINESISCTL_FUNCTIONS_KINESIS_STREAM_OPS_H_

#include <string>
#include <vector>

#include "functions/context.h"
#include "functions/stream_ops.h"

namespace kinesisctl::admin {

// The engine's view of a description ({"StreamDescription": {...}}).
StatusOr<StreamState> StreamStateFromDescription(const kinesis::Json& description);

class KinesisStreamOps final : public StreamOps {
 public:
  explicit KinesisStreamOps(Connection& conn) : conn_(conn) {}

  StatusOr<bool> Exists(const std::string& name) override;
  Status Create(const std::string& name, std::optional<int64_t> shard_count,
                std::optional<std::string> stream_mode) override;
  Status Delete(const std::string& name) override;
  void SetDeadline(std::optional<TimePoint> deadline) override {
    conn_.client.set_deadline(deadline);
  }
  std::optional<TimePoint> Deadline() const override { return conn_.client.deadline(); }
  StatusOr<StreamState> WaitActive(
      const std::string& name, TimePoint deadline,
      const std::function<void(const std::string&)>& on_status) override;
  Status IncreaseRetention(const std::string& name, int64_t hours) override;
  Status DecreaseRetention(const std::string& name, int64_t hours) override;
  Status EnableMonitoring(const std::string& name,
                          const std::vector<std::string>& metrics) override;
  Status DisableMonitoring(const std::string& name,
                           const std::vector<std::string>& metrics) override;
  Status UpdateStreamMode(const std::string& arn, const std::string& mode) override;
  StatusOr<Tags> ListTags(const std::string& name) override;
  Status AddTags(const std::string& name, const Tags& tags) override;
  Status RemoveTags(const std::string& name, const std::vector<std::string>& keys) override;
  Status StartEncryption(const std::string& name, const std::string& key_id) override;
  Status StopEncryption(const std::string& name, const std::string& key_id) override;
  Status UpdateShardCount(const std::string& name, int64_t target) override;
  Status SplitShard(const std::string& name, const std::string& shard_id,
                    HashKey new_starting_hash_key) override;
  Status MergeShards(const std::string& name, const std::string& shard_id,
                     const std::string& adjacent_shard_id) override;

 private:
  Connection& conn_;
};

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_KINESIS_STREAM_OPS_H_
