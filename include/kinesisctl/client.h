// Client: the kinesisctl library's entry point for calling Kinesis, in the style of
// google-cloud-cpp: a Client wraps a KinesisConnection (the real one from MakeConnection(Options),
// or a mock or fake in tests) plus the Options whose time sources its waits use. Every call takes
// a typed request and returns StatusOr<T> with T a typed result of kinesisctl/responses.h, or a
// Status for actions without output. An answer that does not have the documented shape is a
// codes::kInvalidResponse Status naming the field; errors are Status values, never exceptions.
// For the answer document exactly as the service sent it, call the same action on connection()
// (e.g. `client.connection().DescribeStream(request)`, a StatusOr<Document>). Copies share the
// connection. A Client is not thread-safe: use one per thread (or guard it).
//
//   auto client = kinesisctl::MakeClient({.endpoint = "http://127.0.0.1:4567"});
//   if (!client.ok()) return client.status();
//   kinesisctl::StatusOr<kinesisctl::StreamDescriptionSummary> summary =
//       client->DescribeStreamSummary({"orders"});
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
#include "kinesisctl/responses.h"
#include "kinesisctl/status.h"

namespace kinesisctl {

class Client {
 public:
  // `options` supplies the clock, sleeper and random of the client's own waits; the connection
  // was already built with its options.
  explicit Client(std::shared_ptr<KinesisConnection> connection, Options options = {});

  // One call each: the connection's answer, parsed (kinesisctl/responses.h).
  Status CreateStream(const CreateStreamRequest& request);
  Status DeleteStream(const DeleteStreamRequest& request);
  // One page of shards (follow has_more_shards with exclusive_start_shard_id).
  StatusOr<StreamDescription> DescribeStream(const DescribeStreamRequest& request);
  StatusOr<StreamDescriptionSummary> DescribeStreamSummary(
      const DescribeStreamSummaryRequest& request);
  StatusOr<ListShardsResult> ListShards(const ListShardsRequest& request);
  StatusOr<ListStreamsResult> ListStreams(const ListStreamsRequest& request);
  Status SplitShard(const SplitShardRequest& request);
  Status MergeShards(const MergeShardsRequest& request);
  StatusOr<UpdateShardCountResult> UpdateShardCount(const UpdateShardCountRequest& request);
  Status IncreaseStreamRetentionPeriod(const RetentionPeriodRequest& request);
  Status DecreaseStreamRetentionPeriod(const RetentionPeriodRequest& request);
  StatusOr<EnhancedMonitoringOutput> EnableEnhancedMonitoring(
      const EnhancedMonitoringRequest& request);
  StatusOr<EnhancedMonitoringOutput> DisableEnhancedMonitoring(
      const EnhancedMonitoringRequest& request);
  Status UpdateStreamMode(const UpdateStreamModeRequest& request);
  Status AddTagsToStream(const AddTagsToStreamRequest& request);
  Status RemoveTagsFromStream(const RemoveTagsFromStreamRequest& request);
  StatusOr<ListTagsForStreamResult> ListTagsForStream(const ListTagsForStreamRequest& request);
  Status StartStreamEncryption(const StreamEncryptionRequest& request);
  Status StopStreamEncryption(const StreamEncryptionRequest& request);
  StatusOr<Limits> DescribeLimits();

  // Typed conveniences. They read only the fields they need and ignore the rest; what they
  // cannot read is an InternalError "unexpected answer from the service: ...".
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
  // The raw calls: the service's answer documents, unparsed.
  KinesisConnection& connection() const { return *connection_; }

 private:
  std::shared_ptr<KinesisConnection> connection_;
  Options options_;
};

// A Client over MakeConnection(options).
StatusOr<Client> MakeClient(const Options& options = {});

}  // namespace kinesisctl

#endif  // KINESISCTL_CLIENT_H_
