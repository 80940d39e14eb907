// The seven shard-level metrics of Kinesis enhanced monitoring, in the order AWS documents them
// (EnableEnhancedMonitoring). The one list the server's validation, the state engine and the
// client's reading of a stream's monitoring share; a caller that shows them sorted sorts them.
// Constant data; thread-safe.
#ifndef KINESISCTL_CORE_SHARD_METRICS_H_
#define KINESISCTL_CORE_SHARD_METRICS_H_

#include <string>
#include <vector>

namespace kinesisctl {

// IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords,
// WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds.
inline const std::vector<std::string>& AllShardLevelMetrics() {
  static const std::vector<std::string> kAll = {"IncomingBytes",
                                                "IncomingRecords",
                                                "OutgoingBytes",
                                                "OutgoingRecords",
                                                "WriteProvisionedThroughputExceeded",
                                                "ReadProvisionedThroughputExceeded",
                                                "IteratorAgeMilliseconds"};
  return kAll;
}

}  // namespace kinesisctl

#endif  // KINESISCTL_CORE_SHARD_METRICS_H_
