// PlainPutRecords: what it reads, what it declines, and that taking it never changes an answer.
// The differential test runs the same PutRecords bodies (valid ones and near misses of every
// constraint, made at random from a fixed seed) through two routers on equal fake clocks: one
// given the entries read by ParsePlainPutRecords whenever it accepts, one always given the
// parsed document; every answer (body, or error code, message and HTTP status) must be equal.
#include "server/actions/plain_put_records.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kinesisctl/clock.h"
#include "server/router.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;

TEST(PlainPutRecordsTest, ReadsEntriesAsViewsOfTheText) {
  const std::string body =
      " {\"Records\": [{\"Data\":\"aGk=\", \"PartitionKey\":\"k1\"},\n"
      "{\"PartitionKey\":\"k2\",\"ExplicitHashKey\":\"170141183460469231731687303715884105728\","
      "\"Data\":\"\"}],\t\"StreamName\":\"my.stream-1\"} ";
  const auto got = ParsePlainPutRecords(body);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->stream_name, "my.stream-1");
  ASSERT_EQ(got->records.size(), 2u);
  EXPECT_EQ(got->records[0].data, "aGk=");
  EXPECT_EQ(got->records[0].partition_key, "k1");
  EXPECT_FALSE(got->records[0].explicit_hash_key.has_value());
  EXPECT_EQ(got->records[1].data, "");
  EXPECT_EQ(got->records[1].partition_key, "k2");
  EXPECT_EQ(got->records[1].explicit_hash_key, "170141183460469231731687303715884105728");
  EXPECT_GE(got->records[0].data.data(), body.data());
  EXPECT_LT(got->records[0].data.data(), body.data() + body.size());
}

std::string Body(const std::string& records, const std::string& rest = R"("StreamName":"s")") {
  return "{" + rest + R"(,"Records":[)" + records + "]}";
}

TEST(PlainPutRecordsTest, DeclinesWhatItDoesNotReadOrWhatBreaksAConstraint) {
  const std::string ok = R"({"Data":"aGk=","PartitionKey":"k"})";
  ASSERT_TRUE(ParsePlainPutRecords(Body(ok)).has_value());
  const std::vector<std::string> declined = {
      "",
      "[]",
      "{}",
      Body(ok) + "x",
      Body(ok + ","),
      Body(""),
      Body(ok, R"("StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s")"),
      Body(ok, R"("StreamName":"s","StreamName":"s")"),
      Body(ok, R"("StreamName":"s","Extra":"x")"),
      Body(ok, R"("StreamName":"")"),
      Body(ok, R"("StreamName":"a b")"),
      Body(ok, R"("StreamName":")" + std::string(129, 'n') + "\""),
      Body(ok, R"("StreamName":null)"),
      Body(R"({"Data":"aGk=","PartitionKey":"k","Data":"aGk="})"),
      Body(R"({"Data":"aGk=","PartitionKey":""})"),
      Body(R"({"Data":"aGk=","PartitionKey":")" + std::string(257, 'k') + "\"}"),
      Body(R"({"Data":"aGk=","PartitionKey":"a\"b"})"),
      Body(R"({"Data":"aGk=","PartitionKey":"\u00e9"})"),
      Body("{\"Data\":\"aGk=\",\"PartitionKey\":\"\xc3\xa9\"}"),
      Body(R"({"Data":"aGk=","PartitionKey":1})"),
      Body(R"({"Data":"aGk=","PartitionKey":null})"),
      Body(R"({"Data":"aGk","PartitionKey":"k"})"),
      Body(R"({"Data":"a=k=","PartitionKey":"k"})"),
      Body(R"({"Data":"a-k=","PartitionKey":"k"})"),
      Body(R"({"Data":"a===","PartitionKey":"k"})"),
      Body(R"({"PartitionKey":"k"})"),
      Body(R"({"Data":"aGk="})"),
      Body(R"({"Data":"aGk=","PartitionKey":"k","ExplicitHashKey":"01"})"),
      Body(R"({"Data":"aGk=","PartitionKey":"k","ExplicitHashKey":")" + std::string(40, '1') +
           "\"}"),
      Body(R"({"Data":"aGk=","PartitionKey":"k","ExplicitHashKey":null})"),
      Body(R"({"Data":"aGk=","PartitionKey":"k","SequenceNumberForOrdering":"1"})"),
      Body(R"([{"Data":"aGk=","PartitionKey":"k"}])"),
  };
  for (const std::string& body : declined) {
    EXPECT_FALSE(ParsePlainPutRecords(body).has_value()) << body;
  }
  std::string many;
  for (int i = 0; i < 501; ++i) many += (i ? "," : "") + ok;
  EXPECT_FALSE(ParsePlainPutRecords(Body(many)).has_value());
  many = many.substr(ok.size() + 1);  // 500
  EXPECT_TRUE(ParsePlainPutRecords(Body(many)).has_value());
}

// One router and its clock; answers as text ("ok <body>" or "<code> <status> <message>").
class Side {
 public:
  explicit Side(bool plain) : plain_(plain) {
    ServerConfig config;
    config.create_delay_ms = 0;
    auto storage = OpenSqliteStorage("");
    EXPECT_TRUE(storage.ok());
    router_ = std::move(*Router::Create(config, clock_, std::move(*storage)));
    Put("CreateStream", R"({"StreamName":"s","ShardCount":3})");
    Put("CreateStream", R"({"StreamName":"t","ShardCount":1})");
    clock_.Advance(std::chrono::milliseconds(5));
  }

  std::string Put(const std::string& action, const std::string& body) {
    clock_.Advance(std::chrono::milliseconds(1));
    std::optional<PlainPutRecords> plain;
    if (plain_ && action == "PutRecords") plain = ParsePlainPutRecords(body);
    if (plain) accepted_++;
    StatusOr<std::string> answer =
        plain ? router_->Dispatch(action, "us-east-1",
                                  {{"StreamName", std::string(plain->stream_name)}},
                                  AnswerFormat::kJson, &*plain)
              : Dispatch(action, body);
    if (answer.ok()) return "ok " + *answer;
    return answer.status().code() + " " + std::to_string(answer.status().http_status()) + " " +
           answer.status().message();
  }

  int accepted() const { return accepted_; }

 private:
  StatusOr<std::string> Dispatch(const std::string& action, const std::string& body) {
    json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) return Status("SerializationException", "not an object", 400);
    return router_->Dispatch(action, "us-east-1", std::move(doc));
  }

  bool plain_;
  int accepted_ = 0;
  FakeClock clock_;
  std::unique_ptr<Router> router_;
};

// A PutRecords body made at random: mostly valid, each part sometimes a near miss.
class BodyMaker {
 public:
  std::string Make() {
    std::string records;
    const int n = Pick(20) == 0 ? 0 : 1 + Pick(6);
    for (int i = 0; i < n; ++i) records += (i ? "," : "") + EntryText();
    std::string name = Choose({"\"s\"", "\"t\"", "\"missing\"", "\"bad name\"", "\"\""});
    std::string head = "\"StreamName\":" + name;
    if (Pick(15) == 0) head += ",\"Other\":1";
    if (Pick(15) == 0) head = "\"StreamARN\":\"arn:aws:kinesis:us-east-1:000000000000:stream/s\"";
    return Pick(2) ? "{" + head + ",\"Records\":[" + records + "]}"
                   : "{ \"Records\" : [" + records + "] , " + head + " }";
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  // The first option nine times in ten, else any of them.
  std::string Choose(const std::vector<std::string>& options) {
    return Pick(10) ? options[0]
                    : options[static_cast<size_t>(Pick(static_cast<int>(options.size())))];
  }

  std::string EntryText() {
    std::string data =
        Choose({"\"aGVsbG8=\"", "\"\"", "\"aGk\"", "\"a=k=\"", "\"a-k=\"", "null", "12"});
    // Now and then 1.5 MiB of data: over a stream's default record size of 1 MiB.
    if (Pick(400) == 0) data = "\"" + std::string(1024 * 1024 * 2, 'A') + "\"";
    std::string key = Choose({"\"k" + std::to_string(Pick(1000)) + "\"", "\"\"",
                              "\"" + std::string(257, 'k') + "\"", "\"\\u00e9\"", "\"a\\\"b\"",
                              "\"\xc3\xa9\"", "null"});
    std::string entry = "\"Data\":" + data + ",\"PartitionKey\":" + key;
    if (Pick(3) == 0) {
      entry +=
          ",\"ExplicitHashKey\":" + Choose({"\"" + std::to_string(Pick(1'000'000)) + "\"", "\"01\"",
                                            "\"340282366920938463463374607431768211456\"",
                                            "\"" + std::string(40, '9') + "\"", "null"});
    }
    if (Pick(25) == 0) entry += ",\"Unknown\":\"x\"";
    return "{" + entry + "}";
  }

  std::mt19937 rng_{20261202};
};

TEST(PlainPutRecordsTest, TakingThePlainPathNeverChangesAnAnswer) {
  Side plain(true), general(false);
  BodyMaker maker;
  for (int i = 0; i < 600; ++i) {
    const std::string body = maker.Make();
    ASSERT_EQ(plain.Put("PutRecords", body), general.Put("PutRecords", body)) << body;
  }
  // Both paths were taken often enough for the comparison to mean something.
  EXPECT_GT(plain.accepted(), 100);
  EXPECT_LT(plain.accepted(), 550);
}

}  // namespace
}  // namespace kinesisctl::server
