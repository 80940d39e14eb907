// Base64 (RFC 4648, standard alphabet, padded) and a UTF-8 validity check, for record data:
// Kinesis carries a record's bytes base64-encoded inside its JSON, and the record readers print
// data as text only when it is valid UTF-8. Pure functions; thread-safe.
#ifndef KINESISCTL_CORE_BASE64_H_
#define KINESISCTL_CORE_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace kinesisctl {

std::string Base64Encode(std::string_view bytes);

// The decoded bytes, or nullopt when `text` is not padded standard base64 (whitespace is not
// accepted).
std::optional<std::string> Base64Decode(std::string_view text);

// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

// The number of Unicode code points in valid UTF-8 text (bytes that start no code point are not
// counted).
size_t Utf8Length(std::string_view text);

}  // namespace kinesisctl

#endif  // KINESISCTL_CORE_BASE64_H_
