// The enhanced fan-out path of tail (TailOptions::consumer): SubscribeToShard subscriptions, one
// thread per shard being read. Called by tail(); thread-safe as tail is.
#ifndef KINESISCTL_FUNCTIONS_TAIL_CONSUMER_H_
#define KINESISCTL_FUNCTIONS_TAIL_CONSUMER_H_

#include <string_view>

#include "kinesisctl/records.h"

namespace kinesisctl::admin {

Result TailWithConsumer(std::string_view stream_name, const ConnectionParams& conn,
                        const TailOptions& options);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_TAIL_CONSUMER_H_
