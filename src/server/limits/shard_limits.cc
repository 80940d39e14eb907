#include "server/limits/shard_limits.h"

#include <algorithm>

namespace kinesisctl::server {
namespace {

constexpr int64_t kDayMs = 24 * 3'600'000;

Status RateExceeded(const std::string& stream, const std::string& account) {
  return Status("LimitExceededException",
                "Rate exceeded for stream " + stream + " under account " + account + ".", 400);
}

}  // namespace

std::string ShardLimits::ShardRateMessage(const std::string& shard_id, const std::string& stream,
                                          const std::string& account) {
  return "Rate exceeded for shard " + shard_id + " in stream " + stream + " under account " +
         account + ".";
}

ShardLimits::WriteBuckets& ShardLimits::Writes(const ShardKey& shard, int64_t now_ms) {
  auto it = writes_.find(shard);
  if (it == writes_.end()) {
    it =
        writes_
            .emplace(shard, WriteBuckets{TokenBucket(kWriteBytesPerS, kWriteBytesPerS, now_ms),
                                         TokenBucket(kWriteRecordsPerS, kWriteRecordsPerS, now_ms)})
            .first;
  }
  return it->second;
}

ShardLimits::ReadBuckets& ShardLimits::Reads(const ShardKey& shard, int64_t now_ms) {
  auto it = reads_.find(shard);
  if (it == reads_.end()) {
    it = reads_
             .emplace(shard, ReadBuckets{TokenBucket(kReadCallsPerS, kReadCallsPerS, now_ms),
                                         TokenBucket(kReadBytesPerS, kReadBytesPerS, now_ms)})
             .first;
  }
  return it->second;
}

TokenBucket& ShardLimits::Calls(const std::string& key, double per_s, int64_t now_ms) {
  auto it = calls_.find(key);
  if (it == calls_.end()) it = calls_.emplace(key, TokenBucket(per_s, per_s, now_ms)).first;
  return it->second;
}

bool ShardLimits::TryWrite(const ShardKey& shard, int64_t bytes, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  WriteBuckets& b = Writes(shard, now_ms);
  const double size = static_cast<double>(bytes);
  // Both limits must allow the record before either is spent. A record over 1 MiB (streams with
  // a larger MaxRecordSizeInKiB) needs a full second's budget and borrows the following seconds'.
  const double needed = std::min(size, kWriteBytesPerS);
  if (b.records.Available(now_ms) < 1.0 || b.bytes.Available(now_ms) < needed) return false;
  b.records.Take(1.0, now_ms);
  b.bytes.Charge(size, now_ms);
  return true;
}

bool ShardLimits::TryStartRead(const ShardKey& shard, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  ReadBuckets& b = Reads(shard, now_ms);
  if (b.bytes.Available(now_ms) < 0.0) return false;  // paying back an earlier large read
  return b.calls.Take(1.0, now_ms);
}

void ShardLimits::ChargeRead(const ShardKey& shard, int64_t bytes, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  Reads(shard, now_ms).bytes.Charge(static_cast<double>(bytes), now_ms);
}

Status ShardLimits::CheckCall(const std::string& action, const std::string& region,
                              const std::string& account, const std::string& stream,
                              int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  if (action == "DescribeStream") {
    if (!Calls("DescribeStream|" + region, 10, now_ms).Take(1, now_ms)) {
      return RateExceeded(stream, account);
    }
  } else if (action == "ListShards" && !stream.empty()) {
    if (!Calls("ListShards|" + region + "|" + stream, 1000, now_ms).Take(1, now_ms)) {
      return RateExceeded(stream, account);
    }
  } else if (action == "UpdateShardCount") {
    auto& starts = scalings_[region + "|" + stream];
    while (!starts.empty() && starts.front() <= now_ms - kDayMs) starts.pop_front();
    if (static_cast<int>(starts.size()) >= kScalingsPerDay) {
      return Status("LimitExceededException",
                    "Stream " + stream + " under account " + account + " has already been scaled " +
                        std::to_string(kScalingsPerDay) + " times in the last 24 hours.",
                    400);
    }
    if (!Calls("UpdateShardCount|" + region, 10, now_ms).Take(1, now_ms)) {
      return RateExceeded(stream, account);
    }
  }
  return OkStatus();
}

void ShardLimits::RecordScaling(const std::string& region, const std::string& stream,
                                int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  scalings_[region + "|" + stream].push_back(now_ms);
}

}  // namespace kinesisctl::server
