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

int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace kinesisctl::server
