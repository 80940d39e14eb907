// AnswerWriter: PutRecords and GetRecords answered in CBOR directly must be byte for byte what the
// transcoder (JsonTextToCbor) makes of the same answers in JSON, on the same requests. Two routers
// on equal fake clocks run the same requests, one answering JSON and one CBOR.
#include "server/actions/answer_writer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kinesisctl/clock.h"
#include "server/actions/data_codec.h"
#include "server/cbor/cbor_answer.h"
#include "server/cbor/cbor_codec.h"
#include "server/router.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

std::string AllBytes() {
  std::string out;
  for (int b = 0; b < 256; ++b) out += static_cast<char>(b);
  return out;
}

json Entry(const std::string& key, const std::string& data) {
  return {{"PartitionKey", key}, {"Data", Base64Encode(data)}};
}

// The answers of a fixed series of requests, each in `format`. Every request succeeds.
class Scenario {
 public:
  explicit Scenario(AnswerFormat format) : format_(format) {
    // Not a whole second, so arrival timestamps have fractions; limits on, so PutRecords has
    // failed entries.
    clock_.Advance(milliseconds(123));
    ServerConfig config;
    config.create_delay_ms = 0;
    config.update_delay_ms = 0;
    config.enforce_limits = true;
    auto storage = OpenSqliteStorage("");
    EXPECT_TRUE(storage.ok());
    router_ = std::move(*Router::Create(config, clock_, std::move(*storage)));
  }

  std::vector<std::string> Run() {
    Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
    Call("CreateStream", {{"StreamName", "e"}, {"ShardCount", 1}});
    clock_.Advance(milliseconds(10));
    Call("StartStreamEncryption",
         {{"StreamName", "e"}, {"EncryptionType", "KMS"}, {"KeyId", "alias/aws/kinesis"}});
    clock_.Advance(milliseconds(10));
    const std::string big(70'000, 'x');  // a byte string with a 4-byte length
    json first = json::array({Entry("binary", AllBytes()), Entry("empty", ""),
                              Entry("ключ \"quoted\" \\ \t\x01", "q"), Entry("\xff not utf-8", "r"),
                              Entry("big", big)});
    for (int i = 0; first.size() < 400; ++i) first.push_back(Entry("k" + std::to_string(i), "v"));
    Keep("PutRecords", {{"StreamName", "s"}, {"Records", first}});
    json more = json::array();
    for (int i = 0; more.size() < 400; ++i) more.push_back(Entry("m" + std::to_string(i), "w"));
    Keep("PutRecords", {{"StreamName", "s"}, {"Records", more}});
    // 1,000 records a second per shard: 200 of these are stored, 300 fail.
    json over = json::array();
    for (int i = 0; over.size() < 500; ++i) over.push_back(Entry("o" + std::to_string(i), "z"));
    Keep("PutRecords", {{"StreamName", "s"}, {"Records", over}});
    clock_.Advance(milliseconds(1857));  // a whole second: arrival timestamps without fraction
    Keep("PutRecords", {{"StreamName", "s"}, {"Records", json::array({Entry("late", "l")})}});
    Keep("PutRecords", {{"StreamName", "e"}, {"Records", json::array({Entry("enc", "e")})}});
    clock_.Advance(milliseconds(1500));

    // Behind the latest record, then the rest, then caught up with no records.
    std::string it = Iterator("s", "shardId-000000000000");
    it = Read(it, 3);
    it = Read(it, 10000);
    Read(it, 10000);
    Read(Iterator("e", "shardId-000000000000"), 10000);  // EncryptionType in records

    // A closed parent lists its children; so does a merged pair (two parent shards).
    clock_.Advance(milliseconds(1000));
    Call("SplitShard", {{"StreamName", "s"},
                        {"ShardToSplit", "shardId-000000000000"},
                        {"NewStartingHashKey", "170141183460469231731687303715884105728"}});
    clock_.Advance(milliseconds(10));
    Call("MergeShards", {{"StreamName", "s"},
                         {"ShardToMerge", "shardId-000000000001"},
                         {"AdjacentShardToMerge", "shardId-000000000002"}});
    clock_.Advance(milliseconds(10));
    Read(Iterator("s", "shardId-000000000000"), 10000);
    Read(Iterator("s", "shardId-000000000001"), 10000);
    return answers_;
  }

 private:
  std::string Call(const std::string& action, json body) {
    auto answer = router_->Dispatch(action, "us-east-1", std::move(body), format_);
    EXPECT_TRUE(answer.ok()) << action << ": " << answer.status().ToString();
    return answer.ok() ? *answer : "";
  }
  void Keep(const std::string& action, json body) {
    answers_.push_back(Call(action, std::move(body)));
  }
  // Iterators are read from a JSON answer whatever the format (the same requests, the same
  // iterators).
  std::string Iterator(const std::string& stream, const std::string& shard) {
    auto answer = router_->Dispatch(
        "GetShardIterator", "us-east-1",
        {{"StreamName", stream}, {"ShardId", shard}, {"ShardIteratorType", "TRIM_HORIZON"}});
    EXPECT_TRUE(answer.ok());
    return answer.ok() ? json::parse(*answer)["ShardIterator"].get<std::string>() : "";
  }
  // Reads a page, keeps its answer and returns the next iterator.
  std::string Read(const std::string& iterator, int limit) {
    Keep("GetRecords", {{"ShardIterator", iterator}, {"Limit", limit}});
    const std::string& text = answers_.back();
    json page;
    if (format_ == AnswerFormat::kJson) {
      page = json::parse(text);
    } else if (auto decoded = CborToJson(text); decoded.ok()) {
      page = *decoded;
    }
    pages_.push_back(page);
    return page["NextShardIterator"].is_string() ? page["NextShardIterator"].get<std::string>()
                                                 : "";
  }

 public:
  std::vector<json> pages_;  // the GetRecords pages as documents

 private:
  const AnswerFormat format_;
  FakeClock clock_;
  std::unique_ptr<Router> router_;
  std::vector<std::string> answers_;
};

TEST(AnswerWriterTest, DataPlaneAnswersInCborEqualTheTranscodedJson) {
  Scenario json_run(AnswerFormat::kJson);
  const std::vector<std::string> json_answers = json_run.Run();
  Scenario cbor_run(AnswerFormat::kCbor);
  const std::vector<std::string> cbor_answers = cbor_run.Run();
  ASSERT_EQ(json_answers.size(), 11u);
  ASSERT_EQ(cbor_answers.size(), json_answers.size());
  for (size_t i = 0; i < json_answers.size(); ++i) {
    SCOPED_TRACE("answer " + std::to_string(i) + ": " + json_answers[i].substr(0, 300));
    auto transcoded = JsonTextToCbor(json_answers[i]);
    ASSERT_TRUE(transcoded.ok());
    EXPECT_EQ(cbor_answers[i], *transcoded);
  }

  // The answers hold what they are meant to cover.
  const json over = json::parse(json_answers[2]);
  EXPECT_EQ(over["FailedRecordCount"], 300);
  EXPECT_EQ(over["Records"][199].count("SequenceNumber"), 1u);
  EXPECT_EQ(over["Records"][200]["ErrorCode"], "ProvisionedThroughputExceededException");
  const std::vector<json>& pages = json_run.pages_;
  ASSERT_EQ(pages.size(), 6u);
  ASSERT_EQ(pages[0]["Records"].size(), 3u);
  EXPECT_EQ(Base64Decode(pages[0]["Records"][0]["Data"].get<std::string>()), AllBytes());
  EXPECT_EQ(pages[0]["Records"][1]["Data"], "");
  EXPECT_EQ(pages[0]["Records"][2]["PartitionKey"], "ключ \"quoted\" \\ \t\x01");
  EXPECT_TRUE(pages[0]["Records"][0]["ApproximateArrivalTimestamp"].is_number_float());
  EXPECT_GT(pages[0]["MillisBehindLatest"], 0);
  EXPECT_EQ(pages[1]["Records"].size(), 998u);  // 400 + 400 + 200 + 1, less the first 3
  EXPECT_TRUE(pages[1]["Records"].back()["ApproximateArrivalTimestamp"].is_number_integer());
  EXPECT_EQ(pages[2]["Records"].size(), 0u);
  EXPECT_EQ(pages[3]["Records"][0]["EncryptionType"], "KMS");
  EXPECT_EQ(pages[4]["ChildShards"].size(), 2u);
  EXPECT_TRUE(pages[4]["NextShardIterator"].is_null());
  EXPECT_EQ(pages[5]["ChildShards"][0]["ParentShards"].size(), 2u);
  // CBOR specifics: the binary record is a 256-byte byte string, the big one has a 4-byte length.
  EXPECT_NE(cbor_answers[5].find(std::string("\x59\x01\x00", 3) + AllBytes()), std::string::npos);
  EXPECT_NE(cbor_answers[6].find(std::string("\x5a\x00\x01\x11\x70", 5)), std::string::npos);
}

TEST(AnswerWriterTest, WritesJsonAsJsonText) {
  AnswerWriter w(AnswerFormat::kJson);
  w.BeginMap();
  w.Key("A");
  w.BeginArray();
  w.Uint(1);
  w.Null();
  w.String("x\"y");
  w.BeginMap();
  w.EndMap();
  w.EndArray();
  w.Key("B");
  w.Timestamp(1'700'000'000'123);
  w.Key("C");
  w.Timestamp(1'700'000'000'000);
  w.Key("Data");
  w.Blob("hi");
  w.EndMap();
  EXPECT_EQ(w.Take(),
            R"({"A":[1,null,"x\"y",{}],"B":1700000000.123,"C":1700000000,"Data":"aGk="})");
}

}  // namespace
}  // namespace kinesisctl::server
