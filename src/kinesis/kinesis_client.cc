#include "kinesis/kinesis_client.h"

#include <string>

#include "core/log.h"

namespace kinesisctl::kinesis {
namespace {

// A request for the debug log; bytes that are not UTF-8 (refused by the RPC layer) are replaced.
std::string LoggedBody(const Json& request) {
  return request.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

StatusOr<Json> KinesisClient::Call(std::string_view operation, const Json& request,
                                   bool changes_stream) {
  if (LogEnabled(LogLevel::kDebug)) {
    LogDebug("kinesis call " + std::string(operation) + " " + LoggedBody(request));
  }
  aws::CallOptions options;
  options.retry_resource_in_use = changes_stream;
  options.deadline = deadline_;
  return rpc_->Call(operation, request, options);
}

namespace {

// Whether a stream's DescribeStreamSummary answer is the stream `r` asks for, just made: being
// created or active, with the requested mode and shard count.
bool IsTheStreamAskedFor(const Json& summary, const CreateStreamRequest& r) {
  const auto d = summary.find("StreamDescriptionSummary");
  if (d == summary.end() || !d->is_object()) return false;
  const Json status = d->value("StreamStatus", Json());
  if (status != "CREATING" && status != "ACTIVE") return false;
  const std::string mode = r.stream_mode.value_or("PROVISIONED");
  const auto details = d->find("StreamModeDetails");
  const Json actual_mode = details != d->end() && details->is_object()
                               ? details->value("StreamMode", Json("PROVISIONED"))
                               : Json("PROVISIONED");
  if (actual_mode != mode) return false;
  if (mode == "ON_DEMAND" || !r.shard_count) return true;
  const Json shards = d->value("OpenShardCount", Json());
  return shards.is_number_integer() && shards.get<int64_t>() == *r.shard_count;
}

}  // namespace

// CreateStream is not idempotent: ResourceInUseException means "already exists" and is never
// retried. But when an earlier attempt's answer was lost (a 500 or a reset after the stream was
// made), the retry meets the stream this call created: if the stream is the one asked for, that
// is this call's success.
StatusOr<Json> KinesisClient::CreateStream(const CreateStreamRequest& r) {
  if (LogEnabled(LogLevel::kDebug)) {
    LogDebug("kinesis call CreateStream " + LoggedBody(ToJson(r)));
  }
  aws::CallOptions options;
  options.deadline = deadline_;
  int attempts = 0;
  options.attempts_made = &attempts;
  StatusOr<Json> created = rpc_->Call("CreateStream", ToJson(r), options);
  if (created.ok() || attempts < 2 || created.status().code() != "ResourceInUseException") {
    return created;
  }
  StatusOr<Json> summary = DescribeStreamSummary({r.stream_name});
  if (summary.ok() && IsTheStreamAskedFor(*summary, r)) {
    LogInfo("kinesis CreateStream " + r.stream_name +
            ": an earlier attempt made the stream (its answer was lost); treating it as created");
    return Json::object();
  }
  return created;
}
StatusOr<Json> KinesisClient::DeleteStream(const DeleteStreamRequest& r) {
  return Call("DeleteStream", ToJson(r), true);
}
StatusOr<Json> KinesisClient::DescribeStream(const DescribeStreamRequest& r) {
  return Call("DescribeStream", ToJson(r), false);
}
StatusOr<Json> KinesisClient::DescribeStreamSummary(const DescribeStreamSummaryRequest& r) {
  return Call("DescribeStreamSummary", ToJson(r), false);
}
StatusOr<Json> KinesisClient::ListShards(const ListShardsRequest& r) {
  return Call("ListShards", ToJson(r), false);
}
StatusOr<Json> KinesisClient::ListStreams(const ListStreamsRequest& r) {
  return Call("ListStreams", ToJson(r), false);
}
StatusOr<Json> KinesisClient::SplitShard(const SplitShardRequest& r) {
  return Call("SplitShard", ToJson(r), true);
}
StatusOr<Json> KinesisClient::MergeShards(const MergeShardsRequest& r) {
  return Call("MergeShards", ToJson(r), true);
}
StatusOr<Json> KinesisClient::UpdateShardCount(const UpdateShardCountRequest& r) {
  return Call("UpdateShardCount", ToJson(r), true);
}
StatusOr<Json> KinesisClient::IncreaseStreamRetentionPeriod(const RetentionPeriodRequest& r) {
  return Call("IncreaseStreamRetentionPeriod", ToJson(r), true);
}
StatusOr<Json> KinesisClient::DecreaseStreamRetentionPeriod(const RetentionPeriodRequest& r) {
  return Call("DecreaseStreamRetentionPeriod", ToJson(r), true);
}
StatusOr<Json> KinesisClient::EnableEnhancedMonitoring(const EnhancedMonitoringRequest& r) {
  return Call("EnableEnhancedMonitoring", ToJson(r), true);
}
StatusOr<Json> KinesisClient::DisableEnhancedMonitoring(const EnhancedMonitoringRequest& r) {
  return Call("DisableEnhancedMonitoring", ToJson(r), true);
}
StatusOr<Json> KinesisClient::UpdateStreamMode(const UpdateStreamModeRequest& r) {
  return Call("UpdateStreamMode", ToJson(r), true);
}
StatusOr<Json> KinesisClient::AddTagsToStream(const AddTagsToStreamRequest& r) {
  return Call("AddTagsToStream", ToJson(r), true);
}
StatusOr<Json> KinesisClient::RemoveTagsFromStream(const RemoveTagsFromStreamRequest& r) {
  return Call("RemoveTagsFromStream", ToJson(r), true);
}
StatusOr<Json> KinesisClient::ListTagsForStream(const ListTagsForStreamRequest& r) {
  return Call("ListTagsForStream", ToJson(r), false);
}
StatusOr<Json> KinesisClient::StartStreamEncryption(const StreamEncryptionRequest& r) {
  return Call("StartStreamEncryption", ToJson(r), true);
}
StatusOr<Json> KinesisClient::StopStreamEncryption(const StreamEncryptionRequest& r) {
  return Call("StopStreamEncryption", ToJson(r), true);
}
StatusOr<Json> KinesisClient::DescribeLimits() {
  return Call("DescribeLimits", Json::object(), false);
}

}  // namespace kinesisctl::kinesis
