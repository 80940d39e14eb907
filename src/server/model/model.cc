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

std::string StreamArn(const std::string& region, const std::string& account,
                      const std::string& name) {
  return "arn:aws:kinesis:" + region + ":" + account + ":stream/" + name;
}

int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace kinesisctl::server
