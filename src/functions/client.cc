#include "kinesisctl/client.h"

#include <utility>

namespace kinesisctl {

Client::Client(std::shared_ptr<KinesisConnection> connection, Options options)
    : connection_(std::move(connection)), options_(std::move(options)) {}

StatusOr<Document> Client::CreateStream(const CreateStreamRequest& r) {
  return connection_->CreateStream(r);
}
StatusOr<Document> Client::DeleteStream(const DeleteStreamRequest& r) {
  return connection_->DeleteStream(r);
}
StatusOr<Document> Client::DescribeStream(const DescribeStreamRequest& r) {
  return connection_->DescribeStream(r);
}
StatusOr<Document> Client::DescribeStreamSummary(const DescribeStreamSummaryRequest& r) {
  return connection_->DescribeStreamSummary(r);
}
StatusOr<Document> Client::ListShards(const ListShardsRequest& r) {
  return connection_->ListShards(r);
}
StatusOr<Document> Client::ListStreams(const ListStreamsRequest& r) {
  return connection_->ListStreams(r);
}
StatusOr<Document> Client::SplitShard(const SplitShardRequest& r) {
  return connection_->SplitShard(r);
}
StatusOr<Document> Client::MergeShards(const MergeShardsRequest& r) {
  return connection_->MergeShards(r);
}
StatusOr<Document> Client::UpdateShardCount(const UpdateShardCountRequest& r) {
  return connection_->UpdateShardCount(r);
}
StatusOr<Document> Client::IncreaseStreamRetentionPeriod(const RetentionPeriodRequest& r) {
  return connection_->IncreaseStreamRetentionPeriod(r);
}
StatusOr<Document> Client::DecreaseStreamRetentionPeriod(const RetentionPeriodRequest& r) {
  return connection_->DecreaseStreamRetentionPeriod(r);
}
StatusOr<Document> Client::EnableEnhancedMonitoring(const EnhancedMonitoringRequest& r) {
  return connection_->EnableEnhancedMonitoring(r);
}
StatusOr<Document> Client::DisableEnhancedMonitoring(const EnhancedMonitoringRequest& r) {
  return connection_->DisableEnhancedMonitoring(r);
}
StatusOr<Document> Client::UpdateStreamMode(const UpdateStreamModeRequest& r) {
  return connection_->UpdateStreamMode(r);
}
StatusOr<Document> Client::AddTagsToStream(const AddTagsToStreamRequest& r) {
  return connection_->AddTagsToStream(r);
}
StatusOr<Document> Client::RemoveTagsFromStream(const RemoveTagsFromStreamRequest& r) {
  return connection_->RemoveTagsFromStream(r);
}
StatusOr<Document> Client::ListTagsForStream(const ListTagsForStreamRequest& r) {
  return connection_->ListTagsForStream(r);
}
StatusOr<Document> Client::StartStreamEncryption(const StreamEncryptionRequest& r) {
  return connection_->StartStreamEncryption(r);
}
StatusOr<Document> Client::StopStreamEncryption(const StreamEncryptionRequest& r) {
  return connection_->StopStreamEncryption(r);
}
StatusOr<Document> Client::DescribeLimits() { return connection_->DescribeLimits(); }

namespace {

bool IsTrue(const Document& v) {
  return (v.is_boolean() && v.get<bool>()) || (v.is_string() && v.get<std::string>() == "true");
}

Status Unexpected(const std::string& what) {
  return Status(codes::kInternal, "unexpected answer from the service: " + what);
}

}  // namespace

StatusOr<std::vector<std::string>> Client::ListStreamNames() {
  std::vector<std::string> names;
  ListStreamsRequest request;
  for (int page = 0; page < 100000; ++page) {
    KINESISCTL_ASSIGN_OR_RETURN(Document response, ListStreams(request));
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
  KINESISCTL_ASSIGN_OR_RETURN(Document response, DescribeStreamSummary({std::string(stream_name)}));
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
