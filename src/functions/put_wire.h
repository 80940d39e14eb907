// The PutRecords wire text that put_records writes and reads itself instead of going through JSON
// documents (a file of 200,000 lines would otherwise be parsed, rebuilt and dumped record by
// record): a cheap reader for simple JSON-lines input, the request body written as text, and a
// reader of the answer that keeps only each record's outcome. PutEntry is one input record; its
// lane (PutLaneFor) decides which of the calls in flight may carry it. Pure functions; thread-safe.
#ifndef KINESISCTL_FUNCTIONS_PUT_WIRE_H_
#define KINESISCTL_FUNCTIONS_PUT_WIRE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinesisctl::admin {

// One record to put, with the input line it came from.
struct PutEntry {
  int64_t line = 0;
  std::string data;  // raw bytes
  std::string partition_key;
  std::optional<std::string> explicit_hash_key;
  // What counts against the per-call and per-record limits.
  int64_t size() const { return static_cast<int64_t>(data.size() + partition_key.size()); }
};

// The lane (0..lanes-1) of a record. Records with the same explicit hash key, or, when they have
// none, the same partition key, always share a lane; each lane has at most one call in flight, so
// those records are stored in input order (they go to the same shard).
size_t PutLaneFor(const PutEntry& entry, size_t lanes);

// The fields of a JSON-lines record, read without building a JSON document: set when `line` is a
// flat object whose values are all strings without escapes (valid UTF-8), which is what a
// generator usually writes. nullopt means "not that simple": the caller parses it fully (that
// path also reports what is wrong with a bad line). Unknown fields are ignored; a repeated known
// field is "not simple".
struct JsonLineFields {
  std::optional<std::string_view> data;
  std::optional<std::string_view> data_base64;
  std::optional<std::string_view> partition_key;
  std::optional<std::string_view> explicit_hash_key;
};
std::optional<JsonLineFields> ScanSimpleJsonLine(std::string_view line);

// The PutRecords request for `entries`, as JSON text: {"Records":[{"Data":...,"PartitionKey":...,
// "ExplicitHashKey":...},...],"StreamName":...}. Keys and the stream name must be valid UTF-8.
std::string PutRecordsBody(std::string_view stream_name, const std::vector<PutEntry>& entries);

// One record's outcome in a PutRecords answer.
struct PutOutcome {
  bool failed = false;  // ErrorCode present and not null
  std::string error_code;
  std::string error_message;
  std::string shard_id;  // only when asked for (with_ids)
  std::string sequence_number;
};

// The outcomes in a PutRecords answer, in request order; nullopt when the text is not a JSON
// object with a "Records" array of objects.
std::optional<std::vector<PutOutcome>> ParsePutRecordsAnswer(std::string_view text, bool with_ids);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_PUT_WIRE_H_
