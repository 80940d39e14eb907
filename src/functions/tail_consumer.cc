// tail through an enhanced fan-out consumer (kinesisctl/records.h, TailOptions::consumer): one
// thread per shard being read holds a SubscribeToShard subscription, decodes its event stream
// and renews it where it ended; the calling thread starts children once their parents are done
// and decides when to stop. Records are handed to on_record under one mutex.
#include "functions/tail_consumer.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/event_stream_decoder.h"
#include "core/log.h"
#include "functions/context.h"
#include "functions/record_reading.h"
#include "functions/results.h"
#include "functions/shard_lineage.h"

namespace kinesisctl::admin {
namespace {

using Json = nlohmann::ordered_json;

// What the consumer tail keeps per shard besides its lineage.
struct SubscriptionState {
  // For services that send no ChildShards at a shard's end: the reader has seen empty events
  // at the tip (caught_up), and after a listing showed the shard closed, that many more.
  bool caught_up = false;
  int empty_after_closed = 0;
};
using Lineage = ShardLineage<SubscriptionState>;
using ShardInfo = Lineage::Node;

class ConsumerTailer {
 public:
  ConsumerTailer(std::string stream, const ConnectionParams& conn, const TailOptions& o)
      : stream_(std::move(stream)), conn_(conn), o_(o) {}

  ~ConsumerTailer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    for (auto& t : threads_) t.join();
  }

  Result Run() {
    StatusOr<DataRpc> rpc = NewDataRpc(conn_);
    if (!rpc.ok()) return Finish(rpc.status(), "error");
    main_ = std::move(rpc).value();
    if (Status s = Setup(); !s.ok()) return Finish(s, "error");
    TimePoint last_seen_activity = main_.clock->Now();
    TimePoint last_listing = last_seen_activity;
    int64_t last_count = 0;
    while (true) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(100));
      if (!error_.ok()) return FinishLocked(lock, error_, "error");
      if (o_.should_stop && o_.should_stop()) return FinishLocked(lock, Status(), "interrupted");
      if (o_.limit && count_ >= *o_.limit) return FinishLocked(lock, Status(), "limit");
      const TimePoint now = main_.clock->Now();
      if (count_ != last_count) {
        last_count = count_;
        last_seen_activity = now;
      }
      if (o_.until_idle_seconds &&
          now - last_seen_activity >= SecondsToDuration(*o_.until_idle_seconds)) {
        return FinishLocked(lock, Status(), "idle");
      }
      if (!ended_.empty()) {
        std::vector<std::pair<std::string, Json>> ended = std::move(ended_);
        ended_.clear();
        for (auto& [id, children] : ended) {
          lineage_.shards()[id].phase = ShardPhase::kDone;
          lineage_.Learn(ShardsOfChildShards(children));
          if (children.empty()) {
            lock.unlock();
            Status s = ListAll();
            lock.lock();
            if (!s.ok()) return FinishLocked(lock, s, "error");
          }
        }
        StartReady();
      }
      bool reading = false;
      bool caught_up = false;
      for (const auto& [id, s] : lineage_.shards()) {
        reading = reading || s.phase == ShardPhase::kReading;
        caught_up = caught_up || (s.phase == ShardPhase::kReading && s.caught_up && !s.closed);
      }
      if (!reading) return FinishLocked(lock, Status(), "closed");
      if (caught_up && now - last_listing >= std::chrono::seconds(1)) {
        last_listing = now;
        lock.unlock();
        Status s = ListAll();
        lock.lock();
        if (!s.ok()) return FinishLocked(lock, s, "error");
      }
    }
  }

 private:
  Status Setup() {
    StatusOr<Json> summary =
        main_.rpc->Call("DescribeStreamSummary", Json{{"StreamName", stream_}}, {});
    if (!summary.ok()) return summary.status();
    const std::string arn = (*summary)["StreamDescriptionSummary"].value("StreamARN", "");
    StatusOr<Json> consumer = main_.rpc->Call(
        "DescribeStreamConsumer", Json{{"StreamARN", arn}, {"ConsumerName", *o_.consumer}}, {});
    if (!consumer.ok()) return consumer.status();
    const Json& d = (*consumer)["ConsumerDescription"];
    consumer_arn_ = d.value("ConsumerARN", "");
    if (d.value("ConsumerStatus", "") != "ACTIVE") {
      return Status(
          "ResourceInUseException",
          "consumer " + *o_.consumer + " is " + d.value("ConsumerStatus", "") + ", not ACTIVE yet");
    }
    if (Status s = ListAll(); !s.ok()) return s;
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, seq] : o_.after) {
      if (!lineage_.Has(id)) return InvalidInputError("after: the stream has no shard " + id);
      lineage_.MarkAncestorsDone(id);
      Launch(id, {"AFTER_SEQUENCE_NUMBER", seq, std::nullopt});
    }
    if (o_.start == "LATEST") {
      lineage_.StartOpenAtLatest([this](const std::string& id, StartPosition p) {
        Launch(id, std::move(p));
        return Status();
      });
    }
    StartReady();
    return Status();
  }

  Status ListAll() {
    Json request{{"StreamName", stream_}};
    while (true) {
      StatusOr<Json> page = main_.rpc->Call("ListShards", request, {});
      if (!page.ok()) return page.status();
      std::optional<std::string> token;
      std::vector<ShardSighting> shards = ShardsOfListing(*page, token);
      {
        std::lock_guard<std::mutex> lock(mu_);
        lineage_.Learn(std::move(shards));
      }
      if (!token) return Status();
      request = Json{{"NextToken", *token}};
    }
  }

  // With mu_ held.
  void StartReady() {
    lineage_.StartReady(o_.start, o_.timestamp, [this](const std::string& id, StartPosition p) {
      Launch(id, std::move(p));
      return Status();
    });
  }

  // With mu_ held.
  void Launch(const std::string& id, StartPosition start) {
    lineage_.shards()[id].phase = ShardPhase::kReading;
    shards_read_.insert(id);
    threads_.emplace_back([this, id, start] { Read(id, start); });
  }

  void Fail(const Status& s) {
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.ok()) error_ = s;
    cv_.notify_all();
  }

  // One shard's worker: subscriptions until the shard ends, the tail stops or an error.
  void Read(const std::string& id, StartPosition position) {
    StatusOr<DataRpc> rpc = NewDataRpc(conn_);
    if (!rpc.ok()) return Fail(rpc.status());
    int busy = 0;
    while (true) {
      Json start{{"Type", position.type}};
      if (position.sequence_number) start["SequenceNumber"] = *position.sequence_number;
      if (position.timestamp) start["Timestamp"] = *position.timestamp;
      EventStreamDecoder decoder;
      bool ended = false;
      Json children = Json::array();
      std::optional<std::string> continuation;
      Status stream_error;
      const auto read_events = [&](std::string_view piece) -> bool {
        {
          std::lock_guard<std::mutex> lock(mu_);
          if (stop_) return false;
        }
        if (piece.empty()) return true;
        StatusOr<std::vector<EventMessage>> messages = decoder.Feed(piece);
        if (!messages.ok()) {
          stream_error = messages.status();
          return false;
        }
        for (const EventMessage& m : *messages) {
          if (m.Header(":message-type") == "exception") {
            const Json body = Json::parse(m.payload, nullptr, false);
            stream_error = Status(m.Header(":exception-type"),
                                  body.is_object() ? body.value("message", m.payload) : m.payload);
            return false;
          }
          if (m.Header(":event-type") != "SubscribeToShardEvent") continue;
          const Json event = Json::parse(m.payload, nullptr, false);
          if (!event.is_object()) {
            stream_error = Status("InvalidResponse", "SubscribeToShardEvent is not JSON");
            return false;
          }
          StatusOr<std::vector<ReadRecord>> records = RecordsOf(event, id);
          if (!records.ok()) {
            stream_error = records.status();
            return false;
          }
          std::lock_guard<std::mutex> lock(mu_);
          ShardInfo& info = lineage_.shards()[id];
          const int64_t behind = event.value("MillisBehindLatest", int64_t{0});
          LogDebug("SubscribeToShard " + id + ": " + std::to_string(records->size()) +
                   " records, " + std::to_string(behind) + " ms behind" +
                   (event.contains("ChildShards") ? ", ChildShards " + event["ChildShards"].dump()
                                                  : ""));
          info.caught_up = records->empty() && behind == 0;
          if (!info.caught_up) info.empty_after_closed = 0;
          if (info.caught_up && info.closed && ++info.empty_after_closed >= 2) {
            ended = true;  // read to the end of a closed shard; children from ListShards
            cv_.notify_all();
            return false;
          }
          for (const ReadRecord& r : *records) {
            if (stop_ || (o_.limit && count_ >= *o_.limit)) break;
            if (o_.on_record) o_.on_record(r);
            ++count_;
          }
          const auto c = event.find("ContinuationSequenceNumber");
          if (c != event.end() && c->is_string()) continuation = c->get<std::string>();
          const auto kids = event.find("ChildShards");
          // Child shards come only with the end of the shard (some services still send a
          // continuation sequence number there).
          if (kids != event.end() && kids->is_array() && !kids->empty()) {
            children = *kids;
            ended = true;
          }
          cv_.notify_all();
          if (ended || (o_.limit && count_ >= *o_.limit)) return false;
        }
        return true;
      };
      // An event of a shape the reader did not expect ends this shard's reading with an error;
      // it must not escape this thread.
      const auto on_body = [&](std::string_view piece) -> bool {
        try {
          return read_events(piece);
        } catch (const nlohmann::json::exception& e) {
          stream_error =
              Status(codes::kInvalidResponse,
                     std::string("unexpected SubscribeToShard event (") + e.what() + ")");
          return false;
        }
      };
      Status s = rpc->rpc->CallStreaming(
          "SubscribeToShard",
          Json{{"ConsumerARN", consumer_arn_}, {"ShardId", id}, {"StartingPosition", start}},
          SecondsToDuration(o_.subscription_timeout_seconds), on_body);
      if (s.ok()) s = stream_error;
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (stop_) return;
        if (ended) {
          ended_.emplace_back(id, std::move(children));
          cv_.notify_all();
          return;
        }
      }
      if (!s.ok()) {
        // The previous subscription of this consumer and shard may still be open, or the
        // consumer is throttled: wait and subscribe again.
        if ((s.code() == "ResourceInUseException" || s.code() == "LimitExceededException") &&
            ++busy < 20) {
          rpc->sleeper->SleepFor(SecondsToDuration(o_.retry_delay_seconds));
          continue;
        }
        return Fail(s);
      }
      busy = 0;
      // The subscription ended (AWS ends each after 5 minutes): renew where it stopped.
      if (continuation) position = {"AFTER_SEQUENCE_NUMBER", continuation, std::nullopt};
    }
  }

  Result Finish(const Status& error, const std::string& stopped) {
    std::unique_lock<std::mutex> lock(mu_);
    return FinishLocked(lock, error, stopped);
  }

  Result FinishLocked(std::unique_lock<std::mutex>& lock, const Status& error,
                      const std::string& stopped) {
    stop_ = true;
    const int64_t count = count_;
    Json shards = Json::array();
    for (const std::string& id : shards_read_) shards.push_back(id);
    lock.unlock();
    for (auto& t : threads_) t.join();
    threads_.clear();
    Result out =
        OkResult(Json{{"records", count}, {"shards", std::move(shards)}, {"stopped", stopped}});
    if (!error.ok()) out["error"] = ErrorResult(error)["error"];
    return out;
  }

  std::string stream_;
  ConnectionParams conn_;
  const TailOptions& o_;
  DataRpc main_;
  std::string consumer_arn_;
  std::mutex mu_;
  std::condition_variable cv_;
  Lineage lineage_;
  std::set<std::string> shards_read_;
  std::vector<std::pair<std::string, Json>> ended_;
  std::vector<std::thread> threads_;
  int64_t count_ = 0;
  bool stop_ = false;
  Status error_;
};

}  // namespace

Result TailWithConsumer(std::string_view stream_name, const ConnectionParams& conn,
                        const TailOptions& options) {
  ConsumerTailer tailer(std::string(stream_name), conn, options);
  return tailer.Run();
}

}  // namespace kinesisctl::admin
