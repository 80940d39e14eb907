#include "kinesis/kinesis_client.h"

namespace kinesisctl::kinesis {
namespace {

template <typename T>
void SetIf(Json& out, const char* key, const std::optional<T>& value) {
  if (value) out[key] = *value;
}

Json StringMap(const std::map<std::string, std::string>& m) {
  Json out = Json::object();
  for (const auto& [k, v] : m) out[k] = v;
  return out;
}

}  // namespace

Json ToJson(const CreateStreamRequest& r) {
  Json out = {{"StreamName", r.stream_name}};
  SetIf(out, "ShardCount", r.shard_count);
  if (r.stream_mode) out["StreamModeDetails"] = {{"StreamMode", *r.stream_mode}};
  if (!r.tags.empty()) out["Tags"] = StringMap(r.tags);
  return out;
}

Json ToJson(const DeleteStreamRequest& r) {
  Json out = {{"StreamName", r.stream_name}};
  SetIf(out, "EnforceConsumerDeletion", r.enforce_consumer_deletion);
  return out;
}

Json ToJson(const DescribeStreamRequest& r) {
  Json out = {{"StreamName", r.stream_name}};
  SetIf(out, "Limit", r.limit);
  SetIf(out, "ExclusiveStartShardId", r.exclusive_start_shard_id);
  return out;
}

Json ToJson(const DescribeStreamSummaryRequest& r) { return {{"StreamName", r.stream_name}}; }

Json ToJson(const ListShardsRequest& r) {
  Json out = Json::object();
  SetIf(out, "StreamName", r.stream_name);
  SetIf(out, "NextToken", r.next_token);
  SetIf(out, "ExclusiveStartShardId", r.exclusive_start_shard_id);
  SetIf(out, "MaxResults", r.max_results);
  return out;
}

Json ToJson(const ListStreamsRequest& r) {
  Json out = Json::object();
  SetIf(out, "Limit", r.limit);
  SetIf(out, "ExclusiveStartStreamName", r.exclusive_start_stream_name);
  SetIf(out, "NextToken", r.next_token);
  return out;
}

Json ToJson(const SplitShardRequest& r) {
  return {{"StreamName", r.stream_name},
          {"ShardToSplit", r.shard_to_split},
          {"NewStartingHashKey", r.new_starting_hash_key.ToString()}};
}

Json ToJson(const MergeShardsRequest& r) {
  return {{"StreamName", r.stream_name},
          {"ShardToMerge", r.shard_to_merge},
          {"AdjacentShardToMerge", r.adjacent_shard_to_merge}};
}

Json ToJson(const UpdateShardCountRequest& r) {
  return {{"StreamName", r.stream_name},
          {"TargetShardCount", r.target_shard_count},
          {"ScalingType", r.scaling_type}};
}

Json ToJson(const RetentionPeriodRequest& r) {
  return {{"StreamName", r.stream_name}, {"RetentionPeriodHours", r.retention_period_hours}};
}

Json ToJson(const EnhancedMonitoringRequest& r) {
  return {{"StreamName", r.stream_name}, {"ShardLevelMetrics", r.shard_level_metrics}};
}

Json ToJson(const UpdateStreamModeRequest& r) {
  return {{"StreamARN", r.stream_arn}, {"StreamModeDetails", {{"StreamMode", r.stream_mode}}}};
}

Json ToJson(const AddTagsToStreamRequest& r) {
  return {{"StreamName", r.stream_name}, {"Tags", StringMap(r.tags)}};
}

Json ToJson(const RemoveTagsFromStreamRequest& r) {
  return {{"StreamName", r.stream_name}, {"TagKeys", r.tag_keys}};
}

Json ToJson(const ListTagsForStreamRequest& r) {
  Json out = {{"StreamName", r.stream_name}};
  SetIf(out, "ExclusiveStartTagKey", r.exclusive_start_tag_key);
  SetIf(out, "Limit", r.limit);
  return out;
}

Json ToJson(const StreamEncryptionRequest& r) {
  return {
      {"StreamName", r.stream_name}, {"EncryptionType", r.encryption_type}, {"KeyId", r.key_id}};
}

}  // namespace kinesisctl::kinesis
