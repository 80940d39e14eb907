// The request structs of the Kinesis actions, under the kinesis layer's names: they are the
// public ones of include/kinesisctl/requests.h. Plain value types, thread-compatible.
#ifndef KINESISCTL_KINESIS_REQUESTS_H_
#define KINESISCTL_KINESIS_REQUESTS_H_

#include "kinesisctl/requests.h"

namespace kinesisctl::kinesis {

using ::kinesisctl::AddTagsToStreamRequest;
using ::kinesisctl::CreateStreamRequest;
using ::kinesisctl::DeleteStreamRequest;
using ::kinesisctl::DescribeStreamRequest;
using ::kinesisctl::DescribeStreamSummaryRequest;
using ::kinesisctl::EnhancedMonitoringRequest;
using ::kinesisctl::ListShardsRequest;
using ::kinesisctl::ListStreamsRequest;
using ::kinesisctl::ListTagsForStreamRequest;
using ::kinesisctl::MergeShardsRequest;
using ::kinesisctl::RemoveTagsFromStreamRequest;
using ::kinesisctl::RetentionPeriodRequest;
using ::kinesisctl::SplitShardRequest;
using ::kinesisctl::StreamEncryptionRequest;
using ::kinesisctl::UpdateShardCountRequest;
using ::kinesisctl::UpdateStreamModeRequest;

}  // namespace kinesisctl::kinesis

#endif  // KINESISCTL_KINESIS_REQUESTS_H_
