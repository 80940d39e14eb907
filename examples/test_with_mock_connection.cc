// Example: unit-testing your own code that uses kinesisctl::Client, with the gMock connection
// shipped in the installed package (kinesisctl/testing/mock_kinesis_connection.h). No network and
// no Kinesis: the mock answers each call with the documents or errors the test scripts.
//
// Build against an installed kinesisctl plus GoogleTest, e.g. with CMake:
//   find_package(kinesisctl) find_package(GTest)
//   target_link_libraries(t PRIVATE kinesisctl::kinesisctl GTest::gmock GTest::gtest_main)
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <kinesisctl/client.h>
#include <kinesisctl/testing/mock_kinesis_connection.h>

#include <cstdint>
#include <memory>
#include <string>

// --- The code under test: what a user of the library might write. ---

// Makes sure `name` exists: creates it with `shards` shards when Kinesis says it does not.
// true when it created the stream, false when it was already there, or the error.
kinesisctl::StatusOr<bool> EnsureStream(kinesisctl::Client& client, const std::string& name,
                                        int64_t shards) {
  kinesisctl::StatusOr<std::string> status = client.GetStreamStatus(name);
  if (status.ok()) return false;
  if (status.status().code() != "ResourceNotFoundException") return status.status();
  kinesisctl::CreateStreamRequest request;
  request.stream_name = name;
  request.shard_count = shards;
  kinesisctl::StatusOr<kinesisctl::Document> created = client.CreateStream(request);
  if (!created.ok()) return created.status();
  return true;
}

// --- Its unit tests. ---
namespace {

using ::kinesisctl::Document;
using ::kinesisctl::Status;
using ::kinesisctl::mocks::MockKinesisConnection;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::Return;

Document Summary(const std::string& status) {
  return Document{
      {"StreamDescriptionSummary", {{"StreamName", "orders"}, {"StreamStatus", status}}}};
}

TEST(EnsureStreamTest, LeavesAnExistingStreamAlone) {
  auto mock = std::make_shared<MockKinesisConnection>();
  EXPECT_CALL(*mock, DescribeStreamSummary(
                         Field(&kinesisctl::DescribeStreamSummaryRequest::stream_name, "orders")))
      .WillOnce(Return(Summary("ACTIVE")));
  EXPECT_CALL(*mock, CreateStream(_)).Times(0);
  kinesisctl::Client client(mock);
  kinesisctl::StatusOr<bool> created = EnsureStream(client, "orders", 4);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_FALSE(*created);
}

TEST(EnsureStreamTest, CreatesAMissingStreamWithTheShardCount) {
  auto mock = std::make_shared<MockKinesisConnection>();
  EXPECT_CALL(*mock, DescribeStreamSummary(_))
      .WillOnce(Return(Status("ResourceNotFoundException", "Stream orders not found", 400)));
  EXPECT_CALL(*mock,
              CreateStream(AllOf(Field(&kinesisctl::CreateStreamRequest::stream_name, "orders"),
                                 Field(&kinesisctl::CreateStreamRequest::shard_count, 4))))
      .WillOnce(Return(Document::object()));
  kinesisctl::Client client(mock);
  kinesisctl::StatusOr<bool> created = EnsureStream(client, "orders", 4);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(*created);
}

TEST(EnsureStreamTest, PassesOtherErrorsOn) {
  auto mock = std::make_shared<MockKinesisConnection>();
  EXPECT_CALL(*mock, DescribeStreamSummary(_))
      .WillOnce(Return(Status("AccessDeniedException", "not allowed", 400)));
  EXPECT_CALL(*mock, CreateStream(_)).Times(0);
  kinesisctl::Client client(mock);
  kinesisctl::StatusOr<bool> created = EnsureStream(client, "orders", 4);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), "AccessDeniedException");
}

}  // namespace
