// put_record and put_records (kinesisctl/records.h): input parsing, batching by Kinesis's
// limits, and the retry of only the records a PutRecords answer failed.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <future>
#include <limits>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/base64.h"
#include "core/seconds_text.h"
#include "functions/context.h"
#include "functions/put_wire.h"
#include "functions/results.h"
#include "kinesis/json_rpc.h"
#include "kinesisctl/records.h"

namespace kinesisctl {
namespace {

using admin::DataRpc;
using admin::ErrorResult;
using admin::OkResult;
using Json = nlohmann::ordered_json;

using Entry = admin::PutEntry;

Duration Seconds(double s) { return SecondsToDuration(s); }

// One input line as a record, or the reason it is bad input.
StatusOr<Entry> ParseLine(const std::string& line, int64_t number, const PutRecordsOptions& o,
                          int64_t max_record_bytes) {
  Entry e;
  e.line = number;
  e.explicit_hash_key = o.explicit_hash_key;
  std::optional<std::string> key = o.partition_key;
  if (o.format == "json") {
    if (std::optional<admin::JsonLineFields> f = admin::ScanSimpleJsonLine(line)) {
      // The common case, read without a JSON document; the same rules as below.
      if (f->data_base64) {
        std::optional<std::string> bytes = Base64Decode(*f->data_base64);
        if (!bytes) {
          return InvalidInputError("line " + std::to_string(number) +
                                   ": data_base64 is not valid base64");
        }
        e.data = std::move(*bytes);
      } else if (f->data) {
        e.data = std::string(*f->data);
      } else {
        return InvalidInputError("line " + std::to_string(number) + ": no \"data\" field");
      }
      if (f->partition_key) key = std::string(*f->partition_key);
      if (f->explicit_hash_key) e.explicit_hash_key = std::string(*f->explicit_hash_key);
    } else {
      const Json doc = Json::parse(line, nullptr, false);
      if (doc.is_discarded() || !doc.is_object()) {
        return InvalidInputError("line " + std::to_string(number) + ": not a JSON object");
      }
      if (doc.contains("data_base64")) {
        const Json& b = doc["data_base64"];
        std::optional<std::string> bytes =
            b.is_string() ? Base64Decode(b.get<std::string>()) : std::nullopt;
        if (!bytes) {
          return InvalidInputError("line " + std::to_string(number) +
                                   ": data_base64 is not valid base64");
        }
        e.data = std::move(*bytes);
      } else if (doc.contains("data")) {
        const Json& d = doc["data"];
        e.data = d.is_string() ? d.get<std::string>() : d.dump();
      } else {
        return InvalidInputError("line " + std::to_string(number) + ": no \"data\" field");
      }
      for (const char* name : {"partition_key", "explicit_hash_key"}) {
        if (!doc.contains(name)) continue;
        const Json& v = doc[name];
        if (!v.is_string()) {
          return InvalidInputError("line " + std::to_string(number) + ": " + name +
                                   " must be a string");
        }
        (std::string(name) == "partition_key" ? key : e.explicit_hash_key) = v.get<std::string>();
      }
    }
  } else {
    e.data = line;
  }
  if (!key || key->empty()) {
    return InvalidInputError("line " + std::to_string(number) + ": missing partition key" +
                             (o.format == "json" ? " (no partition_key field and no default)"
                                                 : " (give partition_key=KEY)"));
  }
  if (Utf8Length(*key) > kMaxPartitionKeyChars) {
    return InvalidInputError("line " + std::to_string(number) + ": partition key longer than " +
                             std::to_string(kMaxPartitionKeyChars) + " characters");
  }
  e.partition_key = std::move(*key);
  if (e.size() > max_record_bytes) {
    return InvalidInputError("line " + std::to_string(number) + ": record of " +
                             std::to_string(e.size()) + " bytes (data + partition key) is over " +
                             "the limit of " + std::to_string(max_record_bytes) + " bytes");
  }
  return e;
}

// Batches records into lanes (admin::PutLaneFor) and keeps one PutRecords call in flight per
// lane, each on its own connection: records of one partition key never sit in two calls at once,
// so they are stored in input order, while the lanes' calls overlap with each other and with the
// reading of the input. A lane's batch is retried (its failed records only) before the lane's next
// batch goes out.
class Putter {
 public:
  Putter(std::string stream, std::vector<DataRpc> rpcs, const PutRecordsOptions& options)
      : stream_(std::move(stream)), o_(options), lanes_(rpcs.size()) {
    for (size_t i = 0; i < rpcs.size(); ++i) lanes_[i].rpc = std::move(rpcs[i]);
  }

  int64_t MaxRecordBytes() {
    if (o_.max_record_bytes) return *o_.max_record_bytes;
    StatusOr<Json> summary =
        lanes_[0].rpc.rpc->Call("DescribeStreamSummary", Json{{"StreamName", stream_}}, {});
    if (summary.ok()) {
      const Json& s = (*summary)["StreamDescriptionSummary"];
      if (s.is_object() && s.contains("MaxRecordSizeInKiB") &&
          s["MaxRecordSizeInKiB"].is_number_integer()) {
        // Any integer may come: one past 2^53 KiB would overflow the product.
        const int64_t kib = s["MaxRecordSizeInKiB"].get<int64_t>();
        if (kib > 0 && kib <= (int64_t{1} << 40)) return kib * 1024;
      }
    }
    return kDefaultMaxRecordBytes;
  }

  ~Putter() { Drain(); }

  // Returns false when a call failed outright (the run stops).
  bool Add(Entry e) {
    ++read_;
    Lane& lane = lanes_[admin::PutLaneFor(e, lanes_.size())];
    if (!lane.batch.empty() &&
        (static_cast<int64_t>(lane.batch.size()) >= o_.max_records_per_call ||
         lane.bytes + e.size() > o_.max_bytes_per_call)) {
      if (!FlushLane(lane)) return false;
    }
    lane.bytes += e.size();
    lane.batch.push_back(std::move(e));
    return true;
  }

  // Hands every lane's batch to its sender. False when a call failed outright.
  bool Flush() {
    for (Lane& lane : lanes_) {
      if (!FlushLane(lane)) return false;
    }
    return true;
  }

  // Waits for every call in flight; false when one failed outright.
  bool Drain() {
    for (Lane& lane : lanes_) DrainLane(lane);
    return !stopped_;
  }

  void BadInput(int64_t line, const std::string& message) {
    bad_input_.push_back({{"line", line}, {"message", message}});
  }

  Result Finish(bool stopped_on_bad_input, int64_t skipped) {
    Drain();
    Json summary{{"stored", progress_.stored},
                 {"failed", progress_.failed},
                 {"skipped", skipped},
                 {"calls", progress_.calls}};
    if (o_.per_record) {
      std::sort(outcomes_.begin(), outcomes_.end(), [](const Json& a, const Json& b) {
        return a["line"].get<int64_t>() < b["line"].get<int64_t>();
      });
      summary["records"] = outcomes_;
    }
    if (!bad_input_.empty()) summary["bad_input"] = bad_input_;
    Result out = OkResult(std::move(summary));
    if (!call_error_.ok()) {
      out["error"] = ErrorResult(call_error_)["error"];
    } else if (stopped_on_bad_input) {
      out["error"] = {{"Code", "InvalidInput"},
                      {"Message", bad_input_.back()["message"].get<std::string>() +
                                      "; stopped there (continue=True skips bad lines)"}};
    } else if (progress_.failed > 0 || skipped > 0) {
      out["error"] = {{"Code", progress_.failed > 0 ? "RecordsFailed" : "InvalidInput"},
                      {"Message", std::to_string(progress_.failed) + " record(s) failed, " +
                                      std::to_string(skipped) + " bad line(s) skipped"}};
    }
    return out;
  }

 private:
  struct Lane {
    DataRpc rpc;
    std::vector<Entry> batch;
    int64_t bytes = 0;
    std::future<void> sending;
  };

  // Encodes the lane's batch (while the lane's previous call is still in flight), waits for that
  // call, then starts this one.
  bool FlushLane(Lane& lane) {
    if (lane.batch.empty() || stopped_) {
      DrainLane(lane);
      return !stopped_;
    }
    std::vector<Entry> batch = std::move(lane.batch);
    lane.batch.clear();
    lane.bytes = 0;
    std::string body = admin::PutRecordsBody(stream_, batch);
    DrainLane(lane);
    if (stopped_) return false;
    lane.sending = std::async(
        std::launch::async, [this, &lane, b = std::move(batch), body = std::move(body)]() mutable {
          Send(lane.rpc, std::move(b), std::move(body));
        });
    return true;
  }

  static void DrainLane(Lane& lane) {
    if (lane.sending.valid()) lane.sending.get();
  }

  // One batch (`body` is its first request): the first call, then rounds for the records it
  // failed. Runs on the lane's sender.
  void Send(DataRpc& rpc, std::vector<Entry> pending, std::string body) {
    for (int attempt = 0; !pending.empty(); ++attempt) {
      if (attempt > 0) {
        const double cap = std::min(o_.retry_max_delay_seconds,
                                    o_.retry_delay_seconds * std::pow(2.0, attempt - 1));
        double u = 0;
        {
          std::lock_guard<std::mutex> lock(mu_);  // the context's Random may not be thread-safe
          u = rpc.random->Uniform01();
        }
        rpc.sleeper->SleepFor(Seconds(cap * u));
      }
      if (attempt > 0) body = admin::PutRecordsBody(stream_, pending);
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++progress_.calls;
      }
      StatusOr<std::string> answer = rpc.rpc->CallText("PutRecords", body, {});
      if (!answer.ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        for (const Entry& e : pending) Fail(e, answer.status().code(), answer.status().message());
        Stop(answer.status());
        return;
      }
      std::optional<std::vector<admin::PutOutcome>> results =
          admin::ParsePutRecordsAnswer(*answer, o_.per_record);
      if (!results || results->size() != pending.size()) {
        std::lock_guard<std::mutex> lock(mu_);
        for (const Entry& e : pending) Fail(e, "InvalidResponse", "PutRecords answer malformed");
        Stop(Status("InvalidResponse",
                    results ? "PutRecords answered with " + std::to_string(results->size()) +
                                  " results for " + std::to_string(pending.size()) + " records"
                            : std::string("PutRecords answered with malformed JSON")));
        return;
      }
      std::vector<Entry> again;
      std::lock_guard<std::mutex> lock(mu_);
      for (size_t i = 0; i < pending.size(); ++i) {
        admin::PutOutcome& r = (*results)[i];
        if (r.failed) {
          if (attempt + 1 >= o_.max_attempts) {
            Fail(pending[i], r.error_code, r.error_message);
          } else {
            again.push_back(std::move(pending[i]));
          }
          continue;
        }
        ++progress_.stored;
        if (o_.per_record) {
          outcomes_.push_back({{"line", pending[i].line},
                               {"shard_id", std::move(r.shard_id)},
                               {"sequence_number", std::move(r.sequence_number)}});
        }
      }
      pending = std::move(again);
      Report();
    }
  }

  // With mu_ held.
  void Fail(const Entry& e, const std::string& code, const std::string& message) {
    ++progress_.failed;
    if (o_.per_record) {
      outcomes_.push_back({{"line", e.line}, {"error_code", code}, {"error_message", message}});
    }
  }
  // With mu_ held: a call failed outright; no new batch starts.
  void Stop(const Status& status) {
    if (call_error_.ok()) call_error_ = status;
    stopped_ = true;
    Report();
  }
  // With mu_ held.
  void Report() {
    if (!o_.progress) return;
    PutProgress p = progress_;
    p.read = read_.load();
    o_.progress(p);
  }

  std::string stream_;
  const PutRecordsOptions& o_;
  std::vector<Lane> lanes_;
  std::atomic<int64_t> read_{0};
  std::atomic<bool> stopped_{false};
  std::mutex mu_;  // guards progress_, outcomes_ and call_error_ while calls are in flight
  PutProgress progress_;
  Json outcomes_ = Json::array();
  Json bad_input_ = Json::array();
  Status call_error_;
};

template <typename NextLine>
Result PutLines(std::string_view stream_name, NextLine next_line, const ConnectionParams& conn,
                const PutRecordsOptions& options) {
  return admin::GuardAnswers("put_records", [&]() -> Result {
    if (options.format != "lines" && options.format != "json") {
      return ErrorResult(
          InvalidInputError("format must be lines or json, not '" + options.format + "'"));
    }
    if (options.max_records_per_call < 1 || options.max_records_per_call > kMaxRecordsPerPut ||
        options.max_bytes_per_call < 1 || options.max_attempts < 1 || options.max_in_flight < 1 ||
        options.max_in_flight > kMaxPutsInFlight) {
      return ErrorResult(InvalidInputError(
          "max_records_per_call must be 1..500, max_in_flight 1.." +
          std::to_string(kMaxPutsInFlight) + ", max_bytes_per_call and max_attempts positive"));
    }
    // The request body is written as text: what goes into it must be UTF-8 already.
    using Named = std::pair<const char*, std::optional<std::string>>;
    const std::vector<Named> texts = {{"stream name", std::string(stream_name)},
                                      {"partition_key", options.partition_key},
                                      {"explicit_hash_key", options.explicit_hash_key}};
    for (const auto& [what, text] : texts) {
      if (text && !IsValidUtf8(*text)) {
        return ErrorResult(InvalidInputError(std::string(what) + " is not valid UTF-8 text"));
      }
    }
    std::vector<DataRpc> rpcs;
    for (int i = 0; i < options.max_in_flight; ++i) {
      StatusOr<DataRpc> rpc = admin::NewDataRpc(conn);
      if (!rpc.ok()) return ErrorResult(rpc.status());
      rpcs.push_back(std::move(rpc).value());
    }
    Putter putter(std::string(stream_name), std::move(rpcs), options);
    const int64_t max_record_bytes = std::min(putter.MaxRecordBytes(), options.max_bytes_per_call);
    std::string line;
    int64_t number = 0;
    int64_t skipped = 0;
    for (int got; (got = next_line(line)) != 0;) {
      if (got < 0) {  // the input is idle: send what is batched
        if (!putter.Flush()) return putter.Finish(false, skipped);
        continue;
      }
      ++number;
      if (line.empty()) continue;
      StatusOr<Entry> entry = ParseLine(line, number, options, max_record_bytes);
      if (!entry.ok()) {
        putter.BadInput(number, entry.status().message());
        if (!options.continue_on_error) {
          putter.Flush();  // everything before the bad line is sent
          return putter.Finish(true, skipped);
        }
        ++skipped;
        continue;
      }
      if (!putter.Add(std::move(entry).value())) return putter.Finish(false, skipped);
    }
    putter.Flush();
    return putter.Finish(false, skipped);
  });
}

// Lines from a file descriptor; -1 when none arrived within `linger` (if set).
class FdLines {
 public:
  FdLines(int fd, std::optional<double> linger) : fd_(fd), linger_(linger) {}

  int Next(std::string& line) {
    while (true) {
      const size_t nl = buffer_.find('\n', start_);
      if (nl != std::string::npos) {
        line.assign(buffer_, start_, nl - start_);
        start_ = nl + 1;  // consumed lines are dropped when more is read, not line by line
        return 1;
      }
      if (eof_) {
        if (start_ >= buffer_.size()) return 0;
        line = buffer_.substr(start_);
        buffer_.clear();
        start_ = 0;
        return 1;
      }
      if (linger_) {
        pollfd p{fd_, POLLIN, 0};
        // poll's int milliseconds: at most about 24 days per wait (the loop waits again).
        const auto ms = std::min<Duration::rep>(SecondsToDuration(*linger_).count(),
                                                std::numeric_limits<int>::max());
        const int ready = poll(&p, 1, static_cast<int>(ms));
        if (ready == 0) return -1;
        if (ready < 0 && errno == EINTR) continue;
      }
      char chunk[65536];
      const ssize_t n = read(fd_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        eof_ = true;  // end of input (a read error ends it too)
      } else {
        buffer_.erase(0, start_);
        start_ = 0;
        buffer_.append(chunk, static_cast<size_t>(n));
      }
    }
  }

 private:
  int fd_;
  std::optional<double> linger_;
  std::string buffer_;
  size_t start_ = 0;  // where the unread part of buffer_ begins
  bool eof_ = false;
};

}  // namespace

Result put_records_from_fd(std::string_view stream_name, int fd, const ConnectionParams& conn,
                           const PutRecordsOptions& options) {
  FdLines lines(fd, options.linger_seconds);
  return PutLines(
      stream_name, [&](std::string& line) { return lines.Next(line); }, conn, options);
}

Result put_record(std::string_view stream_name, std::string_view data,
                  std::string_view partition_key, const ConnectionParams& conn,
                  const PutRecordOptions& options) {
  return admin::GuardAnswers("put_record", [&]() -> Result {
    if (partition_key.empty()) return ErrorResult(InvalidInputError("missing partition key"));
    StatusOr<DataRpc> rpc = admin::NewDataRpc(conn);
    if (!rpc.ok()) return ErrorResult(rpc.status());
    Json request{{"StreamName", std::string(stream_name)},
                 {"Data", Base64Encode(data)},
                 {"PartitionKey", std::string(partition_key)}};
    if (options.explicit_hash_key) request["ExplicitHashKey"] = *options.explicit_hash_key;
    if (options.sequence_number_for_ordering) {
      request["SequenceNumberForOrdering"] = *options.sequence_number_for_ordering;
    }
    StatusOr<Json> answer = rpc->rpc->Call("PutRecord", request, {});
    if (!answer.ok()) return ErrorResult(answer.status());
    return OkResult(Json{{"shard_id", answer->value("ShardId", "")},
                         {"sequence_number", answer->value("SequenceNumber", "")}});
  });
}

Result put_records(std::string_view stream_name, std::istream& input, const ConnectionParams& conn,
                   const PutRecordsOptions& options) {
  return PutLines(
      stream_name, [&](std::string& line) { return std::getline(input, line) ? 1 : 0; }, conn,
      options);
}

Result put_records(std::string_view stream_name, const std::vector<std::string>& lines,
                   const ConnectionParams& conn, const PutRecordsOptions& options) {
  size_t i = 0;
  return PutLines(
      stream_name,
      [&](std::string& line) {
        if (i >= lines.size()) return 0;
        line = lines[i++];
        return 1;
      },
      conn, options);
}

}  // namespace kinesisctl
