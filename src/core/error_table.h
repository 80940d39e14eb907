// The one table of Kinesis error codes shared by client and server: for each code, the HTTP
// status AWS answers with and whether a client may retry it. The client uses it to classify
// failures (by exact code, never by substring); the server uses it to produce
// {"__type": code, "message": ...} with the right status. Immutable data; thread-safe.
#ifndef KINESISCTL_CORE_ERROR_TABLE_H_
#define KINESISCTL_CORE_ERROR_TABLE_H_

#include <string_view>

namespace kinesisctl {

enum class Retry {
  kNever,
  kAlways,            // throttling, server faults
  kIfRateLimited,     // LimitExceededException: only the "Rate exceeded" flavour, not quotas
  kIfStreamExisting,  // ResourceInUseException: "not ACTIVE yet" on calls that change a stream;
                      // on CreateStream it means "already exists" and is final
};

struct ErrorInfo {
  std::string_view code;
  int http_status;
  Retry retry;
};

// The entry for an exact code (after NormalizeErrorCode), or nullptr when unknown.
const ErrorInfo* FindError(std::string_view code);

// HTTP status for a code: the table's, else 400.
int HttpStatusForError(std::string_view code);

// Strips a namespace up to '#' and anything from ':' on, as the Smithy runtimes do:
// "com.amazonaws.kinesis#ResourceNotFoundException:http://..." -> "ResourceNotFoundException".
std::string_view NormalizeErrorCode(std::string_view raw);

// True when a LimitExceededException message names a rate limit ("Rate exceeded ...") rather
// than a quota (shard limit, on-demand stream limit, streams in CREATING).
bool IsRateLimitMessage(std::string_view message);

}  // namespace kinesisctl

#endif  // KINESISCTL_CORE_ERROR_TABLE_H_
