#include "kinesis/kinesis_client.h"

#include <string>

#include "core/log.h"

namespace kinesisctl::kinesis {

StatusOr<Json> KinesisClient::Call(std::string_view operation, const Json& request,
                                   bool changes_stream) {
  if (LogEnabled(LogLevel::kDebug)) {
    LogDebug("kinesis call " + std::string(operation) + " " + request.dump());
  }
  aws::CallOptions options;
  options.retry_resource_in_use = changes_stream;
  options.deadline = deadline_;
  return rpc_->Call(operation, request, options);
}

// CreateStream: ResourceInUseException means "already exists" and must fail at once.
StatusOr<Json> KinesisClient::CreateStream(const CreateStreamRequest& r) {
  return Call("CreateStream", ToJson(r), false);
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
