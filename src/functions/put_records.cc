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
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/base64.h"
#include "core/seconds_text.h"
#include "functions/context.h"
#include "functions/results.h"
#include "kinesis/json_rpc.h"
#include "kinesisctl/records.h"

namespace kinesisctl {
namespace {

using admin::DataRpc;
using admin::ErrorResult;
using admin::OkResult;
using Json = nlohmann::ordered_json;

struct Entry {
  int64_t line = 0;
  std::string data;
  std::string partition_key;
  std::optional<std::string> explicit_hash_key;
  int64_t size() const { return static_cast<int64_t>(data.size() + partition_key.size()); }
};

Duration Seconds(double s) { return SecondsToDuration(s); }

// One input line as a record, or the reason it is bad input.
StatusOr<Entry> ParseLine(const std::string& line, int64_t number, const PutRecordsOptions& o,
                          int64_t max_record_bytes) {
  Entry e;
  e.line = number;
  e.explicit_hash_key = o.explicit_hash_key;
  std::optional<std::string> key = o.partition_key;
  if (o.format == "json") {
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

class Putter {
 public:
  Putter(std::string stream, DataRpc rpc, const PutRecordsOptions& options)
      : stream_(std::move(stream)), rpc_(std::move(rpc)), o_(options) {}

  int64_t MaxRecordBytes() {
    if (o_.max_record_bytes) return *o_.max_record_bytes;
    StatusOr<Json> summary =
        rpc_.rpc->Call("DescribeStreamSummary", Json{{"StreamName", stream_}}, {});
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
    if (!batch_.empty() && (static_cast<int64_t>(batch_.size()) >= o_.max_records_per_call ||
                            batch_bytes_ + e.size() > o_.max_bytes_per_call)) {
      if (!Flush()) return false;
    }
    batch_bytes_ += e.size();
    batch_.push_back(std::move(e));
    return true;
  }

  // Hands the batch to the sender (one call in flight, so batches stay in order, while the next
  // batch is read and encoded). False when an earlier call failed outright.
  bool Flush() {
    if (!Drain()) return false;
    if (batch_.empty()) return true;
    std::vector<Entry> batch = std::move(batch_);
    batch_.clear();
    batch_bytes_ = 0;
    Json request = RequestFor(batch);  // encoded here, while the previous call is in flight
    sending_ = std::async(std::launch::async,
                          [this, b = std::move(batch), r = std::move(request)]() mutable {
                            return Send(std::move(b), std::move(r));
                          });
    return true;
  }

  // Waits for the call in flight; false when it failed outright.
  bool Drain() {
    if (sending_.valid() && !sending_.get()) failed_ = true;
    return !failed_;
  }

  // One batch: the first call, then rounds for the records it failed. Runs on the sender.
  Json RequestFor(const std::vector<Entry>& entries) const {
    Json records = Json::array();
    for (const Entry& e : entries) {
      Json r{{"Data", Base64Encode(e.data)}, {"PartitionKey", e.partition_key}};
      if (e.explicit_hash_key) r["ExplicitHashKey"] = *e.explicit_hash_key;
      records.push_back(std::move(r));
    }
    return Json{{"Records", std::move(records)}, {"StreamName", stream_}};
  }

  bool Send(std::vector<Entry> pending, Json request) {
    for (int attempt = 0; !pending.empty(); ++attempt) {
      if (attempt > 0) {
        const double cap = std::min(o_.retry_max_delay_seconds,
                                    o_.retry_delay_seconds * std::pow(2.0, attempt - 1));
        rpc_.sleeper->SleepFor(Seconds(cap * rpc_.random->Uniform01()));
      }
      if (attempt > 0) request = RequestFor(pending);
      ++progress_.calls;
      StatusOr<Json> answer = rpc_.rpc->Call("PutRecords", request, {});
      if (!answer.ok()) {
        for (const Entry& e : pending) {
          Fail(e, answer.status().code(), answer.status().message());
        }
        call_error_ = answer.status();
        Report();
        return false;
      }
      const Json& results = (*answer)["Records"];
      if (!results.is_array() || results.size() != pending.size()) {
        for (const Entry& e : pending) Fail(e, "InvalidResponse", "PutRecords answer malformed");
        call_error_ = Status("InvalidResponse",
                             "PutRecords answered with " + std::to_string(results.size()) +
                                 " results for " + std::to_string(pending.size()) + " records");
        Report();
        return false;
      }
      std::vector<Entry> again;
      for (size_t i = 0; i < pending.size(); ++i) {
        const Json& r = results[i];
        if (r.contains("ErrorCode") && !r["ErrorCode"].is_null()) {
          if (attempt + 1 >= o_.max_attempts) {
            Fail(pending[i], r["ErrorCode"].get<std::string>(), r.value("ErrorMessage", ""));
          } else {
            again.push_back(std::move(pending[i]));
          }
          continue;
        }
        ++progress_.stored;
        if (o_.per_record) {
          outcomes_.push_back({{"line", pending[i].line},
                               {"shard_id", r.value("ShardId", "")},
                               {"sequence_number", r.value("SequenceNumber", "")}});
        }
      }
      pending = std::move(again);
      Report();
    }
    return true;
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
  void Fail(const Entry& e, const std::string& code, const std::string& message) {
    ++progress_.failed;
    if (o_.per_record) {
      outcomes_.push_back({{"line", e.line}, {"error_code", code}, {"error_message", message}});
    }
  }
  void Report() {
    if (!o_.progress) return;
    PutProgress p = progress_;
    p.read = read_.load();
    o_.progress(p);
  }

  std::string stream_;
  DataRpc rpc_;
  const PutRecordsOptions& o_;
  std::vector<Entry> batch_;
  int64_t batch_bytes_ = 0;
  // progress_, outcomes_ and call_error_ belong to the sender while a call is in flight.
  PutProgress progress_;
  std::atomic<int64_t> read_{0};
  std::future<bool> sending_;
  bool failed_ = false;
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
        options.max_bytes_per_call < 1 || options.max_attempts < 1) {
      return ErrorResult(InvalidInputError(
          "max_records_per_call must be 1..500, max_bytes_per_call and max_attempts positive"));
    }
    StatusOr<DataRpc> rpc = admin::NewDataRpc(conn);
    if (!rpc.ok()) return ErrorResult(rpc.status());
    Putter putter(std::string(stream_name), std::move(rpc).value(), options);
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
      const size_t nl = buffer_.find('\n');
      if (nl != std::string::npos) {
        line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return 1;
      }
      if (eof_) {
        if (buffer_.empty()) return 0;
        line = std::move(buffer_);
        buffer_.clear();
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
        buffer_.append(chunk, static_cast<size_t>(n));
      }
    }
  }

 private:
  int fd_;
  std::optional<double> linger_;
  std::string buffer_;
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
