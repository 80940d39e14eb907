// Request structs of the Kinesis control-plane actions that kinesisctl's Connection and Client
// offer, one per action, in AWS's field names (snake_case). Each becomes the action's JSON request
// (optional fields are left out when unset). Hash keys are HashKey values, so a float or a
// malformed key can never be sent. The connection answers with the documents AWS sends
// (`Document`, keys in AWS's order); the Client parses them into kinesisctl/responses.h. Plain
// value types, thread-compatible.
#ifndef KINESISCTL_REQUESTS_H_
#define KINESISCTL_REQUESTS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kinesisctl/hash_key.h"

namespace kinesisctl {

// A Kinesis response document as AWS sent it (keys in AWS's order; hash keys are strings).
using Document = nlohmann::ordered_json;

struct CreateStreamRequest {
  std::string stream_name;
  std::optional<int64_t> shard_count;      // unset for ON_DEMAND
  std::optional<std::string> stream_mode;  // "PROVISIONED" or "ON_DEMAND"
  std::map<std::string, std::string> tags;
};

struct DeleteStreamRequest {
  std::string stream_name;
  std::optional<bool> enforce_consumer_deletion;
};

struct DescribeStreamRequest {
  std::string stream_name;
  std::optional<int64_t> limit;
  std::optional<std::string> exclusive_start_shard_id;
};

struct DescribeStreamSummaryRequest {
  std::string stream_name;
};

struct ListShardsRequest {
  // With next_token, AWS forbids stream_name: set one or the other.
  std::optional<std::string> stream_name;
  std::optional<std::string> next_token;
  std::optional<std::string> exclusive_start_shard_id;
  std::optional<int64_t> max_results;
};

struct ListStreamsRequest {
  std::optional<int64_t> limit;
  std::optional<std::string> exclusive_start_stream_name;
  std::optional<std::string> next_token;
};

struct SplitShardRequest {
  std::string stream_name;
  std::string shard_to_split;
  HashKey new_starting_hash_key;
};

struct MergeShardsRequest {
  std::string stream_name;
  std::string shard_to_merge;
  std::string adjacent_shard_to_merge;
};

struct UpdateShardCountRequest {
  std::string stream_name;
  int64_t target_shard_count = 0;
  std::string scaling_type = "UNIFORM_SCALING";
};

struct RetentionPeriodRequest {  // Increase/DecreaseStreamRetentionPeriod
  std::string stream_name;
  int64_t retention_period_hours = 0;
};

struct EnhancedMonitoringRequest {  // Enable/DisableEnhancedMonitoring
  std::string stream_name;
  std::vector<std::string> shard_level_metrics;
};

struct UpdateStreamModeRequest {
  std::string stream_arn;
  std::string stream_mode;  // "PROVISIONED" or "ON_DEMAND"
};

struct AddTagsToStreamRequest {
  std::string stream_name;
  std::map<std::string, std::string> tags;
};

struct RemoveTagsFromStreamRequest {
  std::string stream_name;
  std::vector<std::string> tag_keys;
};

struct ListTagsForStreamRequest {
  std::string stream_name;
  std::optional<std::string> exclusive_start_tag_key;
  std::optional<int64_t> limit;
};

struct StreamEncryptionRequest {  // Start/StopStreamEncryption
  std::string stream_name;
  std::string encryption_type = "KMS";
  std::string key_id;
};

}  // namespace kinesisctl

#endif  // KINESISCTL_REQUESTS_H_
