// KinesisConnection: the interface a kinesisctl Client calls, one virtual function per Kinesis
// action the library uses, each taking its typed request (kinesisctl/requests.h) and returning
// the service's response document or the error as a Status. MakeConnection(Options) builds the
// real one (SigV4 signing, the libcurl transport, the retry loop of RetryPolicy); tests use
// kinesisctl/testing/mock_kinesis_connection.h (gMock) or their own implementation.
// Implementations need not be thread-safe: use a connection from one thread at a time.
#ifndef KINESISCTL_KINESIS_CONNECTION_H_
#define KINESISCTL_KINESIS_CONNECTION_H_

#include <memory>
#include <optional>

#include "kinesisctl/clock.h"
#include "kinesisctl/options.h"
#include "kinesisctl/requests.h"
#include "kinesisctl/status.h"

namespace kinesisctl {

class KinesisConnection {
 public:
  virtual ~KinesisConnection() = default;

  virtual StatusOr<Document> CreateStream(const CreateStreamRequest& request) = 0;
  virtual StatusOr<Document> DeleteStream(const DeleteStreamRequest& request) = 0;
  virtual StatusOr<Document> DescribeStream(const DescribeStreamRequest& request) = 0;
  virtual StatusOr<Document> DescribeStreamSummary(const DescribeStreamSummaryRequest& request) = 0;
  virtual StatusOr<Document> ListShards(const ListShardsRequest& request) = 0;
  virtual StatusOr<Document> ListStreams(const ListStreamsRequest& request) = 0;
  virtual StatusOr<Document> SplitShard(const SplitShardRequest& request) = 0;
  virtual StatusOr<Document> MergeShards(const MergeShardsRequest& request) = 0;
  virtual StatusOr<Document> UpdateShardCount(const UpdateShardCountRequest& request) = 0;
  virtual StatusOr<Document> IncreaseStreamRetentionPeriod(
      const RetentionPeriodRequest& request) = 0;
  virtual StatusOr<Document> DecreaseStreamRetentionPeriod(
      const RetentionPeriodRequest& request) = 0;
  virtual StatusOr<Document> EnableEnhancedMonitoring(const EnhancedMonitoringRequest& request) = 0;
  virtual StatusOr<Document> DisableEnhancedMonitoring(
      const EnhancedMonitoringRequest& request) = 0;
  virtual StatusOr<Document> UpdateStreamMode(const UpdateStreamModeRequest& request) = 0;
  virtual StatusOr<Document> AddTagsToStream(const AddTagsToStreamRequest& request) = 0;
  virtual StatusOr<Document> RemoveTagsFromStream(const RemoveTagsFromStreamRequest& request) = 0;
  virtual StatusOr<Document> ListTagsForStream(const ListTagsForStreamRequest& request) = 0;
  virtual StatusOr<Document> StartStreamEncryption(const StreamEncryptionRequest& request) = 0;
  virtual StatusOr<Document> StopStreamEncryption(const StreamEncryptionRequest& request) = 0;
  virtual StatusOr<Document> DescribeLimits() = 0;

  // A deadline for every call until reset (nullopt: only Options::deadline and the retry
  // policy's attempts). Long operations set it so that retries stop at their own deadline.
  // Connections without retries may ignore it (the defaults do).
  virtual void SetDeadline(std::optional<TimePoint> /*deadline*/) {}
  virtual std::optional<TimePoint> Deadline() const { return std::nullopt; }
};

// The real connection for `options`. Fails (no network I/O yet) when the connection cannot be
// resolved: a profile found nowhere, a keyid without a key, an unreadable config file, a
// malformed endpoint.
StatusOr<std::shared_ptr<KinesisConnection>> MakeConnection(const Options& options = {});

}  // namespace kinesisctl

#endif  // KINESISCTL_KINESIS_CONNECTION_H_
