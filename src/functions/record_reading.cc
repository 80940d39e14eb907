#include "functions/record_reading.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "core/base64.h"

namespace kinesisctl::admin {

using Json = nlohmann::ordered_json;

StatusOr<Json> IteratorRequest(const std::string& stream_name, const std::string& shard_id,
                               const StartPosition& p) {
  Json request{{"StreamName", stream_name}, {"ShardId", shard_id}, {"ShardIteratorType", p.type}};
  if (p.type == "AT_SEQUENCE_NUMBER" || p.type == "AFTER_SEQUENCE_NUMBER") {
    if (!p.sequence_number) {
      return InvalidInputError(p.type + " needs a sequence number (sequence_number=...)");
    }
    request["StartingSequenceNumber"] = *p.sequence_number;
  } else if (p.type == "AT_TIMESTAMP") {
    if (!p.timestamp) return InvalidInputError("AT_TIMESTAMP needs a timestamp (timestamp=...)");
    request["Timestamp"] = *p.timestamp;
  } else if (p.type != "LATEST" && p.type != "TRIM_HORIZON") {
    return InvalidInputError(
        "iterator type must be LATEST, TRIM_HORIZON, AT_TIMESTAMP, "
        "AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER, not '" +
        p.type + "'");
  }
  return request;
}

StatusOr<std::vector<ReadRecord>> RecordsOf(const Json& answer, const std::string& shard_id) {
  std::vector<ReadRecord> out;
  const auto it = answer.find("Records");
  if (it == answer.end() || !it->is_array()) return out;
  for (const Json& r : *it) {
    ReadRecord record;
    record.shard_id = shard_id;
    record.sequence_number = r.value("SequenceNumber", "");
    record.partition_key = r.value("PartitionKey", "");
    const auto ts = r.find("ApproximateArrivalTimestamp");
    if (ts != r.end() && ts->is_number()) record.arrival_seconds = ts->get<double>();
    std::optional<std::string> data = Base64Decode(r.value("Data", ""));
    if (!data) {
      return Status("InvalidResponse", "record " + record.sequence_number + " of " + shard_id +
                                           " has Data that is not base64");
    }
    record.data = std::move(*data);
    out.push_back(std::move(record));
  }
  return out;
}

std::string FormatIsoMillis(double seconds) {
  // An answer may hold any number: past year 9999 (or NaN) it stays a number, as given.
  if (!(seconds >= 0 && seconds < 253402300800.0)) return Json(seconds).dump();
  const double whole = std::floor(seconds);
  auto millis = static_cast<int>(std::lround((seconds - whole) * 1000));
  auto t = static_cast<std::time_t>(whole);
  if (millis >= 1000) {
    millis -= 1000;
    ++t;
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buffer;
}

}  // namespace kinesisctl::admin

namespace kinesisctl {

Result RecordToJson(const ReadRecord& r) {
  const bool text = IsValidUtf8(r.data);
  return Result{{"shard_id", r.shard_id},
                {"sequence_number", r.sequence_number},
                {"partition_key", r.partition_key},
                {"arrival", admin::FormatIsoMillis(r.arrival_seconds)},
                {"data", text ? r.data : Base64Encode(r.data)},
                {"encoding", text ? "utf-8" : "base64"}};
}

}  // namespace kinesisctl
