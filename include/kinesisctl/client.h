// Client: the kinesisctl library's entry point for calling Kinesis, in the style of
// google-cloud-cpp: a Client wraps a KinesisConnection (the real one from MakeConnection(Options),
// or a mock or fake in tests) plus the Options whose time sources its waits use. Every call takes
// a typed request and returns StatusOr<Document> (the response as AWS sent it) or a typed value;
// errors are Status values, never exceptions. Copies share the connection. A Client is not
// thread-safe: use one per thread (or guard it).
//
//   auto client = kinesisctl::MakeClient({.endpoint = "http://127.0.0.1:4567"});
//   if (!client.ok()) return client.status();
//   kinesisctl::StatusOr<std::string> status = client->GetStreamStatus("orders");
//
// The Salt-style functions of boto_kinesis.h and state.h run on a default Client per connection
// arguments and thread.
#ifndef KINESISCTL_CLIENT_H_
#define KINESISCTL_CLIENT_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kinesisctl/clock.h"
#include "kinesisctl/kinesis_connection.h"
#include "kinesisctl/options.h"
#include "kinesisctl/requests.h"
#include "kinesisctl/status.h"

namespace kinesisctl {

class Client {
 public:
  // `options` supplies the clock, sleeper and random of the client's own waits; the connection
  // was already built with its options.
  explicit Client(std::shared_ptr<KinesisConnection> connection, Options options = {});

  // One call each, forwarded to the connection.
  StatusOr<Document> CreateStream(const CreateStreamRequest& request);
  StatusOr<Document> DeleteStream(const DeleteStreamRequest& request);
  StatusOr<Document> DescribeStream(const DescribeStreamRequest& request);
  StatusOr<Document> DescribeStreamSummary(const DescribeStreamSummaryRequest& request);
  StatusOr<Document> ListShards(const ListShardsRequest& request);
  StatusOr<Document> ListStreams(const ListStreamsRequest& request);
  StatusOr<Document> SplitShard(const SplitShardRequest& request);
  StatusOr<Document> MergeShards(const MergeShardsRequest& request);
  StatusOr<Document> UpdateShardCount(const UpdateShardCountRequest& request);
  StatusOr<Document> IncreaseStreamRetentionPeriod(const RetentionPeriodRequest& request);
  StatusOr<Document> DecreaseStreamRetentionPeriod(const RetentionPeriodRequest& request);
  StatusOr<Document> EnableEnhancedMonitoring(const EnhancedMonitoringRequest& request);
  StatusOr<Document> DisableEnhancedMonitoring(const EnhancedMonitoringRequest& request);
  StatusOr<Document> UpdateStreamMode(const UpdateStreamModeRequest& request);
  StatusOr<Document> AddTagsToStream(const AddTagsToStreamRequest& request);
  StatusOr<Document> RemoveTagsFromStream(const RemoveTagsFromStreamRequest& request);
  StatusOr<Document> ListTagsForStream(const ListTagsForStreamRequest& request);
  StatusOr<Document> StartStreamEncryption(const StreamEncryptionRequest& request);
  StatusOr<Document> StopStreamEncryption(const StreamEncryptionRequest& request);
  StatusOr<Document> DescribeLimits();

  // Typed conveniences.
  // Every stream name, all pages (NextToken when the service sends one, else
  // ExclusiveStartStreamName while HasMoreStreams).
  StatusOr<std::vector<std::string>> ListStreamNames();
  // The stream's StreamStatus ("CREATING", "ACTIVE", ...) from DescribeStreamSummary.
  StatusOr<std::string> GetStreamStatus(std::string_view stream_name);

  // The connection's deadline for every call (see KinesisConnection::SetDeadline).
  void SetDeadline(std::optional<TimePoint> deadline) { connection_->SetDeadline(deadline); }
  std::optional<TimePoint> Deadline() const { return connection_->Deadline(); }

  const Options& options() const { return options_; }
  Clock& clock() const { return options_.clock ? *options_.clock : DefaultClock(); }
  Sleeper& sleeper() const { return options_.sleeper ? *options_.sleeper : DefaultSleeper(); }
  Random& random() const { return options_.random ? *options_.random : DefaultRandom(); }
  KinesisConnection& connection() const { return *connection_; }

 private:
  std::shared_ptr<KinesisConnection> connection_;
  Options options_;
};

// A Client over MakeConnection(options).
StatusOr<Client> MakeClient(const Options& options = {});

}  // namespace kinesisctl

#endif  // KINESISCTL_CLIENT_H_
