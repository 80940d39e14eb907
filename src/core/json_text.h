// Writing a JSON string literal straight into a caller's string, for the request and answer
// bodies built as text (PutRecords from the client, PutRecords and GetRecords answers from the
// server) where building an nlohmann document first would cost more than the work itself. The
// text is what nlohmann::json::dump() writes for the same string with the replace handler: the
// same escapes, and U+FFFD for bytes that are not UTF-8. Pure; thread-safe.
#ifndef KINESISCTL_CORE_JSON_TEXT_H_
#define KINESISCTL_CORE_JSON_TEXT_H_

#include <string>
#include <string_view>

namespace kinesisctl {

// Appends `"text"` with JSON escapes.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace kinesisctl

#endif  // KINESISCTL_CORE_JSON_TEXT_H_
