// The data plane of kinesisctl: putting records (one, or many from lines or JSON lines, batched
// by Kinesis's limits and retrying only the records a PutRecords answer failed), reading them
// (get_records from one shard; tail, which follows every shard of a stream across splits and
// merges) and managing enhanced fan-out consumers. Results use the shapes of boto_kinesis.h:
// {"result": ...} on success, {"error": {"Code", "Message"}, ...} otherwise; put_records and
// tail keep their summary in "result" even when they also report an "error". Every delay is an
// option so tests run fast; the clock and sleeper are the functions' context's (injected in
// tests). Free functions; thread-safe (each call uses its own connections; put_records sends
// from up to max_in_flight threads of its own, and tail with a consumer reads on one per shard,
// so an injected clock, sleeper or random must be thread-safe, as the system ones are).
#ifndef KINESISCTL_RECORDS_H_
#define KINESISCTL_RECORDS_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kinesisctl/boto_kinesis.h"
#include "kinesisctl/connection.h"

namespace kinesisctl {

// Kinesis's limits for PutRecords and record sizes (data plus partition key).
inline constexpr int64_t kMaxRecordsPerPut = 500;
inline constexpr int64_t kMaxBytesPerPut = int64_t{5} << 20;
inline constexpr int64_t kDefaultMaxRecordBytes = int64_t{1} << 20;
inline constexpr size_t kMaxPartitionKeyChars = 256;
// The most PutRecords calls put_records keeps in flight (its own bound, not Kinesis's).
inline constexpr int kMaxPutsInFlight = 16;

struct PutRecordOptions {
  std::optional<std::string> explicit_hash_key;
  std::optional<std::string> sequence_number_for_ordering;
};

// PutRecord: {"result": {"shard_id", "sequence_number"}}.
Result put_record(std::string_view stream_name, std::string_view data,
                  std::string_view partition_key, const ConnectionParams& conn = {},
                  const PutRecordOptions& options = {});

// What put_records has done so far, for a progress line.
struct PutProgress {
  int64_t read = 0;    // input records accepted
  int64_t stored = 0;  // acknowledged by the service
  int64_t failed = 0;  // given up on
  int64_t calls = 0;   // PutRecords calls made
};

struct PutRecordsOptions {
  // "lines": each non-empty line is one record's data; "json": each non-empty line is a JSON
  // object {"data": "...", "partition_key": "...", "explicit_hash_key": "..."} ("data" a string,
  // or "data_base64" for binary data; any other JSON value of "data" is sent as its compact text).
  std::string format = "lines";
  std::optional<std::string> partition_key;      // for records without their own
  std::optional<std::string> explicit_hash_key;  // likewise
  // Bad input (invalid JSON, a missing partition key, a record over the size limit) stops the run
  // after the records before it are sent; with continue_on_error the line is reported and skipped.
  bool continue_on_error = false;
  bool per_record = false;  // list every record's outcome in the result
  // PutRecords rounds for one batch: the first call plus retries of its failed records.
  int max_attempts = 10;
  double retry_delay_seconds = 0.1;      // backoff base: full jitter, doubling per round
  double retry_max_delay_seconds = 5.0;  // backoff cap
  int64_t max_records_per_call = kMaxRecordsPerPut;
  int64_t max_bytes_per_call = kMaxBytesPerPut;
  // PutRecords calls in flight at once (1..kMaxPutsInFlight), each on its own connection. Records
  // with the same partition key (or the same explicit hash key, when they have one) never sit in
  // two calls at once, so they are stored in input order; records of different keys may be
  // stored in a different order than read. 1: one call at a time, everything in input order.
  int max_in_flight = 4;
  // Unset: the stream's MaxRecordSizeInKiB when DescribeStreamSummary reports it, else 1 MiB.
  std::optional<int64_t> max_record_bytes;
  std::function<void(const PutProgress&)> progress;  // after every call; may be empty
  // put_records_from_fd only: send what is batched once no line has arrived for this long (so
  // lines from a slow producer go out promptly); unset: batches fill up or the input ends.
  std::optional<double> linger_seconds;
};

// Reads records from `input` (per options.format) and puts them in batches. Result: {"result":
// {"stored", "failed", "skipped", "calls", ["records": [{"line", "shard_id", "sequence_number"}
// or {"line", "error_code", "error_message"}]], ["bad_input": [{"line", "message"}]]}}, plus
// "error" when a record failed, bad input stopped the run or a call failed outright.
Result put_records(std::string_view stream_name, std::istream& input,
                   const ConnectionParams& conn = {}, const PutRecordsOptions& options = {});
// The same with one line per element (for records given as arguments).
Result put_records(std::string_view stream_name, const std::vector<std::string>& lines,
                   const ConnectionParams& conn = {}, const PutRecordsOptions& options = {});

// The same, reading lines from a file descriptor (a file, a pipe or a terminal), honouring
// options.linger_seconds. Does not close `fd`.
Result put_records_from_fd(std::string_view stream_name, int fd, const ConnectionParams& conn = {},
                           const PutRecordsOptions& options = {});

// One record as read back.
struct ReadRecord {
  std::string shard_id;
  std::string sequence_number;
  std::string partition_key;
  double arrival_seconds = 0;  // ApproximateArrivalTimestamp, seconds since the epoch
  std::string data;            // the bytes
};

// {"shard_id", "sequence_number", "partition_key", "arrival" (ISO 8601 UTC, milliseconds),
// "data", "encoding"}: the data as text when it is valid UTF-8 ("encoding": "utf-8"), else
// base64 ("encoding": "base64").
Result RecordToJson(const ReadRecord& record);

// Where a reader starts in a shard.
struct StartPosition {
  // LATEST, TRIM_HORIZON, AT_TIMESTAMP, AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER.
  std::string type = "TRIM_HORIZON";
  std::optional<std::string> sequence_number;  // for the *_SEQUENCE_NUMBER types
  std::optional<double> timestamp;             // for AT_TIMESTAMP, seconds since the epoch
};

struct GetRecordsOptions {
  StartPosition position;
  int64_t limit = 100;                 // at most this many records
  double poll_interval_seconds = 0.2;  // between GetRecords calls (5 per second per shard)
  int max_calls = 20;                  // gives up after this many calls that bring nothing new
};

// Reads from one shard until `limit` records, the end of a closed shard, or the shard's tip (an
// empty answer with MillisBehindLatest 0). Result: {"result": {"records": [RecordToJson...],
// "next_shard_iterator": <string or null>, "millis_behind_latest": <n or null>}}.
Result get_records(std::string_view stream_name, std::string_view shard_id,
                   const ConnectionParams& conn = {}, const GetRecordsOptions& options = {});

struct TailOptions {
  // LATEST (open shards from now on), TRIM_HORIZON (everything retained) or AT_TIMESTAMP.
  std::string start = "LATEST";
  std::optional<double> timestamp;  // for AT_TIMESTAMP, seconds since the epoch
  // Resume: these shards start after the given sequence number, their ancestors are skipped.
  std::map<std::string, std::string> after;
  std::optional<int64_t> limit;              // stop after this many records
  std::optional<double> until_idle_seconds;  // stop when nothing arrived for this long
  double poll_interval_seconds = 0.2;        // min time between GetRecords calls on a shard
  double retry_delay_seconds = 0.2;          // backoff base after throttling (doubling)
  double retry_max_delay_seconds = 5.0;
  int64_t records_per_call = 10000;
  // Read through this enhanced fan-out consumer (SubscribeToShard, one subscription per shard,
  // renewed when the service ends it) instead of GetRecords; the consumer must be ACTIVE.
  std::optional<std::string> consumer;
  double subscription_timeout_seconds = 330;  // a subscription lasts 5 minutes on AWS
  // Receives each record in order per shard; a parent's records come before its children's.
  std::function<void(const ReadRecord&)> on_record;
  // Polled between calls (and during waits); true stops the tail ("stopped": "interrupted").
  std::function<bool()> should_stop;
};

// Follows every shard of the stream. Children of a split or merge start (from TRIM_HORIZON)
// once all their parents are read to the end; they are found from the ChildShards of the last
// GetRecords answer, or from ListShards' parent links when the service gives none. Result:
// {"result": {"records": n, "shards": [ids read], "stopped": "limit" | "idle" | "interrupted" |
// "closed"}} ("closed": every shard was read to its end), plus "error" when a call failed.
Result tail(std::string_view stream_name, const ConnectionParams& conn = {},
            const TailOptions& options = {});

// Enhanced fan-out consumers, by stream name and consumer name (the stream's ARN is looked up).
Result register_stream_consumer(std::string_view stream_name, std::string_view consumer_name,
                                const ConnectionParams& conn = {});
Result describe_stream_consumer(std::string_view stream_name, std::string_view consumer_name,
                                const ConnectionParams& conn = {});
Result list_stream_consumers(std::string_view stream_name, const ConnectionParams& conn = {});
Result deregister_stream_consumer(std::string_view stream_name, std::string_view consumer_name,
                                  const ConnectionParams& conn = {});

}  // namespace kinesisctl

#endif  // KINESISCTL_RECORDS_H_
