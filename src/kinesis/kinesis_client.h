// KinesisClient: the typed Kinesis control-plane client, one method per API action, over an
// aws::JsonRpc (SigV4, transport, retries). Each method turns its request struct into the
// action's JSON, chooses the retry options (ResourceInUseException is retried only for calls
// that change an existing stream; never for CreateStream, where it means "already exists"),
// logs the call at debug level (the request body only: never credentials) and returns the
// response document as AWS sent it (keys in AWS's order). Not thread-safe: one per thread.
#ifndef KINESISCTL_KINESIS_KINESIS_CLIENT_H_
#define KINESISCTL_KINESIS_KINESIS_CLIENT_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "kinesis/json_rpc.h"
#include "kinesis/requests.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"

namespace kinesisctl::kinesis {

using Json = nlohmann::ordered_json;

class KinesisClient {
 public:
  explicit KinesisClient(std::unique_ptr<aws::JsonRpc> rpc) : rpc_(std::move(rpc)) {}

  StatusOr<Json> CreateStream(const CreateStreamRequest& request);
  StatusOr<Json> DeleteStream(const DeleteStreamRequest& request);
  StatusOr<Json> DescribeStream(const DescribeStreamRequest& request);
  StatusOr<Json> DescribeStreamSummary(const DescribeStreamSummaryRequest& request);
  StatusOr<Json> ListShards(const ListShardsRequest& request);
  StatusOr<Json> ListStreams(const ListStreamsRequest& request);
  StatusOr<Json> SplitShard(const SplitShardRequest& request);
  StatusOr<Json> MergeShards(const MergeShardsRequest& request);
  StatusOr<Json> UpdateShardCount(const UpdateShardCountRequest& request);
  StatusOr<Json> IncreaseStreamRetentionPeriod(const RetentionPeriodRequest& request);
  StatusOr<Json> DecreaseStreamRetentionPeriod(const RetentionPeriodRequest& request);
  StatusOr<Json> EnableEnhancedMonitoring(const EnhancedMonitoringRequest& request);
  StatusOr<Json> DisableEnhancedMonitoring(const EnhancedMonitoringRequest& request);
  StatusOr<Json> UpdateStreamMode(const UpdateStreamModeRequest& request);
  StatusOr<Json> AddTagsToStream(const AddTagsToStreamRequest& request);
  StatusOr<Json> RemoveTagsFromStream(const RemoveTagsFromStreamRequest& request);
  StatusOr<Json> ListTagsForStream(const ListTagsForStreamRequest& request);
  StatusOr<Json> StartStreamEncryption(const StreamEncryptionRequest& request);
  StatusOr<Json> StopStreamEncryption(const StreamEncryptionRequest& request);
  StatusOr<Json> DescribeLimits();

  // A deadline applied to every call until reset (nullopt: none beyond the retry policy's).
  // Long operations (waits, reshard_to) set it so that retries stop at their own deadline.
  void set_deadline(std::optional<TimePoint> deadline) { deadline_ = deadline; }
  std::optional<TimePoint> deadline() const { return deadline_; }

  // The underlying connection, for callers that need an action not listed here.
  aws::JsonRpc& rpc() { return *rpc_; }

 private:
  StatusOr<Json> Call(std::string_view operation, const Json& request, bool changes_stream);

  std::unique_ptr<aws::JsonRpc> rpc_;
  std::optional<TimePoint> deadline_;
};

// Sets a client's deadline for the lifetime of this object, then restores the previous one.
class ScopedClientDeadline {
 public:
  ScopedClientDeadline(KinesisClient& client, TimePoint deadline)
      : client_(client), previous_(client.deadline()) {
    if (!previous_ || deadline < *previous_) client_.set_deadline(deadline);
  }
  ~ScopedClientDeadline() { client_.set_deadline(previous_); }
  ScopedClientDeadline(const ScopedClientDeadline&) = delete;
  ScopedClientDeadline& operator=(const ScopedClientDeadline&) = delete;

 private:
  KinesisClient& client_;
  std::optional<TimePoint> previous_;
};

// The JSON body of each request (exposed for tests).
Json ToJson(const CreateStreamRequest& r);
Json ToJson(const DeleteStreamRequest& r);
Json ToJson(const DescribeStreamRequest& r);
Json ToJson(const DescribeStreamSummaryRequest& r);
Json ToJson(const ListShardsRequest& r);
Json ToJson(const ListStreamsRequest& r);
Json ToJson(const SplitShardRequest& r);
Json ToJson(const MergeShardsRequest& r);
Json ToJson(const UpdateShardCountRequest& r);
Json ToJson(const RetentionPeriodRequest& r);
Json ToJson(const EnhancedMonitoringRequest& r);
Json ToJson(const UpdateStreamModeRequest& r);
Json ToJson(const AddTagsToStreamRequest& r);
Json ToJson(const RemoveTagsFromStreamRequest& r);
Json ToJson(const ListTagsForStreamRequest& r);
Json ToJson(const StreamEncryptionRequest& r);

}  // namespace kinesisctl::kinesis

#endif  // KINESISCTL_KINESIS_KINESIS_CLIENT_H_
