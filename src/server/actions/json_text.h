// Writing JSON text directly, for the data plane's large answers (PutRecords, GetRecords) where
// building an nlohmann document first costs more than the action itself: the timestamps here,
// the strings with core/json_text.h. Appends to a caller's string; the caller writes the
// structure. Output matches nlohmann::json::dump() for the same values (members in the same,
// sorted order is the caller's job). Pure; thread-safe.
#ifndef KINESISCTL_SERVER_ACTIONS_JSON_TEXT_H_
#define KINESISCTL_SERVER_ACTIONS_JSON_TEXT_H_

#include <cstdint>
#include <string>

namespace kinesisctl::server {

// Seconds since the epoch as Kinesis timestamps travel: a whole number when `ms` is a whole
// second, else a decimal fraction (the shortest text that reads back as ms / 1000.0).
void AppendTimestamp(std::string& out, int64_t ms);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_JSON_TEXT_H_
