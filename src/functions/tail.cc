// tail (kinesisctl/records.h): follows every shard of a stream with GetRecords, one iterator
// per shard, at most one call per shard per poll interval, starting the children of a split or
// merge once all their parents have been read to the end.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "functions/context.h"
#include "functions/record_reading.h"
#include "functions/results.h"
#include "functions/shard_lineage.h"
#include "functions/tail_consumer.h"
#include "kinesisctl/records.h"

namespace kinesisctl {
namespace {

using admin::DataRpc;
using admin::ErrorResult;
using admin::OkResult;
using admin::SecondsToDuration;
using Json = nlohmann::ordered_json;

using admin::ShardPhase;

// What the tail keeps per shard besides its lineage.
struct ReadState {
  std::string iterator;
  std::string last_sequence;
  StartPosition start;
  TimePoint next_call;
  int throttled = 0;
};
using Lineage = admin::ShardLineage<ReadState>;
using Shard = Lineage::Node;

bool IsThrottling(const std::string& code) {
  return code == "ProvisionedThroughputExceededException" || code == "KMSThrottlingException" ||
         code == "LimitExceededException" || code == "ThrottlingException";
}

class Tailer {
 public:
  Tailer(std::string stream, DataRpc rpc, const TailOptions& options)
      : stream_(std::move(stream)), rpc_(std::move(rpc)), o_(options) {}

  Result Run() {
    if (Status s = Setup(); !s.ok()) return Finish(s);
    TimePoint last_activity = rpc_.clock->Now();
    const Duration slice = std::chrono::milliseconds(100);
    while (true) {
      if (o_.should_stop && o_.should_stop()) return Finish(Status(), "interrupted");
      if (o_.limit && count_ >= *o_.limit) return Finish(Status(), "limit");
      Shard* next = nullptr;
      std::string next_id;
      for (auto& [id, s] : lineage_.shards()) {
        if (s.phase == ShardPhase::kReading && (!next || s.next_call < next->next_call)) {
          next = &s;
          next_id = id;
        }
      }
      if (!next) return Finish(Status(), "closed");
      const TimePoint now = rpc_.clock->Now();
      if (o_.until_idle_seconds &&
          now - last_activity >= SecondsToDuration(*o_.until_idle_seconds)) {
        return Finish(Status(), "idle");
      }
      if (next->next_call > now) {
        Duration wait = std::chrono::duration_cast<Duration>(next->next_call - now);
        if (o_.until_idle_seconds) {
          const auto idle_left = std::chrono::duration_cast<Duration>(
              last_activity + SecondsToDuration(*o_.until_idle_seconds) - now);
          wait = std::min(wait, std::max(idle_left, Duration(1)));
        }
        rpc_.sleeper->SleepFor(std::min(wait, slice));
        continue;
      }
      int64_t want = o_.records_per_call;
      if (o_.limit) want = std::min(want, *o_.limit - count_);
      StatusOr<Json> answer = rpc_.rpc->Call(
          "GetRecords", Json{{"ShardIterator", next->iterator}, {"Limit", want}}, {});
      if (!answer.ok()) {
        if (Status s = OnError(next_id, *next, answer.status()); !s.ok()) return Finish(s);
        continue;
      }
      next->throttled = 0;
      StatusOr<std::vector<ReadRecord>> records = admin::RecordsOf(*answer, next_id);
      if (!records.ok()) return Finish(records.status());
      for (const ReadRecord& r : *records) {
        if (o_.limit && count_ >= *o_.limit) break;
        if (o_.on_record) o_.on_record(r);
        next->last_sequence = r.sequence_number;
        ++count_;
      }
      if (!records->empty()) last_activity = rpc_.clock->Now();
      const auto it = answer->find("NextShardIterator");
      if (it != answer->end() && it->is_string()) {
        next->iterator = it->get<std::string>();
        next->next_call = now + SecondsToDuration(o_.poll_interval_seconds);
        continue;
      }
      // The end of a closed shard: its children may start once all their parents are done.
      next->phase = ShardPhase::kDone;
      const auto children = answer->find("ChildShards");
      if (children != answer->end() && children->is_array() && !children->empty()) {
        lineage_.Learn(admin::ShardsOfChildShards(*children));
      } else if (Status s = ListAll(); !s.ok()) {
        return Finish(s);
      }
      if (Status s = StartReady(); !s.ok()) return Finish(s);
    }
  }

 private:
  Status Setup() {
    if (o_.start != "LATEST" && o_.start != "TRIM_HORIZON" && o_.start != "AT_TIMESTAMP") {
      return InvalidInputError("start must be LATEST, TRIM_HORIZON or AT_TIMESTAMP, not '" +
                               o_.start + "'");
    }
    if (o_.start == "AT_TIMESTAMP" && !o_.timestamp) {
      return InvalidInputError("start=AT_TIMESTAMP needs timestamp=...");
    }
    if (Status s = ListAll(); !s.ok()) return s;
    for (const auto& [id, seq] : o_.after) {
      if (!lineage_.Has(id)) return InvalidInputError("after: the stream has no shard " + id);
      lineage_.MarkAncestorsDone(id);
      Shard& s = lineage_.shards()[id];
      s.start = {"AFTER_SEQUENCE_NUMBER", seq, std::nullopt};
      if (Status st = Begin(id, s); !st.ok()) return st;
    }
    if (o_.start == "LATEST") {
      if (Status st = lineage_.StartOpenAtLatest(
              [this](const std::string& id, StartPosition p) { return BeginAt(id, p); });
          !st.ok()) {
        return st;
      }
    }
    return StartReady();
  }

  // Every shard of the stream (all pages) into the lineage.
  Status ListAll() {
    Json request{{"StreamName", stream_}};
    while (true) {
      StatusOr<Json> page = rpc_.rpc->Call("ListShards", request, {});
      if (!page.ok()) return page.status();
      std::optional<std::string> token;
      lineage_.Learn(admin::ShardsOfListing(*page, token));
      if (!token) return Status();
      request = Json{{"NextToken", *token}};
    }
  }

  // Starts every waiting shard whose known parents are all read to the end.
  Status StartReady() {
    return lineage_.StartReady(
        o_.start, o_.timestamp,
        [this](const std::string& id, StartPosition p) { return BeginAt(id, p); });
  }

  Status BeginAt(const std::string& id, StartPosition position) {
    Shard& s = lineage_.shards()[id];
    s.start = std::move(position);
    return Begin(id, s);
  }

  Status Begin(const std::string& id, Shard& s) {
    StatusOr<Json> request = admin::IteratorRequest(stream_, id, s.start);
    if (!request.ok()) return request.status();
    StatusOr<Json> answer = rpc_.rpc->Call("GetShardIterator", *request, {});
    if (!answer.ok()) return answer.status();
    const auto it = answer->find("ShardIterator");
    s.phase = ShardPhase::kReading;
    s.next_call = rpc_.clock->Now();
    if (it == answer->end() || !it->is_string()) {
      s.phase = ShardPhase::kDone;  // nothing to read there
      return Status();
    }
    s.iterator = it->get<std::string>();
    shards_read_.insert(id);
    return Status();
  }

  Status OnError(const std::string& id, Shard& s, const Status& error) {
    if (IsThrottling(error.code())) {
      ++s.throttled;
      const double cap = std::min(o_.retry_max_delay_seconds,
                                  o_.retry_delay_seconds * std::pow(2.0, s.throttled - 1));
      s.next_call =
          rpc_.clock->Now() + SecondsToDuration(cap * (0.5 + 0.5 * rpc_.random->Uniform01()));
      return Status();
    }
    if (error.code() == "ExpiredIteratorException") {
      if (!s.last_sequence.empty()) s.start = {"AFTER_SEQUENCE_NUMBER", s.last_sequence, {}};
      return Begin(id, s);
    }
    return error;
  }

  Result Finish(const Status& error, const std::string& stopped = "") {
    Json shards = Json::array();
    for (const std::string& id : shards_read_) shards.push_back(id);
    Result out = OkResult(Json{{"records", count_},
                               {"shards", std::move(shards)},
                               {"stopped", stopped.empty() ? "error" : stopped}});
    if (!error.ok()) out["error"] = ErrorResult(error)["error"];
    return out;
  }

  std::string stream_;
  DataRpc rpc_;
  const TailOptions& o_;
  Lineage lineage_;
  std::set<std::string> shards_read_;
  int64_t count_ = 0;
};

}  // namespace

Result tail(std::string_view stream_name, const ConnectionParams& conn,
            const TailOptions& options) {
  return admin::GuardAnswers("tail", [&]() -> Result {
    if (options.consumer) return admin::TailWithConsumer(stream_name, conn, options);
    StatusOr<DataRpc> rpc = admin::NewDataRpc(conn);
    if (!rpc.ok()) return ErrorResult(rpc.status());
    Tailer tailer(std::string(stream_name), std::move(rpc).value(), options);
    return tailer.Run();
  });
}

}  // namespace kinesisctl
