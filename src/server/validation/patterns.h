// Matchers for the regular expressions of Kinesis's input shapes, written as loops so that
// megabyte-long inputs cannot exhaust the stack (std::regex recurses per character). Pure
// functions; thread-safe.
#ifndef KINESISCTL_SERVER_VALIDATION_PATTERNS_H_
#define KINESISCTL_SERVER_VALIDATION_PATTERNS_H_

#include <cstddef>
#include <string_view>

namespace kinesisctl::server {

// The pattern texts, as AWS prints them in ValidationException messages.
inline constexpr char kNamePattern[] = "[a-zA-Z0-9_.-]+";
inline constexpr char kArnPattern[] = R"(arn:aws.*:kinesis:.*:\d{12}:stream/\S+)";
// ResourceARN (TagResource, the resource policy actions): a stream or a consumer ARN.
inline constexpr char kResourceArnPattern[] = R"(arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+)";
inline constexpr char kStreamIdPattern[] = "[a-z0-9]{20}-[a-z0-9]{3}";
inline constexpr char kHashKeyPattern[] = R"(0|([1-9]\d{0,38}))";
inline constexpr char kSequencePattern[] = R"(0|([1-9]\d{0,128}))";

// True when `text` fully matches `pattern`, one of the constants above. Unknown patterns match.
bool MatchesPattern(std::string_view pattern, std::string_view text);

// Where a blob's base64 text first breaks the rules Kinesis reads blobs by: a byte outside the
// alphabet, or an '=' that is not one of at most two at the end. npos when none does (the length
// rule, a multiple of 4, is checked apart).
size_t FirstBadBase64Char(std::string_view text);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_VALIDATION_PATTERNS_H_
