#include "server/model/model.h"

#include <cstdio>

namespace kinesisctl::server {

const char* StreamStatusName(StreamStatus status) {
  switch (status) {
    case StreamStatus::kCreating:
      return "CREATING";
    case StreamStatus::kActive:
      return "ACTIVE";
    case StreamStatus::kUpdating:
      return "UPDATING";
    case StreamStatus::kDeleting:
      return "DELETING";
  }
  return "ACTIVE";
}

const char* ConsumerStatusName(ConsumerStatus status) {
  switch (status) {
    case ConsumerStatus::kCreating:
      return "CREATING";
    case ConsumerStatus::kActive:
      return "ACTIVE";
    case ConsumerStatus::kDeleting:
      return "DELETING";
  }
  return "ACTIVE";
}

const Consumer* Stream::FindConsumer(const std::string& consumer_name) const {
  for (const Consumer& c : consumers) {
    if (c.name == consumer_name) return &c;
  }
  return nullptr;
}

Consumer* Stream::FindConsumer(const std::string& consumer_name) {
  for (Consumer& c : consumers) {
    if (c.name == consumer_name) return &c;
  }
  return nullptr;
}

std::string AccountSettings::StatusAt(int64_t now_ms) const {
  if (status.empty()) return "DISABLED";
  if (status == "ENABLED_UNTIL_EARLIEST_ALLOWED_END" && now_ms >= earliest_end_ms) {
    return "DISABLED";
  }
  return status;
}

bool AccountSettings::EnabledAt(int64_t now_ms) const { return StatusAt(now_ms) != "DISABLED"; }

int Stream::OpenShardCount() const {
  int n = 0;
  for (const Shard& s : shards) n += s.open() ? 1 : 0;
  return n;
}

const Shard* Stream::FindShard(const std::string& id) const {
  for (const Shard& s : shards) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Shard* Stream::FindShard(const std::string& id) {
  for (Shard& s : shards) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

int Region::OpenShardCount() const {
  int n = 0;
  for (const auto& [name, stream] : streams) n += stream.OpenShardCount();
  return n;
}

int Region::OnDemandStreamCount() const {
  int n = 0;
  for (const auto& [name, stream] : streams) n += stream.mode == "ON_DEMAND" ? 1 : 0;
  return n;
}

std::string ShardIdFor(int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "shardId-%012d", index);
  return buf;
}

std::optional<int> ParseShardId(std::string_view text) {
  std::string_view digits = text;
  if (const size_t dash = text.find('-'); dash != std::string_view::npos) {
    const size_t next = text.find('-', dash + 1);
    const std::string_view part = text.substr(
        dash + 1, next == std::string_view::npos ? std::string_view::npos : next - dash - 1);
    if (!part.empty()) digits = part;
  }
  if (digits.empty()) return std::nullopt;
  int64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > 2147483647) return std::nullopt;
  }
  return static_cast<int>(value);
}

std::string StreamArn(const std::string& region, const std::string& account,
                      const std::string& name) {
  return "arn:aws:kinesis:" + region + ":" + account + ":stream/" + name;
}

std::string ConsumerArn(const std::string& stream_arn, const std::string& name,
                        int64_t created_ms) {
  return stream_arn + "/consumer/" + name + ":" + std::to_string(created_ms / 1000);
}

namespace {

// `value`'s last `width` decimal digits, zero-padded, into out[0, width).
void PutDigits(char* out, int width, uint64_t value) {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
}

}  // namespace

std::string MakeSequenceNumber(int64_t time_ms, uint64_t counter, int shard_index) {
  // Every PutRecords entry gets one, so the common case avoids printf.
  if (time_ms >= 0 && time_ms < 10'000'000'000'000'000 && shard_index >= 0) {
    std::string out(56, '0');
    out[0] = '4';
    out[1] = '9';
    PutDigits(&out[2], 16, static_cast<uint64_t>(time_ms));
    PutDigits(&out[18], 20, counter);
    PutDigits(&out[38], 18, static_cast<uint64_t>(shard_index));
    return out;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "49%016lld%020llu%018d", static_cast<long long>(time_ms),
                static_cast<unsigned long long>(counter), shard_index);
  return buf;
}

int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace kinesisctl::server
