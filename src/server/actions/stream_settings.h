// Rules shared by CreateStream and the stream-settings actions: warm throughput (ON_DEMAND
// streams of accounts with the minimum throughput billing commitment, up to 10 GiB/s) and the
// record-size bounds. Pure functions over the model; used under the router's lock.
#ifndef KINESISCTL_SERVER_ACTIONS_STREAM_SETTINGS_H_
#define KINESISCTL_SERVER_ACTIONS_STREAM_SETTINGS_H_

#include <cstdint>
#include <string>

#include "server/actions/context.h"

namespace kinesisctl::server {

inline constexpr int64_t kMaxWarmThroughputMiBps = 10240;
inline constexpr int kDefaultMaxRecordKiB = 1024;

// OK when a stream of `region` in `mode` may have `mibps` of warm throughput; else
// InvalidArgumentException (not ON_DEMAND, or the region's commitment is off) or
// LimitExceededException (above 10,240 MiB/s).
Status CheckWarmThroughput(const ActionContext& ctx, const std::string& region,
                           const std::string& mode, int64_t mibps);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_STREAM_SETTINGS_H_
