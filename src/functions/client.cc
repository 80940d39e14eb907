#include "kinesisctl/client.h"

#include <utility>

namespace kinesisctl {

Client::Client(std::shared_ptr<KinesisConnection> connection, Options options)
    : connection_(std::move(connection)), options_(std::move(options)) {}

namespace {

// The Status of a call whose answer carries nothing (AWS models no output for it).
Status NoOutput(const StatusOr<Document>& answer) { return answer.status(); }

}  // namespace

Status Client::CreateStream(const CreateStreamRequest& r) {
  return NoOutput(connection_->CreateStream(r));
}
Status Client::DeleteStream(const DeleteStreamRequest& r) {
  return NoOutput(connection_->DeleteStream(r));
}
StatusOr<StreamDescription> Client::DescribeStream(const DescribeStreamRequest& r) {
  KINESISCTL_ASSIGN_OR_RETURN(Document answer, connection_->DescribeStream(r));
  return ParseDescribeStreamResponse(answer);
}
StatusOr<StreamDescriptionSummary> Client::DescribeStreamSummary(
    const DescribeStreamSummaryRequest& r) {
  KINESISCTL_ASSIGN_OR_RETURN(Document answer, connection_->DescribeStreamSummary(r));
  return ParseDescribeStreamSummaryResponse(answer);
}
StatusOr<ListShardsResult> Client::ListShards(const ListShardsRequest& r) {
  KINESISCTL_ASSIGN_OR_RETURN(Document answer, connection_->ListShards(r));
  return ParseListShardsResponse(answer);
}
StatusOr<ListStreamsResult> Client::ListStreams(const ListStreamsRequest& r) {
  KINESISCTL_ASSIGN_OR_RETURN(Document answer, connection_->ListStreams(r));
  return ParseListStreamsResponse(answer);
}
Status Client::SplitShard(const SplitShardRequest& r) {
  return NoOutput(connection_->SplitShard(r));
}
Status Client::MergeShards(const MergeShardsRequest& r) {
  return NoOutput(connection_->MergeShards(r));
}
StatusOr<UpdateShardCountResult> Client::UpdateShardCount(const UpdateShardCountRequest& r) {
  KINESISCTL_ASSIGN_OR_RETURN(Document answer, connection_->UpdateShardCount(r));
  return ParseUpdateShardCountResponse(answer);
}
Status Client::IncreaseStreamRetentionPeriod(const RetentionPeriodRequest& r) {
  return NoOutput(connection_->IncreaseStreamRetentionPeriod(r));
}
Status Client::DecreaseStreamRetentionPeriod(const RetentionPeriodRequest& r) {
  return NoOutput(connection_->DecreaseStreamRetentionPeriod(r));
}
StatusOr<EnhancedMonitoringOutput> Client::EnableEnhancedMonitoring(
    const EnhancedMonitoringRequest& r) {
  KINESISCTL_ASSIGN_OR_RETURN(Document answer, connection_->EnableEnhancedMonitoring(r));
  return ParseEnhancedMonitoringResponse(answer, "EnableEnhancedMonitoring");
}
StatusOr<EnhancedMonitoringOutput> Client::DisableEnhancedMonitoring(
    const EnhancedMonitoringRequest& r) {
  KINESISCTL_ASSIGN_OR_RETURN(Document answer, connection_->DisableEnhancedMonitoring(r));
  return ParseEnhancedMonitoringResponse(answer, "DisableEnhancedMonitoring");
}
Status Client::UpdateStreamMode(const UpdateStreamModeRequest& r) {
  return NoOutput(connection_->UpdateStreamMode(r));
}
Status Client::AddTagsToStream(const AddTagsToStreamRequest& r) {
  return NoOutput(connection_->AddTagsToStream(r));
}
Status Client::RemoveTagsFromStream(const RemoveTagsFromStreamRequest& r) {
  return NoOutput(connection_->RemoveTagsFromStream(r));
}
StatusOr<ListTagsForStreamResult> Client::ListTagsForStream(const ListTagsForStreamRequest& r) {
  KINESISCTL_ASSIGN_OR_RETURN(Document answer, connection_->ListTagsForStream(r));
  return ParseListTagsForStreamResponse(answer);
}
Status Client::StartStreamEncryption(const StreamEncryptionRequest& r) {
  return NoOutput(connection_->StartStreamEncryption(r));
}
Status Client::StopStreamEncryption(const StreamEncryptionRequest& r) {
  return NoOutput(connection_->StopStreamEncryption(r));
}
StatusOr<Limits> Client::DescribeLimits() {
  KINESISCTL_ASSIGN_OR_RETURN(Document answer, connection_->DescribeLimits());
  return ParseDescribeLimitsResponse(answer);
}

namespace {

bool IsTrue(const Document& v) {
  return (v.is_boolean() && v.get<bool>()) || (v.is_string() && v.get<std::string>() == "true");
}

Status Unexpected(const std::string& what) {
  return Status(codes::kInternal, "unexpected answer from the service: " + what);
}

}  // namespace

// ListStreamNames and GetStreamStatus read the raw answers leniently, as they always have: the
// Salt-style list_streams returns what ListStreamNames gives.
StatusOr<std::vector<std::string>> Client::ListStreamNames() {
  std::vector<std::string> names;
  ListStreamsRequest request;
  for (int page = 0; page < 100000; ++page) {
    KINESISCTL_ASSIGN_OR_RETURN(Document response, connection_->ListStreams(request));
    const auto it = response.find("StreamNames");
    const bool got_some = it != response.end() && it->is_array() && !it->empty();
    if (it != response.end() && it->is_array()) {
      for (const auto& name : *it) {
        if (!name.is_string()) return Unexpected("StreamNames holds a non-string");
        names.push_back(name.get<std::string>());
      }
    }
    request = ListStreamsRequest{};
    const auto token = response.find("NextToken");
    if (token != response.end() && token->is_string() && !token->get<std::string>().empty()) {
      request.next_token = token->get<std::string>();
    } else if (IsTrue(response.value("HasMoreStreams", Document(false))) && got_some) {
      request.exclusive_start_stream_name = names.back();
    } else {
      break;
    }
  }
  return names;
}

StatusOr<std::string> Client::GetStreamStatus(std::string_view stream_name) {
  KINESISCTL_ASSIGN_OR_RETURN(Document response,
                              connection_->DescribeStreamSummary({std::string(stream_name)}));
  const auto summary = response.find("StreamDescriptionSummary");
  if (summary == response.end() || !summary->is_object()) {
    return Unexpected("no StreamDescriptionSummary");
  }
  const auto status = summary->find("StreamStatus");
  if (status == summary->end() || !status->is_string()) return Unexpected("no StreamStatus");
  return status->get<std::string>();
}

StatusOr<Client> MakeClient(const Options& options) {
  KINESISCTL_ASSIGN_OR_RETURN(std::shared_ptr<KinesisConnection> connection,
                              MakeConnection(options));
  return Client(std::move(connection), options);
}

}  // namespace kinesisctl
