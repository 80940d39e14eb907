// Example: unit-testing your own code that uses kinesisctl::Client, with the gMock connection
// shipped in the installed package (kinesisctl/testing/mock_kinesis_connection.h). No network and
// no Kinesis: the mock answers each call with the documents or errors the test scripts, and the
// Client's typed calls parse them as they would a real answer.
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
#include <utility>
#include <vector>

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
  kinesisctl::Status created = client.CreateStream(request);
  if (!created.ok()) return created;
  return true;
}

// The open shards of `name` (all ListShards pages), e.g. to pick one to split.
kinesisctl::StatusOr<std::vector<kinesisctl::Shard>> OpenShards(kinesisctl::Client& client,
                                                                const std::string& name) {
  std::vector<kinesisctl::Shard> open;
  kinesisctl::ListShardsRequest request;
  request.stream_name = name;
  for (;;) {
    kinesisctl::StatusOr<kinesisctl::ListShardsResult> page = client.ListShards(request);
    if (!page.ok()) return page.status();
    for (kinesisctl::Shard& shard : page->shards) {
      if (shard.is_open()) open.push_back(std::move(shard));
    }
    if (!page->next_token) return open;
    request = kinesisctl::ListShardsRequest{};  // a NextToken goes without the stream name
    request.next_token = page->next_token;
  }
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

Document ShardJson(const std::string& id, const std::string& start, const std::string& end,
                   Document ending_sequence_number) {
  return Document{{"ShardId", id},
                  {"HashKeyRange", {{"StartingHashKey", start}, {"EndingHashKey", end}}},
                  {"SequenceNumberRange",
                   {{"StartingSequenceNumber", "0"},
                    {"EndingSequenceNumber", std::move(ending_sequence_number)}}}};
}

TEST(OpenShardsTest, FollowsNextTokenAndSkipsClosedShards) {
  auto mock = std::make_shared<MockKinesisConnection>();
  ::testing::InSequence pages;
  EXPECT_CALL(*mock, ListShards(Field(&kinesisctl::ListShardsRequest::stream_name, "orders")))
      .WillOnce(Return(
          Document{{"Shards", {ShardJson("shardId-000000000000", "0", "99", "500")}},  // closed
                   {"NextToken", "page-2"}}));
  EXPECT_CALL(*mock, ListShards(Field(&kinesisctl::ListShardsRequest::next_token, "page-2")))
      .WillOnce(Return(Document{
          {"Shards",
           {ShardJson("shardId-000000000001", "0", "340282366920938463463374607431768211455",
                      nullptr)}}}));  // open: a null EndingSequenceNumber is no end
  kinesisctl::Client client(mock);
  kinesisctl::StatusOr<std::vector<kinesisctl::Shard>> open = OpenShards(client, "orders");
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].shard_id, "shardId-000000000001");
  EXPECT_EQ((*open)[0].hash_key_range.ending_hash_key, kinesisctl::HashKey::Max());
}

TEST(OpenShardsTest, AMalformedAnswerIsAnErrorNamingTheField) {
  auto mock = std::make_shared<MockKinesisConnection>();
  EXPECT_CALL(*mock, ListShards(_))
      .WillOnce(
          Return(Document{{"Shards", {ShardJson("shardId-000000000000", "0", "-1", nullptr)}}}));
  kinesisctl::Client client(mock);
  kinesisctl::StatusOr<std::vector<kinesisctl::Shard>> open = OpenShards(client, "orders");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.status().code(), kinesisctl::codes::kInvalidResponse);
  EXPECT_NE(open.status().message().find("Shards[0].HashKeyRange.EndingHashKey"), std::string::npos)
      << open.status().message();
}

}  // namespace
