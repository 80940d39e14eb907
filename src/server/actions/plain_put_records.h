// PlainPutRecords: a PutRecords body of the form SDKs send, read straight from its JSON text into
// views of that text, with no document built: a top-level object of StreamName and Records only,
// each entry an object of Data, PartitionKey and optionally ExplicitHashKey, every value a
// plain string (printable ASCII, no escapes), and every constraint of the PutRecords input
// already met (stream name pattern and length, 1 to 500 entries, partition keys of 1 to 256
// characters, base64 data of at most 10 MiB, hash keys of the decimal pattern). Anything else --
// other members, StreamARN, duplicates, escapes, non-ASCII text, numbers, nulls, invalid JSON
// or any constraint not met -- is declined (nullopt) and the caller takes the general path
// (document, validation), so answers and error messages do not change. The views point into
// the text, which must outlive the result. Pure; thread-safe.
#ifndef KINESISCTL_SERVER_ACTIONS_PLAIN_PUT_RECORDS_H_
#define KINESISCTL_SERVER_ACTIONS_PLAIN_PUT_RECORDS_H_

#include <optional>
#include <string_view>
#include <vector>

namespace kinesisctl::server {

// One PutRecord(s) entry's members: partition key, data as base64 text, explicit hash key.
struct RecordEntryView {
  std::string_view partition_key;
  std::string_view data;
  std::optional<std::string_view> explicit_hash_key;
};

struct PlainPutRecords {
  std::string_view stream_name;
  std::vector<RecordEntryView> records;
};

std::optional<PlainPutRecords> ParsePlainPutRecords(std::string_view body);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_PLAIN_PUT_RECORDS_H_
