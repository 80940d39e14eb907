#include "functions/kinesis_stream_ops.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/shard_metrics.h"
#include "functions/describe.h"
#include "functions/json_fields.h"
#include "functions/reshard_info.h"

namespace kinesisctl::admin {
namespace {

using kinesis::Json;

constexpr size_t kTagsPerCall = 10;

// Calls with an output whose answer the engine does not read go through the raw connection, so
// that a stricter typed parse can never turn a success into an error here.
Status Done(const StatusOr<Json>& r) { return r.ok() ? OkStatus() : r.status(); }

}  // namespace

StatusOr<StreamState> StreamStateFromDescription(const Json& description) {
  const Json& d = Member(description, "StreamDescription");
  StreamState s;
  s.name = Text(d, "StreamName");
  s.arn = Text(d, "StreamARN");
  s.status = Text(d, "StreamStatus");
  if (d.contains("RetentionPeriodHours") && d["RetentionPeriodHours"].is_number_integer()) {
    s.retention_hours = d["RetentionPeriodHours"].get<int64_t>();
  }
  if (d.contains("EnhancedMonitoring") && d["EnhancedMonitoring"].is_array() &&
      !d["EnhancedMonitoring"].empty() && d["EnhancedMonitoring"][0].is_object()) {
    const Json& first = d["EnhancedMonitoring"][0];
    auto it = first.find("ShardLevelMetrics");
    if (it != first.end() && it->is_array()) {
      for (const auto& m : *it) {
        if (m.is_string()) s.metrics.push_back(m.get<std::string>());
      }
    }
  }
  // A service that echoes "ALL" (moto does) means all seven.
  if (std::find(s.metrics.begin(), s.metrics.end(), "ALL") != s.metrics.end()) {
    s.metrics = AllShardLevelMetrics();
  }
  s.stream_mode = Text(Member(d, "StreamModeDetails"), "StreamMode", "PROVISIONED");
  s.encryption_type = Text(d, "EncryptionType", "NONE");
  s.key_id = Text(d, "KeyId");
  KINESISCTL_ASSIGN_OR_RETURN(ReshardInfo info, GetReshardInfo(description));
  s.open_shards = std::move(info.open_shards);
  return s;
}

StatusOr<bool> KinesisStreamOps::Exists(const std::string& name) {
  StatusOr<std::string> status = GetStreamStatus(conn_, name);
  if (status.ok()) return true;
  if (status.status().code() == kResourceNotFound) return false;
  return status.status();
}

Status KinesisStreamOps::Create(const std::string& name, std::optional<int64_t> shard_count,
                                std::optional<std::string> stream_mode) {
  kinesis::CreateStreamRequest request;
  request.stream_name = name;
  request.shard_count = shard_count;
  request.stream_mode = stream_mode;
  return conn_.client.CreateStream(request);
}

Status KinesisStreamOps::Delete(const std::string& name) {
  return conn_.client.DeleteStream({name, std::nullopt});
}

StatusOr<StreamState> KinesisStreamOps::WaitActive(
    const std::string& name, TimePoint deadline,
    const std::function<void(const std::string&)>& on_status) {
  Clock& clock = conn_.client.clock();
  for (int attempt = 0;; ++attempt) {
    KINESISCTL_ASSIGN_OR_RETURN(std::string status, GetStreamStatus(conn_, name));
    if (on_status) on_status(status);
    if (status == "ACTIVE") {
      KINESISCTL_ASSIGN_OR_RETURN(Json description, DescribeFull(conn_, name));
      KINESISCTL_ASSIGN_OR_RETURN(StreamState state, StreamStateFromDescription(description));
      // The shards may have changed between the two reads; only an ACTIVE view is returned.
      if (state.status == "ACTIVE" || state.status.empty()) {
        state.status = "ACTIVE";
        return state;
      }
      status = state.status;
    }
    const TimePoint now = clock.Now();
    if (now >= deadline) {
      return Status(
          codes::kDeadlineExceeded,
          "stream " + name + " did not become ACTIVE in time (last status " + status + ")");
    }
    const double cap = std::min(10.0, std::ldexp(1.0, std::min(attempt, 10)));
    auto wait = std::chrono::milliseconds(
        static_cast<int64_t>(conn_.client.random().Uniform01() * cap * 1000) + 50);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    conn_.client.sleeper().SleepFor(std::min(wait, left));
  }
}

Status KinesisStreamOps::IncreaseRetention(const std::string& name, int64_t hours) {
  return conn_.client.IncreaseStreamRetentionPeriod({name, hours});
}
Status KinesisStreamOps::DecreaseRetention(const std::string& name, int64_t hours) {
  return conn_.client.DecreaseStreamRetentionPeriod({name, hours});
}
Status KinesisStreamOps::EnableMonitoring(const std::string& name,
                                          const std::vector<std::string>& metrics) {
  return Done(conn_.client.connection().EnableEnhancedMonitoring({name, metrics}));
}
Status KinesisStreamOps::DisableMonitoring(const std::string& name,
                                           const std::vector<std::string>& metrics) {
  return Done(conn_.client.connection().DisableEnhancedMonitoring({name, metrics}));
}
Status KinesisStreamOps::UpdateStreamMode(const std::string& arn, const std::string& mode) {
  return conn_.client.UpdateStreamMode({arn, mode});
}

StatusOr<Tags> KinesisStreamOps::ListTags(const std::string& name) {
  Tags tags;
  kinesis::ListTagsForStreamRequest request;
  request.stream_name = name;
  for (int page = 0; page < 1000; ++page) {
    KINESISCTL_ASSIGN_OR_RETURN(Json response,
                                conn_.client.connection().ListTagsForStream(request));
    std::string last;
    for (const auto& t : response.value("Tags", Json::array())) {
      last = Text(t, "Key");
      tags[last] = Text(t, "Value");
    }
    const Json more = response.value("HasMoreTags", Json(false));
    if (!(more.is_boolean() && more.get<bool>()) || last.empty()) break;
    request.exclusive_start_tag_key = last;
  }
  return tags;
}

Status KinesisStreamOps::AddTags(const std::string& name, const Tags& tags) {
  kinesis::AddTagsToStreamRequest request{name, {}};
  for (auto it = tags.begin(); it != tags.end(); ++it) {
    request.tags.insert(*it);
    if (request.tags.size() == kTagsPerCall || std::next(it) == tags.end()) {
      KINESISCTL_RETURN_IF_ERROR(conn_.client.AddTagsToStream(request));
      request.tags.clear();
    }
  }
  return OkStatus();
}

Status KinesisStreamOps::RemoveTags(const std::string& name, const std::vector<std::string>& keys) {
  for (size_t i = 0; i < keys.size(); i += kTagsPerCall) {
    kinesis::RemoveTagsFromStreamRequest request{
        name, std::vector<std::string>(keys.begin() + i,
                                       keys.begin() + std::min(keys.size(), i + kTagsPerCall))};
    KINESISCTL_RETURN_IF_ERROR(conn_.client.RemoveTagsFromStream(request));
  }
  return OkStatus();
}

Status KinesisStreamOps::StartEncryption(const std::string& name, const std::string& key_id) {
  return conn_.client.StartStreamEncryption({name, "KMS", key_id});
}
Status KinesisStreamOps::StopEncryption(const std::string& name, const std::string& key_id) {
  return conn_.client.StopStreamEncryption({name, "KMS", key_id});
}
Status KinesisStreamOps::UpdateShardCount(const std::string& name, int64_t target) {
  return Done(conn_.client.connection().UpdateShardCount({name, target, "UNIFORM_SCALING"}));
}
Status KinesisStreamOps::SplitShard(const std::string& name, const std::string& shard_id,
                                    HashKey key) {
  return conn_.client.SplitShard({name, shard_id, key});
}
Status KinesisStreamOps::MergeShards(const std::string& name, const std::string& shard_id,
                                     const std::string& adjacent_shard_id) {
  return conn_.client.MergeShards({name, shard_id, adjacent_shard_id});
}

}  // namespace kinesisctl::admin
