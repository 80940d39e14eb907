#include "functions/put_wire.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/base64.h"

namespace kinesisctl::admin {
namespace {

using Json = nlohmann::ordered_json;

PutEntry Entry(std::string data, std::string key, std::optional<std::string> hash = {}) {
  PutEntry e;
  e.data = std::move(data);
  e.partition_key = std::move(key);
  e.explicit_hash_key = std::move(hash);
  return e;
}

TEST(PutLaneForTest, OneKeyOneLaneAndKeysSpreadOverLanes) {
  EXPECT_EQ(PutLaneFor(Entry("a", "k"), 1), 0u);
  EXPECT_EQ(PutLaneFor(Entry("a", "k"), 0), 0u);
  std::map<size_t, int> per_lane;
  for (int i = 0; i < 1000; ++i) {
    const std::string key = "key-" + std::to_string(i);
    const size_t lane = PutLaneFor(Entry("x", key), 4);
    ASSERT_LT(lane, 4u);
    EXPECT_EQ(PutLaneFor(Entry("other data", key), 4), lane);  // the data does not matter
    ++per_lane[lane];
  }
  ASSERT_EQ(per_lane.size(), 4u);
  for (const auto& [lane, n] : per_lane) EXPECT_GT(n, 150) << lane;
}

TEST(PutLaneForTest, AnExplicitHashKeyDecidesTheLane) {
  // Records aimed at one hash key (so one shard) share a lane whatever their partition keys.
  const size_t lane = PutLaneFor(Entry("a", "k1", "12345"), 8);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(PutLaneFor(Entry("a", "k" + std::to_string(i), "12345"), 8), lane);
  }
}

TEST(ScanSimpleJsonLineTest, ReadsFlatObjectsOfPlainStrings) {
  auto f = ScanSimpleJsonLine(R"({"data": "hello", "partition_key": "k1"})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->data, "hello");
  EXPECT_EQ(f->partition_key, "k1");
  EXPECT_FALSE(f->data_base64);
  EXPECT_FALSE(f->explicit_hash_key);

  f = ScanSimpleJsonLine(
      " {\t\"explicit_hash_key\":\"9\" ,\"other\":\"x\",\"data_base64\":\"AAEC\"}\r ");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->explicit_hash_key, "9");
  EXPECT_EQ(f->data_base64, "AAEC");
  EXPECT_FALSE(f->data);

  f = ScanSimpleJsonLine("{\"data\":\"h\xc3\xa9llo\",\"partition_key\":\"\"}");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->data, "h\xc3\xa9llo");
  EXPECT_EQ(f->partition_key, "");

  f = ScanSimpleJsonLine("{}");
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->data);
}

TEST(ScanSimpleJsonLineTest, LeavesEverythingElseToTheFullParser) {
  for (const std::string line : {
           R"({"data": "a\"b", "partition_key": "k"})",      // an escape
           R"({"data": "a\u0041", "partition_key": "k"})",   // a \u escape
           R"({"data": 42, "partition_key": "k"})",          // not a string
           R"({"data": {"x": "y"}, "partition_key": "k"})",  // nested
           R"({"data": "a", "partition_key": "k"} x)",       // trailing text
           R"({"data": "a", "data": "b"})",                  // a repeated field
           R"({"data": "a",})",                              // a trailing comma
           R"({"data": "a")",                                // not closed
           R"({"data" "a"})",                                // no colon
           R"(["data", "a"])",                               // not an object
           "{\"data\": \"tab\there\"}",                      // a raw control character
           "{\"data\": \"\xff\xfe\"}",                       // invalid UTF-8
           "{\"d\xff\": \"a\"}",                             // invalid UTF-8 in a name
           "",
           "not json",
       }) {
    EXPECT_FALSE(ScanSimpleJsonLine(line)) << line;
  }
}

TEST(PutRecordsBodyTest, IsTheRequestDocumentAsText) {
  std::vector<PutEntry> entries = {Entry(std::string("\0\1\xff", 3), "k\"1"),
                                   Entry("hello", "k2", "170141183460469231731687303715884105727"),
                                   Entry("", "k3")};
  const std::string body = PutRecordsBody("my \xc3\xa9 stream", entries);
  Json want = {{"Records",
                {{{"Data", "AAH/"}, {"PartitionKey", "k\"1"}},
                 {{"Data", Base64Encode("hello")},
                  {"PartitionKey", "k2"},
                  {"ExplicitHashKey", "170141183460469231731687303715884105727"}},
                 {{"Data", ""}, {"PartitionKey", "k3"}}}},
               {"StreamName", "my \xc3\xa9 stream"}};
  EXPECT_EQ(Json::parse(body), want);
  EXPECT_EQ(body, want.dump());
}

TEST(ParsePutRecordsAnswerTest, KeepsEachRecordsOutcomeInOrder) {
  const std::string text = R"({"FailedRecordCount": 1, "EncryptionType": "NONE", "Records": [
      {"SequenceNumber": "1", "ShardId": "shardId-000000000001"},
      {"ErrorCode": "ProvisionedThroughputExceededException", "ErrorMessage": "slow down"},
      {"SequenceNumber": "3", "ShardId": "shardId-000000000000", "ErrorCode": null,
       "Extra": {"nested": [1, 2, {"ErrorCode": "not this one"}]}}]})";
  auto r = ParsePutRecordsAnswer(text, true);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_FALSE((*r)[0].failed);
  EXPECT_EQ((*r)[0].shard_id, "shardId-000000000001");
  EXPECT_EQ((*r)[0].sequence_number, "1");
  EXPECT_TRUE((*r)[1].failed);
  EXPECT_EQ((*r)[1].error_code, "ProvisionedThroughputExceededException");
  EXPECT_EQ((*r)[1].error_message, "slow down");
  EXPECT_FALSE((*r)[2].failed);  // a null ErrorCode is no error
  EXPECT_EQ((*r)[2].sequence_number, "3");

  r = ParsePutRecordsAnswer(text, false);  // without ids: outcomes only
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].sequence_number, "");
  EXPECT_TRUE((*r)[1].failed);

  r = ParsePutRecordsAnswer(R"({"Records": []})", false);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

TEST(ParsePutRecordsAnswerTest, RejectsMalformedAnswers) {
  for (const std::string text : {
           "", "not json", "[]", R"("Records")",
           R"({"FailedRecordCount": 0})",  // no Records
           R"({"Records": {}})",           // not an array
           R"({"Records": 3})",            // not an array
           R"({"Records": [1, 2]})",       // outcomes not objects
           R"({"Records": [[]]})",         // outcomes not objects
           R"({"Records": [{}], "Records": [{}]})",
           R"({"Records": [{"ShardId": "s"}])",  // truncated
       }) {
    EXPECT_FALSE(ParsePutRecordsAnswer(text, true)) << text;
  }
}

}  // namespace
}  // namespace kinesisctl::admin
