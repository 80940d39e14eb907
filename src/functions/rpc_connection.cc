#include "functions/rpc_connection.h"

#include <utility>

#include "aws/static_credentials_provider.h"
#include "kinesis/kinesis_client.h"

namespace kinesisctl {
namespace admin {
namespace {

class RpcConnection final : public KinesisConnection {
 public:
  explicit RpcConnection(std::unique_ptr<aws::JsonRpc> rpc) : client_(std::move(rpc)) {}

  StatusOr<Document> CreateStream(const CreateStreamRequest& r) override {
    return client_.CreateStream(r);
  }
  StatusOr<Document> DeleteStream(const DeleteStreamRequest& r) override {
    return client_.DeleteStream(r);
  }
  StatusOr<Document> DescribeStream(const DescribeStreamRequest& r) override {
    return client_.DescribeStream(r);
  }
  StatusOr<Document> DescribeStreamSummary(const DescribeStreamSummaryRequest& r) override {
    return client_.DescribeStreamSummary(r);
  }
  StatusOr<Document> ListShards(const ListShardsRequest& r) override {
    return client_.ListShards(r);
  }
  StatusOr<Document> ListStreams(const ListStreamsRequest& r) override {
    return client_.ListStreams(r);
  }
  StatusOr<Document> SplitShard(const SplitShardRequest& r) override {
    return client_.SplitShard(r);
  }
  StatusOr<Document> MergeShards(const MergeShardsRequest& r) override {
    return client_.MergeShards(r);
  }
  StatusOr<Document> UpdateShardCount(const UpdateShardCountRequest& r) override {
    return client_.UpdateShardCount(r);
  }
  StatusOr<Document> IncreaseStreamRetentionPeriod(const RetentionPeriodRequest& r) override {
    return client_.IncreaseStreamRetentionPeriod(r);
  }
  StatusOr<Document> DecreaseStreamRetentionPeriod(const RetentionPeriodRequest& r) override {
    return client_.DecreaseStreamRetentionPeriod(r);
  }
  StatusOr<Document> EnableEnhancedMonitoring(const EnhancedMonitoringRequest& r) override {
    return client_.EnableEnhancedMonitoring(r);
  }
  StatusOr<Document> DisableEnhancedMonitoring(const EnhancedMonitoringRequest& r) override {
    return client_.DisableEnhancedMonitoring(r);
  }
  StatusOr<Document> UpdateStreamMode(const UpdateStreamModeRequest& r) override {
    return client_.UpdateStreamMode(r);
  }
  StatusOr<Document> AddTagsToStream(const AddTagsToStreamRequest& r) override {
    return client_.AddTagsToStream(r);
  }
  StatusOr<Document> RemoveTagsFromStream(const RemoveTagsFromStreamRequest& r) override {
    return client_.RemoveTagsFromStream(r);
  }
  StatusOr<Document> ListTagsForStream(const ListTagsForStreamRequest& r) override {
    return client_.ListTagsForStream(r);
  }
  StatusOr<Document> StartStreamEncryption(const StreamEncryptionRequest& r) override {
    return client_.StartStreamEncryption(r);
  }
  StatusOr<Document> StopStreamEncryption(const StreamEncryptionRequest& r) override {
    return client_.StopStreamEncryption(r);
  }
  StatusOr<Document> DescribeLimits() override { return client_.DescribeLimits(); }

  void SetDeadline(std::optional<TimePoint> deadline) override { client_.set_deadline(deadline); }
  std::optional<TimePoint> Deadline() const override { return client_.deadline(); }

 private:
  kinesis::KinesisClient client_;
};

}  // namespace

std::shared_ptr<KinesisConnection> MakeRpcConnection(std::unique_ptr<aws::JsonRpc> rpc) {
  return std::make_shared<RpcConnection>(std::move(rpc));
}

aws::RpcOptions ToRpcOptions(const Options& options) {
  aws::RpcOptions rpc;
  rpc.retry.max_attempts = options.retry.max_attempts;
  rpc.retry.max_delay = options.retry.max_delay;
  rpc.retry.deadline = options.deadline;
  rpc.connect_timeout = options.connect_timeout;
  rpc.request_timeout = options.request_timeout;
  rpc.call_timeout = options.call_timeout;
  rpc.clock = options.clock;
  rpc.sleeper = options.sleeper;
  rpc.random = options.random;
  rpc.credentials = options.credentials;
  return rpc;
}

ConnectionParams ToConnectionParams(const Options& options) {
  ConnectionParams params = options.connection;
  if (options.region) params.region = options.region;
  if (options.endpoint) params.endpoint = options.endpoint;
  return params;
}

}  // namespace admin

StatusOr<std::shared_ptr<KinesisConnection>> MakeConnection(const Options& options) {
  KINESISCTL_ASSIGN_OR_RETURN(
      std::unique_ptr<aws::JsonRpc> rpc,
      aws::MakeKinesisRpc(admin::ToConnectionParams(options), admin::ToRpcOptions(options)));
  return admin::MakeRpcConnection(std::move(rpc));
}

std::shared_ptr<CredentialsProvider> MakeStaticCredentialsProvider(std::string access_key_id,
                                                                   std::string secret_access_key,
                                                                   std::string session_token) {
  return std::make_shared<aws::StaticCredentialsProvider>(
      std::move(access_key_id), std::move(secret_access_key),
      session_token.empty() ? std::nullopt : std::optional<std::string>(std::move(session_token)),
      "Options::credentials");
}

}  // namespace kinesisctl
