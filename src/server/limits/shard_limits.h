// ShardLimits: AWS's documented throughput limits for `kinesisctl serve --enforce-limits`.
// Per shard: writes of 1 MiB/s and 1,000 records/s, reads of 5 GetRecords calls/s and 2 MiB/s;
// each bucket holds one second of capacity (the burst) and refills continuously. A read is
// charged its bytes after it returned, so one large read puts the shard's read budget in debt
// and refuses the next reads until 2 MiB/s has paid it back (a 10 MiB read: about 4 s).
// Control plane: DescribeStream 10 calls/s per account, ListShards 1,000 calls/s per stream,
// UpdateShardCount 10 calls/s per account and 10 scalings per rolling 24 hours per stream.
// ON_DEMAND streams are limited per shard too: their 4 shards give AWS's default on-demand
// write capacity of 4 MiB/s and 4,000 records/s. Callers pass the time in (from the router's
// injected clock). Thread-safe: one mutex guards every bucket.
#ifndef KINESISCTL_SERVER_LIMITS_SHARD_LIMITS_H_
#define KINESISCTL_SERVER_LIMITS_SHARD_LIMITS_H_

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "kinesisctl/status.h"
#include "server/limits/token_bucket.h"

namespace kinesisctl::server {

struct ShardKey {
  std::string region;
  std::string stream;
  int shard = 0;
  bool operator<(const ShardKey& o) const {
    return std::tie(region, stream, shard) < std::tie(o.region, o.stream, o.shard);
  }
};

class ShardLimits {
 public:
  static constexpr double kWriteBytesPerS = 1024.0 * 1024.0;
  static constexpr double kWriteRecordsPerS = 1000.0;
  static constexpr double kReadCallsPerS = 5.0;
  static constexpr double kReadBytesPerS = 2.0 * 1024.0 * 1024.0;
  static constexpr int kScalingsPerDay = 10;

  // True (and the record counted) when the shard can take one more record of `bytes` (data plus
  // partition key) at now_ms.
  bool TryWrite(const ShardKey& shard, int64_t bytes, int64_t now_ms);

  // True (and the call counted) when the shard takes one more GetRecords call at now_ms.
  bool TryStartRead(const ShardKey& shard, int64_t now_ms);
  // Charges the bytes a GetRecords call returned.
  void ChargeRead(const ShardKey& shard, int64_t bytes, int64_t now_ms);

  // The control-plane rate limits before `action` runs: LimitExceededException when over.
  // `stream` is the request's stream name ("" when it names none: then only per-account limits).
  Status CheckCall(const std::string& action, const std::string& region, const std::string& account,
                   const std::string& stream, int64_t now_ms);
  // Records a successful UpdateShardCount (the 24-hour rule counts only scalings that started).
  void RecordScaling(const std::string& region, const std::string& stream, int64_t now_ms);

  // "Rate exceeded for shard SHARD in stream STREAM under account ACCOUNT." (AWS's text).
  static std::string ShardRateMessage(const std::string& shard_id, const std::string& stream,
                                      const std::string& account);

 private:
  struct WriteBuckets {
    TokenBucket bytes, records;
  };
  struct ReadBuckets {
    TokenBucket calls, bytes;
  };
  WriteBuckets& Writes(const ShardKey& shard, int64_t now_ms);
  ReadBuckets& Reads(const ShardKey& shard, int64_t now_ms);
  TokenBucket& Calls(const std::string& key, double per_s, int64_t now_ms);

  std::mutex mu_;
  std::map<ShardKey, WriteBuckets> writes_;
  std::map<ShardKey, ReadBuckets> reads_;
  std::map<std::string, TokenBucket> calls_;             // "action|scope"
  std::map<std::string, std::deque<int64_t>> scalings_;  // "region|stream" -> start times
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_LIMITS_SHARD_LIMITS_H_
