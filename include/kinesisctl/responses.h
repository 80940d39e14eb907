// Typed results of the Kinesis control-plane actions that kinesisctl::Client returns, in AWS's
// field names (snake_case), plus the parsers that build them from an answer document. Hash keys
// are HashKey values (exact 128-bit integers); sequence numbers stay decimal strings (opaque, up
// to 129 digits); timestamps (epoch seconds, maybe with a fraction) become TimePoints to the
// millisecond. A field AWS documents as required must be present with the documented type; an
// optional field that is missing or JSON null (some emulators send `"EndingSequenceNumber":
// null`) is std::nullopt (or an empty list). Unknown fields are ignored and string values such as
// StreamStatus are not checked against a list, so newer services still parse. A parser never
// throws: a malformed answer is a codes::kInvalidResponse Status naming the action and the field
// path, e.g. "DescribeStream answer: StreamDescription.Shards[2].HashKeyRange.EndingHashKey is
// missing". Plain value types and pure functions: thread-compatible.
#ifndef KINESISCTL_RESPONSES_H_
#define KINESISCTL_RESPONSES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kinesisctl/clock.h"
#include "kinesisctl/hash_key.h"
#include "kinesisctl/requests.h"
#include "kinesisctl/status.h"

namespace kinesisctl {

// Inclusive at both ends.
struct HashKeyRange {
  HashKey starting_hash_key;
  HashKey ending_hash_key;
};

struct SequenceNumberRange {
  std::string starting_sequence_number;
  std::optional<std::string> ending_sequence_number;  // set once the shard is closed
};

struct Shard {
  std::string shard_id;
  std::optional<std::string> parent_shard_id;
  std::optional<std::string> adjacent_parent_shard_id;
  HashKeyRange hash_key_range;
  SequenceNumberRange sequence_number_range;

  // Open: no EndingSequenceNumber yet.
  bool is_open() const { return !sequence_number_range.ending_sequence_number.has_value(); }
};

// One element of a description's EnhancedMonitoring list.
struct EnhancedMetrics {
  std::vector<std::string> shard_level_metrics;  // e.g. "IncomingBytes"; "ALL" as sent
};

struct StreamModeDetails {
  std::string stream_mode;  // "PROVISIONED" or "ON_DEMAND"
};

// DescribeStream's StreamDescription (one page of shards).
struct StreamDescription {
  std::string stream_name;
  std::string stream_arn;
  std::string stream_status;  // "CREATING", "DELETING", "ACTIVE", "UPDATING"
  std::optional<StreamModeDetails> stream_mode_details;
  std::vector<Shard> shards;
  bool has_more_shards = false;
  int64_t retention_period_hours = 0;
  TimePoint stream_creation_timestamp;
  std::vector<EnhancedMetrics> enhanced_monitoring;
  std::optional<std::string> encryption_type;  // "NONE" or "KMS"
  std::optional<std::string> key_id;
};

// DescribeStreamSummary's StreamDescriptionSummary.
struct StreamDescriptionSummary {
  std::string stream_name;
  std::string stream_arn;
  std::string stream_status;
  std::optional<StreamModeDetails> stream_mode_details;
  int64_t retention_period_hours = 0;
  TimePoint stream_creation_timestamp;
  std::vector<EnhancedMetrics> enhanced_monitoring;
  std::optional<std::string> encryption_type;
  std::optional<std::string> key_id;
  int64_t open_shard_count = 0;
  std::optional<int64_t> consumer_count;
};

struct ListShardsResult {
  std::vector<Shard> shards;
  std::optional<std::string> next_token;  // set when more pages follow
};

// One entry of ListStreams' StreamSummaries (newer services only).
struct StreamSummary {
  std::string stream_name;
  std::string stream_arn;
  std::string stream_status;
  std::optional<StreamModeDetails> stream_mode_details;
  std::optional<TimePoint> stream_creation_timestamp;
};

struct ListStreamsResult {
  std::vector<std::string> stream_names;
  bool has_more_streams = false;
  std::optional<std::string> next_token;        // newer services; else page by stream name
  std::vector<StreamSummary> stream_summaries;  // newer services; empty otherwise
};

struct Tag {
  std::string key;
  std::optional<std::string> value;
};

struct ListTagsForStreamResult {
  std::vector<Tag> tags;
  bool has_more_tags = false;
};

// DescribeLimits.
struct Limits {
  int64_t shard_limit = 0;
  int64_t open_shard_count = 0;
  int64_t on_demand_stream_count = 0;
  int64_t on_demand_stream_count_limit = 0;
};

// Enable/DisableEnhancedMonitoring: every field is optional in AWS's model.
struct EnhancedMonitoringOutput {
  std::optional<std::string> stream_name;
  std::optional<std::string> stream_arn;
  std::vector<std::string> current_shard_level_metrics;
  std::vector<std::string> desired_shard_level_metrics;
};

// UpdateShardCount: every field is optional in AWS's model.
struct UpdateShardCountResult {
  std::optional<std::string> stream_name;
  std::optional<std::string> stream_arn;
  std::optional<int64_t> current_shard_count;
  std::optional<int64_t> target_shard_count;
};

// The parsers behind the Client's typed calls, for answers obtained otherwise (e.g. the raw
// calls of Client::connection()). Each takes the whole answer document.
StatusOr<StreamDescription> ParseDescribeStreamResponse(const Document& answer);
StatusOr<StreamDescriptionSummary> ParseDescribeStreamSummaryResponse(const Document& answer);
StatusOr<ListShardsResult> ParseListShardsResponse(const Document& answer);
StatusOr<ListStreamsResult> ParseListStreamsResponse(const Document& answer);
StatusOr<ListTagsForStreamResult> ParseListTagsForStreamResponse(const Document& answer);
StatusOr<Limits> ParseDescribeLimitsResponse(const Document& answer);
// `action` names the call in errors ("EnableEnhancedMonitoring" or "DisableEnhancedMonitoring").
StatusOr<EnhancedMonitoringOutput> ParseEnhancedMonitoringResponse(const Document& answer,
                                                                   const char* action);
StatusOr<UpdateShardCountResult> ParseUpdateShardCountResponse(const Document& answer);

}  // namespace kinesisctl

#endif  // KINESISCTL_RESPONSES_H_
