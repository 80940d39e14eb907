// Pure pieces of the request retry loop (docs/design/salt-compatibility.md): decoding an
// AWS JSON error answer into a Status (code from x-amzn-ErrorType or __type/code, normalised),
// classifying a failure as retryable by its exact code, and Salt's full-jitter backoff
// min(U * 2^attempt s, max_delay). No I/O; thread-safe.
#ifndef KINESISCTL_KINESIS_RETRY_H_
#define KINESISCTL_KINESIS_RETRY_H_

#include <string_view>

#include "kinesis/json_rpc.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"
#include "signing/http_transport.h"

namespace kinesisctl::aws {

// Code of a Status for a 2xx answer whose body is not a JSON object (e.g. an HTML page from
// something that is not Kinesis); not retried.
inline constexpr char kInvalidResponse[] = "InvalidResponse";
// Code of a Status for an HTTP error answer without a recognisable AWS error code.
inline constexpr char kUnknownError[] = "UnknownError";

// The Status for a non-2xx answer: code (normalised; kUnknownError when none), message (from
// "message"/"Message"; else a short excerpt of the body), HTTP status and x-amzn-RequestId.
Status DecodeErrorResponse(const HttpResponse& response);

// True when `status` is worth another attempt: transport errors, HTTP 5xx and 429, throttling
// codes, InternalFailure, LimitExceededException with a rate-limit message, and
// ResourceInUseException when `options.retry_resource_in_use`. Codes match exactly.
bool IsRetryable(const Status& status, const CallOptions& options);

// Full jitter: min(u * 2^attempt seconds, max_delay) for u in [0, 1); attempt counts from 0.
Duration FullJitterBackoff(int attempt, Duration max_delay, double u);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_KINESIS_RETRY_H_
