// The functions of Salt's boto_kinesis execution module, with Salt's names, argument order and
// result shapes: {"result": true}, {"result": <response>}, {"error": {"Code", "Message"},
// "result": null}; {"error": "<text>"} (no "result") when retries run out or the reshard
// algorithm refuses. Salt's region/key/keyid/profile arguments are one ConnectionParams. Results
// are JSON documents (nlohmann::ordered_json, keys in Salt's and AWS's order); hash keys inside
// them are decimal strings. Clients are cached per connection and thread (Salt's __context__).
// Free functions; thread-safe.
#ifndef KINESISCTL_BOTO_KINESIS_H_
#define KINESISCTL_BOTO_KINESIS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kinesisctl/connection.h"
#include "kinesisctl/hash_key.h"

namespace kinesisctl {

using Result = nlohmann::ordered_json;

inline constexpr double kDefaultActiveTimeoutSeconds = 1800;

// New beyond Salt: on-demand streams and tags at creation.
struct CreateStreamOptions {
  std::optional<std::string> stream_mode;  // "PROVISIONED" or "ON_DEMAND"
  std::map<std::string, std::string> tags;
};

// New beyond Salt: the target layout and how long to wait for ACTIVE first.
struct ReshardOptions {
  std::string layout = "aws";        // "aws" or "salt" (docs/design/salt-compatibility.md)
  std::optional<HashKey> tolerance;  // unset: the layout's default
  double timeout_seconds = kDefaultActiveTimeoutSeconds;
};

// CreateStream. num_shards may be unset only with stream_mode ON_DEMAND. Does not wait.
Result create_stream(std::string_view stream_name, std::optional<int64_t> num_shards,
                     const ConnectionParams& conn = {}, const CreateStreamOptions& options = {});

// DeleteStream. Does not wait.
Result delete_stream(std::string_view stream_name, const ConnectionParams& conn = {});

// {"result": true}, or {"result": false, "error": <error>} for any error.
Result exists(std::string_view stream_name, const ConnectionParams& conn = {});

// Checks at once, then polls with full-jitter backoff until the stream is ACTIVE, and returns
// its full description ({"result": {"StreamDescription": ...}}). After `timeout_seconds` it
// fails with a DeadlineExceeded error naming the last status; a stream that disappears ends
// with the ResourceNotFoundException error.
Result get_stream_when_active(std::string_view stream_name, const ConnectionParams& conn = {},
                              double timeout_seconds = kDefaultActiveTimeoutSeconds);

Result increase_stream_retention_period(std::string_view stream_name, int64_t retention_hours,
                                        const ConnectionParams& conn = {});
Result decrease_stream_retention_period(std::string_view stream_name, int64_t retention_hours,
                                        const ConnectionParams& conn = {});

Result enable_enhanced_monitoring(std::string_view stream_name,
                                  const std::vector<std::string>& metrics,
                                  const ConnectionParams& conn = {});
Result disable_enhanced_monitoring(std::string_view stream_name,
                                   const std::vector<std::string>& metrics,
                                   const ConnectionParams& conn = {});

// {"result": [names...]}: every page (NextToken when the service sends one, else
// ExclusiveStartStreamName while HasMoreStreams).
Result list_streams(const ConnectionParams& conn = {});

// Salt's get_info_for_reshard on a description ({"StreamDescription": {...}} or the bare
// StreamDescription): {"result": [min_hash_key, max_hash_key, details]} where details is the
// StreamDescription plus "OpenShards" (open shards sorted by starting hash key).
Result get_info_for_reshard(const Result& stream_details);

// Salt's long_int: the hash key as an exact integer. {"result": "<decimal>"} for a valid key;
// {"error": "<why>", "result": null} for anything outside AWS's HashKey pattern.
Result long_int(std::string_view hash_key);

// One split or merge toward a balanced layout of desired_size shards, after waiting for ACTIVE.
// {"result": false} when balanced; {"result": true} after the operation; with force false
// nothing is called and {"result": true, "dry_run": true, "operation": {...}} says what would
// be done.
Result reshard(std::string_view stream_name, int64_t desired_size, bool force = false,
               const ConnectionParams& conn = {}, const ReshardOptions& options = {});

// New beyond Salt: the full description in DescribeStream's shape, every shard, with
// HasMoreShards false (DescribeStreamSummary + ListShards where supported, else DescribeStream
// paging); the raw DescribeStreamSummary; every shard from ListShards ({"result":
// {"Shards": [...]}}).
Result describe_stream(std::string_view stream_name, const ConnectionParams& conn = {});
Result describe_stream_summary(std::string_view stream_name, const ConnectionParams& conn = {});
Result list_shards(std::string_view stream_name, const ConnectionParams& conn = {});

}  // namespace kinesisctl

#endif  // KINESISCTL_BOTO_KINESIS_H_
