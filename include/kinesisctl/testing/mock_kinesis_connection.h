// MockKinesisConnection: a gMock implementation of kinesisctl::KinesisConnection for unit tests
// of code that uses a kinesisctl::Client. Header-only; a test that includes it links gMock itself
// (e.g. GTest::gmock). Wrap it in a Client:
//
//   auto mock = std::make_shared<kinesisctl::mocks::MockKinesisConnection>();
//   EXPECT_CALL(*mock, ListStreams).WillOnce(Return(kinesisctl::Document{...}));
//   kinesisctl::Client client(mock);
//
// SetDeadline and Deadline are mocked too; without expectations they do nothing and report no
// deadline. Thread-safety as gMock's mocks.
#ifndef KINESISCTL_TESTING_MOCK_KINESIS_CONNECTION_H_
#define KINESISCTL_TESTING_MOCK_KINESIS_CONNECTION_H_

#include <gmock/gmock.h>

#include <optional>

#include "kinesisctl/kinesis_connection.h"

namespace kinesisctl::mocks {

class MockKinesisConnection : public KinesisConnection {
 public:
  MOCK_METHOD(StatusOr<Document>, CreateStream, (const CreateStreamRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, DeleteStream, (const DeleteStreamRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, DescribeStream, (const DescribeStreamRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, DescribeStreamSummary, (const DescribeStreamSummaryRequest&),
              (override));
  MOCK_METHOD(StatusOr<Document>, ListShards, (const ListShardsRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, ListStreams, (const ListStreamsRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, SplitShard, (const SplitShardRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, MergeShards, (const MergeShardsRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, UpdateShardCount, (const UpdateShardCountRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, IncreaseStreamRetentionPeriod, (const RetentionPeriodRequest&),
              (override));
  MOCK_METHOD(StatusOr<Document>, DecreaseStreamRetentionPeriod, (const RetentionPeriodRequest&),
              (override));
  MOCK_METHOD(StatusOr<Document>, EnableEnhancedMonitoring, (const EnhancedMonitoringRequest&),
              (override));
  MOCK_METHOD(StatusOr<Document>, DisableEnhancedMonitoring, (const EnhancedMonitoringRequest&),
              (override));
  MOCK_METHOD(StatusOr<Document>, UpdateStreamMode, (const UpdateStreamModeRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, AddTagsToStream, (const AddTagsToStreamRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, RemoveTagsFromStream, (const RemoveTagsFromStreamRequest&),
              (override));
  MOCK_METHOD(StatusOr<Document>, ListTagsForStream, (const ListTagsForStreamRequest&), (override));
  MOCK_METHOD(StatusOr<Document>, StartStreamEncryption, (const StreamEncryptionRequest&),
              (override));
  MOCK_METHOD(StatusOr<Document>, StopStreamEncryption, (const StreamEncryptionRequest&),
              (override));
  MOCK_METHOD(StatusOr<Document>, DescribeLimits, (), (override));
  MOCK_METHOD(void, SetDeadline, (std::optional<TimePoint>), (override));
  MOCK_METHOD(std::optional<TimePoint>, Deadline, (), (const, override));
};

}  // namespace kinesisctl::mocks

#endif  // KINESISCTL_TESTING_MOCK_KINESIS_CONNECTION_H_
