// Describing streams for the boto_kinesis functions (docs/design/salt-compatibility.md): the full
// description in DescribeStream's shape with every shard and HasMoreShards false, built from
// DescribeStreamSummary + ListShards where the endpoint supports them (remembered per
// connection), else by paging DescribeStream with every page's error checked; the current
// status; and the wait for ACTIVE with backoff and a deadline. It reads the raw answers
// (Client::connection()): the functions return them as the service sent them. Used by the module
// functions and the state engine. Not thread-safe: a Connection belongs to one thread.
#ifndef KINESISCTL_FUNCTIONS_DESCRIBE_H_
#define KINESISCTL_FUNCTIONS_DESCRIBE_H_

#include <string>

#include "functions/context.h"
#include "functions/progress.h"
#include "kinesis/kinesis_client.h"
#include "kinesisctl/status.h"

namespace kinesisctl::admin {

// {"StreamDescription": {...}} with all shards.
StatusOr<kinesis::Json> DescribeFull(Connection& conn, const std::string& stream_name);

// The raw DescribeStreamSummary response.
StatusOr<kinesis::Json> DescribeSummary(Connection& conn, const std::string& stream_name);

// {"Shards": [...]} with every page of ListShards.
StatusOr<kinesis::Json> ListAllShards(Connection& conn, const std::string& stream_name);

// "CREATING", "ACTIVE", ... (DescribeStreamSummary where supported, else DescribeStream).
StatusOr<std::string> GetStreamStatus(Connection& conn, const std::string& stream_name);

// Checks at once, then sleeps min(U*2^attempt, 10 s) (never past the deadline) between checks,
// until ACTIVE; returns DescribeFull then. DeadlineExceeded names the last status. `progress`
// (may be null) gets a line per status read while the stream is not ACTIVE.
StatusOr<kinesis::Json> WaitForActive(Connection& conn, const std::string& stream_name,
                                      double timeout_seconds, ProgressSink* progress = nullptr);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_DESCRIBE_H_
