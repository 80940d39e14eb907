#include "kinesisctl/records.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/base64.h"
#include "core/event_stream_decoder.h"
#include "functions/testing/test_util.h"

namespace kinesisctl::admin {
namespace {

class RecordsTest : public AdminTest {
 protected:
  RecordsTest() {
    // Every PutRecords record succeeds unless `fail_` says otherwise for its data.
    fake().SetHandler("PutRecords", [this](const Json& request) -> StatusOr<Json> {
      Json records = Json::array();
      for (const Json& r : request["Records"]) {
        const std::string data = *Base64Decode(r["Data"].get<std::string>());
        if (fail_[data] > 0) {
          --fail_[data];
          records.push_back({{"ErrorCode", "ProvisionedThroughputExceededException"},
                             {"ErrorMessage", "slow down"}});
          continue;
        }
        sent_.push_back(data);
        records.push_back({{"SequenceNumber", std::to_string(sent_.size())},
                           {"ShardId", "shardId-000000000000"}});
      }
      return Json{{"FailedRecordCount", 0}, {"Records", records}};
    });
    fake().SetHandler("DescribeStreamSummary",
                      [](const Json&) -> StatusOr<Json> { return Summary("s", "ACTIVE"); });
  }

  int Calls(const std::string& operation) {
    int n = 0;
    for (const auto& c : fake().calls()) n += c.operation == operation ? 1 : 0;
    return n;
  }

  std::map<std::string, int> fail_;
  std::vector<std::string> sent_;
};

TEST_F(RecordsTest, BatchesByCountAndBytes) {
  std::vector<std::string> lines;
  for (int i = 0; i < 7; ++i) lines.push_back("record-" + std::to_string(i));
  PutRecordsOptions o;
  o.partition_key = "k";
  o.max_records_per_call = 3;
  Result r = put_records("s", lines, {}, o);
  EXPECT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["result"]["stored"], 7);
  EXPECT_EQ(Calls("PutRecords"), 3);  // 3 + 3 + 1
  EXPECT_EQ(sent_, lines);

  sent_.clear();
  o.max_records_per_call = 500;
  o.max_bytes_per_call = 20;  // "record-N" + "k" = 9 bytes: two per call
  r = put_records("s", lines, {}, o);
  EXPECT_EQ(r["result"]["stored"], 7);
  EXPECT_EQ(r["result"]["calls"], 4);
}

TEST_F(RecordsTest, RetriesOnlyFailedRecordsWithBackoff) {
  fail_["b"] = 2;
  PutRecordsOptions o;
  o.partition_key = "k";
  o.per_record = true;
  o.retry_delay_seconds = 1;
  Result r = put_records("s", std::vector<std::string>{"a", "b", "c"}, {}, o);
  EXPECT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["result"]["stored"], 3);
  EXPECT_EQ(sent_, (std::vector<std::string>{"a", "c", "b"}));
  // The retries carried only "b".
  ASSERT_EQ(Calls("PutRecords"), 3);
  EXPECT_EQ(fake().calls().back().request["Records"].size(), 1u);
  // Full jitter with u = 0.5: 0.5 * 1 s, then 0.5 * 2 s.
  ASSERT_EQ(clock_.sleeps().size(), 2u);
  EXPECT_EQ(clock_.sleeps()[0], std::chrono::milliseconds(500));
  EXPECT_EQ(clock_.sleeps()[1], std::chrono::milliseconds(1000));
  // Per record, in line order.
  EXPECT_EQ(r["result"]["records"][1]["line"], 2);
  EXPECT_EQ(r["result"]["records"][1]["sequence_number"], "3");
}

TEST_F(RecordsTest, GivesUpAfterMaxAttempts) {
  fail_["b"] = 100;
  PutRecordsOptions o;
  o.partition_key = "k";
  o.per_record = true;
  o.max_attempts = 3;
  Result r = put_records("s", std::vector<std::string>{"a", "b"}, {}, o);
  EXPECT_EQ(r["result"]["stored"], 1);
  EXPECT_EQ(r["result"]["failed"], 1);
  EXPECT_EQ(r["error"]["Code"], "RecordsFailed");
  EXPECT_EQ(r["result"]["records"][1]["error_code"], "ProvisionedThroughputExceededException");
  EXPECT_EQ(Calls("PutRecords"), 3);
}

TEST_F(RecordsTest, BadJsonLineStopsAfterSendingWhatCameBefore) {
  std::istringstream in(
      "{\"data\": \"one\", \"partition_key\": \"a\"}\n"
      "{\"data\": \"two\", \"partition_key\": \"b\"}\n"
      "{not json\n"
      "{\"data\": \"four\", \"partition_key\": \"d\"}\n");
  PutRecordsOptions o;
  o.format = "json";
  o.max_in_flight = 1;  // one call at a time: the order across keys is checked
  Result r = put_records("s", in, {}, o);
  EXPECT_EQ(sent_, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(r["error"]["Code"], "InvalidInput");
  EXPECT_NE(r["error"]["Message"].get<std::string>().find("line 3"), std::string::npos);
  EXPECT_EQ(r["result"]["bad_input"][0]["line"], 3);
}

TEST_F(RecordsTest, ContinueSkipsBadLines) {
  std::istringstream in(
      "{\"data\": \"one\", \"partition_key\": \"a\"}\n"
      "{\"data\": \"no key\"}\n"
      "{\"data\": \"" +
      std::string(40, 'x') +
      "\", \"partition_key\": \"c\"}\n"
      "{\"data_base64\": \"AAEC\", \"partition_key\": \"d\"}\n");
  PutRecordsOptions o;
  o.format = "json";
  o.max_in_flight = 1;  // one call at a time: the order across keys is checked
  o.continue_on_error = true;
  o.max_record_bytes = 30;
  Result r = put_records("s", in, {}, o);
  EXPECT_EQ(sent_, (std::vector<std::string>{"one", std::string("\0\1\2", 3)}));
  EXPECT_EQ(r["result"]["skipped"], 2);
  EXPECT_EQ(r["result"]["bad_input"][0]["line"], 2);
  EXPECT_NE(r["result"]["bad_input"][0]["message"].get<std::string>().find("partition key"),
            std::string::npos);
  EXPECT_EQ(r["result"]["bad_input"][1]["line"], 3);
  EXPECT_NE(r["result"]["bad_input"][1]["message"].get<std::string>().find("over the limit"),
            std::string::npos);
}

// A Sleeper and a Random that several threads may use at once (the fixture's fakes are not).
class LockedTime final : public Sleeper, public Random {
 public:
  LockedTime(FakeClock& clock, Random& random) : clock_(clock), random_(random) {}
  void SleepFor(Duration d) override {
    std::lock_guard<std::mutex> lock(mu_);
    clock_.SleepFor(d);
  }
  double Uniform01() override {
    std::lock_guard<std::mutex> lock(mu_);
    return random_.Uniform01();
  }

 private:
  std::mutex mu_;
  FakeClock& clock_;
  Random& random_;
};

TEST_F(RecordsTest, CallsInFlightKeepEachKeysOrderAndStoreEveryRecordOnce) {
  LockedTime time(clock_, random_);
  ScopedTestContext scope(
      [this](const ConnectionParams&, Clock&, Sleeper&,
             Random&) -> StatusOr<std::unique_ptr<aws::JsonRpc>> {
        ++connections_created_;
        return std::unique_ptr<aws::JsonRpc>(std::make_unique<ForwardingRpc>(fake_, &fake_mu_));
      },
      clock_, time, time);
  // 600 records over 9 keys, every 7th failing once and every 50th twice: retried, never twice
  // stored, and each key's records stored in input order.
  std::vector<std::string> lines;
  for (int i = 0; i < 600; ++i) {
    const std::string data = std::to_string(i);
    lines.push_back(R"({"data": ")" + data + R"(", "partition_key": "p)" + std::to_string(i % 9) +
                    R"("})");
    if (i % 7 == 0) fail_[data] = 1;
    if (i % 50 == 0) fail_[data] = 2;
  }
  std::set<std::string> flaky;
  for (const auto& [data, n] : fail_) flaky.insert(data);
  PutRecordsOptions o;
  o.format = "json";
  o.per_record = true;
  o.max_records_per_call = 20;
  o.max_in_flight = 4;
  Result r = put_records("s", lines, {}, o);
  EXPECT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["result"]["stored"], 600);
  EXPECT_EQ(r["result"]["failed"], 0);
  EXPECT_EQ(connections_created_, 4);
  ASSERT_EQ(sent_.size(), 600u);
  std::vector<std::string> sorted = sent_;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());  // each once
  std::map<int, std::vector<int>> by_key;
  for (const std::string& d : sent_) by_key[std::stoi(d) % 9].push_back(std::stoi(d));
  ASSERT_EQ(by_key.size(), 9u);
  for (const auto& [key, numbers] : by_key) {
    // In order, but for the retried records: a failed record goes again after the rest of its
    // batch (as with one call in flight). Never before an earlier batch of its key, though.
    for (size_t i = 1; i < numbers.size(); ++i) {
      if (flaky.count(std::to_string(numbers[i - 1])) == 0 &&
          flaky.count(std::to_string(numbers[i])) == 0) {
        EXPECT_LT(numbers[i - 1], numbers[i]) << "key p" << key;
      }
    }
  }
  // Per record, in line order, each with its sequence number.
  ASSERT_EQ(r["result"]["records"].size(), 600u);
  for (int i = 0; i < 600; ++i) {
    EXPECT_EQ(r["result"]["records"][i]["line"], i + 1);
    EXPECT_EQ(sent_[std::stoi(r["result"]["records"][i]["sequence_number"].get<std::string>()) - 1],
              std::to_string(i));
  }
}

TEST_F(RecordsTest, ACallFailingOutrightStopsEveryLane) {
  fake().SetHandler("PutRecords", [](const Json&) -> StatusOr<Json> {
    return Status("AccessDeniedException", "no");
  });
  std::vector<std::string> lines;
  for (int i = 0; i < 100; ++i) {
    lines.push_back(R"({"data": "x", "partition_key": "p)" + std::to_string(i) + R"("})");
  }
  PutRecordsOptions o;
  o.format = "json";
  o.max_records_per_call = 5;
  o.max_in_flight = 4;
  Result r = put_records("s", lines, {}, o);
  EXPECT_EQ(r["error"]["Code"], "AccessDeniedException");
  EXPECT_EQ(r["result"]["stored"], 0);
  // Only the calls already started failed; the rest of the input was not sent.
  EXPECT_LE(Calls("PutRecords"), 8);
  EXPECT_EQ(r["result"]["failed"].get<int>(), 5 * Calls("PutRecords"));
}

TEST_F(RecordsTest, InFlightOutOfRangeIsBadInput) {
  PutRecordsOptions o;
  o.partition_key = "k";
  o.max_in_flight = 0;
  EXPECT_EQ(put_records("s", std::vector<std::string>{"a"}, {}, o)["error"]["Code"],
            "InvalidInput");
  o.max_in_flight = 17;
  EXPECT_EQ(put_records("s", std::vector<std::string>{"a"}, {}, o)["error"]["Code"],
            "InvalidInput");
  o.max_in_flight = 1;
  o.partition_key = "\xff";
  Result r = put_records("s", std::vector<std::string>{"a"}, {}, o);
  EXPECT_EQ(r["error"]["Code"], "InvalidInput");
  EXPECT_TRUE(sent_.empty());
}

TEST_F(RecordsTest, StreamMaxRecordSizeIsTheDefaultLimit) {
  fake().SetHandler("DescribeStreamSummary", [](const Json&) -> StatusOr<Json> {
    Json s = Summary("s", "ACTIVE");
    s["StreamDescriptionSummary"]["MaxRecordSizeInKiB"] = 1;
    return s;
  });
  PutRecordsOptions o;
  o.partition_key = "k";
  Result r = put_records("s", std::vector<std::string>{std::string(1024, 'x')}, {}, o);
  EXPECT_EQ(r["error"]["Code"], "InvalidInput");
  EXPECT_TRUE(sent_.empty());
}

TEST_F(RecordsTest, RecordToJsonUsesTextOrBase64) {
  ReadRecord rec{"shardId-1", "42", "k", 1700000000.25, "h\xc3\xa9llo"};
  Result j = RecordToJson(rec);
  EXPECT_EQ(j["data"], "h\xc3\xa9llo");
  EXPECT_EQ(j["encoding"], "utf-8");
  EXPECT_EQ(j["arrival"], "2023-11-14T22:13:20.250Z");
  rec.data = std::string("\xff\x00", 2);
  j = RecordToJson(rec);
  EXPECT_EQ(j["data"], "/wA=");
  EXPECT_EQ(j["encoding"], "base64");
}

// Found by the functions fuzz target: an answer's numbers are not bounded. An arrival time past
// year 9999 was cast to time_t, and a MaxRecordSizeInKiB near 2^63 multiplied by 1024 (both
// undefined behaviour, reported by UBSan).
TEST_F(RecordsTest, AnswerNumbersOutOfRange) {
  ReadRecord rec{"shardId-1", "42", "k", 1e300, "x"};
  EXPECT_EQ(RecordToJson(rec)["arrival"], "1e+300");
  fake().SetHandler("DescribeStreamSummary", [](const Json&) -> StatusOr<Json> {
    Json s = Summary("s", "ACTIVE");
    s["StreamDescriptionSummary"]["MaxRecordSizeInKiB"] = int64_t{1} << 62;
    return s;
  });
  PutRecordsOptions o;
  o.partition_key = "k";
  Result r = put_records("s", std::vector<std::string>{"a"}, {}, o);
  EXPECT_EQ(r["result"]["stored"], 1) << r.dump();
}

// A two-level stream: shardId-0 split into shardId-1 and shardId-2 (children found through
// ChildShards when `child_shards`, else through ListShards).
class TailTest : public AdminTest, public ::testing::WithParamInterface<bool> {
 protected:
  TailTest() {
    fake().SetHandler("ListShards", [](const Json&) -> StatusOr<Json> {
      Json shards = Json::array();
      shards.push_back(Shard("shardId-0", "0", "100", true));
      Json c1 = Shard("shardId-1", "0", "49");
      c1["ParentShardId"] = "shardId-0";
      Json c2 = Shard("shardId-2", "50", "100");
      c2["ParentShardId"] = "shardId-0";
      shards.push_back(c1);
      shards.push_back(c2);
      return Json{{"Shards", shards}};
    });
    fake().SetHandler("GetShardIterator", [](const Json& r) -> StatusOr<Json> {
      return Json{{"ShardIterator", r["ShardId"].get<std::string>() + "/0"}};
    });
    fake().SetHandler("GetRecords", [this](const Json& r) -> StatusOr<Json> {
      const std::string it = r["ShardIterator"];
      const std::string shard = it.substr(0, it.find('/'));
      const int page = std::stoi(it.substr(it.find('/') + 1));
      if (shard == "shardId-1" && throttle_ > 0) {
        --throttle_;
        return Status("ProvisionedThroughputExceededException", "too fast");
      }
      Json out{{"Records", Json::array()}, {"MillisBehindLatest", 0}};
      if (page < 2) {
        out["Records"].push_back({{"SequenceNumber", shard + "-" + std::to_string(page)},
                                  {"PartitionKey", "k"},
                                  {"ApproximateArrivalTimestamp", 1700000000},
                                  {"Data", Base64Encode("d")}});
      }
      if (shard == "shardId-0" && page == 2) {  // the end of the closed parent
        if (GetParam()) {
          out["ChildShards"] =
              Json::array({{{"ShardId", "shardId-1"}, {"ParentShards", {"shardId-0"}}},
                           {{"ShardId", "shardId-2"}, {"ParentShards", {"shardId-0"}}}});
        }
        return out;
      }
      out["NextShardIterator"] = shard + "/" + std::to_string(page + 1);
      return out;
    });
  }
  int throttle_ = 0;
};

TEST_P(TailTest, ReadsParentBeforeChildrenAndStopsWhenIdle) {
  std::vector<std::string> seen;
  TailOptions o;
  o.start = "TRIM_HORIZON";
  o.until_idle_seconds = 2;
  o.on_record = [&](const ReadRecord& r) { seen.push_back(r.sequence_number); };
  throttle_ = 2;
  Result r = tail("s", {}, o);
  EXPECT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["result"]["stopped"], "idle");
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen[0], "shardId-0-0");
  EXPECT_EQ(seen[1], "shardId-0-1");
  std::vector<std::string> children(seen.begin() + 2, seen.end());
  std::sort(children.begin(), children.end());
  EXPECT_EQ(children,
            (std::vector<std::string>{"shardId-1-0", "shardId-1-1", "shardId-2-0", "shardId-2-1"}));
  // No shard was called more often than every poll interval: the fake clock only moves by
  // sleeping, and the throttled shard waited its backoff.
  EXPECT_GE(clock_.Now() - TimePoint(std::chrono::seconds(1'700'000'000)), std::chrono::seconds(2));
}

TEST_P(TailTest, LimitAndStopRequest) {
  int n = 0;
  TailOptions o;
  o.start = "TRIM_HORIZON";
  o.limit = 3;
  o.on_record = [&](const ReadRecord&) { ++n; };
  Result r = tail("s", {}, o);
  EXPECT_EQ(r["result"]["stopped"], "limit");
  EXPECT_EQ(n, 3);

  o.limit.reset();
  o.should_stop = [&] { return n >= 4; };
  r = tail("s", {}, o);
  EXPECT_EQ(r["result"]["stopped"], "interrupted");
}

TEST_P(TailTest, LatestSkipsClosedShards) {
  std::vector<std::string> shards;
  TailOptions o;
  o.until_idle_seconds = 1;
  o.on_record = [&](const ReadRecord& r) { shards.push_back(r.shard_id); };
  Result r = tail("s", {}, o);
  for (const auto& c : fake().calls()) {
    if (c.operation == "GetShardIterator") {
      EXPECT_NE(c.request["ShardId"], "shardId-0");
      EXPECT_EQ(c.request["ShardIteratorType"], "LATEST");
    }
  }
  EXPECT_EQ(std::count(shards.begin(), shards.end(), "shardId-0"), 0);
}

INSTANTIATE_TEST_SUITE_P(ChildShardsOrListShards, TailTest, ::testing::Bool());

}  // namespace
}  // namespace kinesisctl::admin

namespace kinesisctl::admin {
namespace {

// A JsonRpc whose SubscribeToShard answers come from a script of event-stream bytes per shard.
class StreamingRpc : public ForwardingRpc {
 public:
  StreamingRpc(FakeJsonRpc& target, std::map<std::string, std::string>& streams)
      : ForwardingRpc(target), streams_(streams) {}
  Status CallStreaming(std::string_view operation, const Json& request, Duration,
                       const std::function<bool(std::string_view)>& on_body) override {
    if (operation != "SubscribeToShard") return Status("Unimplemented", "");
    const std::string shard = request["ShardId"];
    const std::string bytes = streams_[shard];
    // In small pieces, with heartbeats, then the service ends the subscription.
    for (size_t i = 0; i < bytes.size(); i += 5) {
      if (!on_body(std::string_view()) || !on_body(std::string_view(bytes).substr(i, 5))) {
        return Status();
      }
    }
    return Status("ResourceNotFoundException", "subscription of " + shard + " ran out of script");
  }

 private:
  std::map<std::string, std::string>& streams_;
};

std::string Message(const std::string& event_type, const std::string& payload) {
  // :message-type event, :event-type EVENT_TYPE (string headers), then the payload; CRCs.
  std::string headers;
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {":message-type", "event"}, {":event-type", event_type}}) {
    headers.push_back(static_cast<char>(k.size()));
    headers += k;
    headers.push_back(7);
    headers.push_back(static_cast<char>(v.size() >> 8));
    headers.push_back(static_cast<char>(v.size() & 0xff));
    headers += v;
  }
  auto u32 = [](std::string& out, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xff));
  };
  std::string out;
  u32(out, static_cast<uint32_t>(16 + headers.size() + payload.size()));
  u32(out, static_cast<uint32_t>(headers.size()));
  u32(out, EventStreamCrc32(out));
  out += headers + payload;
  u32(out, EventStreamCrc32(out));
  return out;
}

std::string Event(const std::string& shard, std::vector<int> numbers, bool end) {
  Json records = Json::array();
  for (int n : numbers) {
    records.push_back({{"SequenceNumber", std::to_string(n)},
                       {"PartitionKey", "k"},
                       {"ApproximateArrivalTimestamp", 1700000000},
                       {"Data", Base64Encode(shard + "-" + std::to_string(n))}});
  }
  Json event{{"Records", records}, {"MillisBehindLatest", 0}};
  if (end) {
    event["ChildShards"] = Json::array({{{"ShardId", "shardId-1"}, {"ParentShards", {shard}}}});
  } else {
    event["ContinuationSequenceNumber"] = numbers.empty() ? "0" : std::to_string(numbers.back());
  }
  return Message("SubscribeToShardEvent", event.dump());
}

class ConsumerTailTest : public ::testing::Test {
 protected:
  ConsumerTailTest()
      : random_({0.5}),
        scope_(
            [this](const ConnectionParams&, Clock&, Sleeper&,
                   Random&) -> StatusOr<std::unique_ptr<aws::JsonRpc>> {
              return std::unique_ptr<aws::JsonRpc>(std::make_unique<StreamingRpc>(fake_, streams_));
            },
            clock_, clock_, random_) {
    fake_.SetHandler("DescribeStreamSummary", [](const Json&) -> StatusOr<Json> {
      return AdminTest::Summary("s", "ACTIVE");
    });
    fake_.SetHandler("DescribeStreamConsumer", [](const Json&) -> StatusOr<Json> {
      return Json{
          {"ConsumerDescription", {{"ConsumerARN", "arn:consumer"}, {"ConsumerStatus", "ACTIVE"}}}};
    });
    fake_.SetHandler("ListShards", [](const Json&) -> StatusOr<Json> {
      Json child = AdminTest::Shard("shardId-1", "0", "100");
      child["ParentShardId"] = "shardId-0";
      return Json{{"Shards", {AdminTest::Shard("shardId-0", "0", "100", true), child}}};
    });
  }
  FakeClock clock_;
  SequenceRandom random_;
  FakeJsonRpc fake_;
  std::map<std::string, std::string> streams_;
  ScopedTestContext scope_;
};

TEST_F(ConsumerTailTest, ReadsParentThenChildFromChildShards) {
  streams_["shardId-0"] = Message("initial-response", "{}") + Event("shardId-0", {1, 2}, false) +
                          Event("shardId-0", {3}, true);
  streams_["shardId-1"] = Event("shardId-1", {4, 5}, false);
  std::vector<std::string> seen;
  TailOptions o;
  o.start = "TRIM_HORIZON";
  o.consumer = "app";
  o.limit = 5;
  o.on_record = [&](const ReadRecord& r) { seen.push_back(r.data); };
  Result r = tail("s", {}, o);
  EXPECT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["result"]["stopped"], "limit");
  EXPECT_EQ(seen, (std::vector<std::string>{"shardId-0-1", "shardId-0-2", "shardId-0-3",
                                            "shardId-1-4", "shardId-1-5"}));
}

TEST_F(ConsumerTailTest, CorruptStreamIsAnError) {
  std::string bytes = Event("shardId-0", {1}, false);
  bytes[bytes.size() - 1] ^= 1;
  streams_["shardId-0"] = bytes;
  TailOptions o;
  o.start = "TRIM_HORIZON";
  o.consumer = "app";
  o.limit = 5;
  Result r = tail("s", {}, o);
  EXPECT_EQ(r["error"]["Code"], "InvalidResponse") << r.dump();
  EXPECT_NE(r["error"]["Message"].get<std::string>().find("CRC"), std::string::npos);
}

}  // namespace
}  // namespace kinesisctl::admin
