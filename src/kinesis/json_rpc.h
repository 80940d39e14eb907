// JsonRpc: one AWS JSON 1.1 call ("Kinesis_20131202.<Operation>") from a request document to a
// response document, with SigV4 signing, the transport, error decoding (code from
// x-amzn-ErrorType or __type, normalised; message; HTTP status; request id) and the retry loop
// of docs/design/salt-compatibility.md (full-jitter backoff min(U*2^attempt, max_delay),
// max_attempts, deadline, re-signing on every attempt). The typed KinesisClient sits on top; unit
// tests of the layers above use a fake JsonRpc. Implementations are not thread-safe.
#ifndef KINESISCTL_KINESIS_JSON_RPC_H_
#define KINESISCTL_KINESIS_JSON_RPC_H_

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"

namespace kinesisctl::aws {

struct RetryPolicy {
  int max_attempts = 18;  // Salt's
  Duration max_delay = std::chrono::seconds(10);
  std::optional<TimePoint> deadline;  // overall; no new attempt starts after it
};

struct CallOptions {
  // Retry ResourceInUseException ("stream not ACTIVE yet"): true for calls that change an
  // existing stream, false for CreateStream (where it means "already exists") and reads.
  bool retry_resource_in_use = false;
  // A deadline for this call, on top of RetryPolicy.deadline (the earlier one wins): no attempt
  // starts, and no backoff sleeps, past it.
  std::optional<TimePoint> deadline;
  // When set, receives the number of attempts sent (so a caller can tell that an answer may have
  // been lost: an error after a retry may be the effect of an earlier attempt).
  int* attempts_made = nullptr;
};

class JsonRpc {
 public:
  virtual ~JsonRpc() = default;
  // `operation` is the bare name, e.g. "CreateStream". An empty response body is returned as an
  // empty object. When retries run out, the Status has code codes::kRetriesExhausted and Salt's
  // message "Tried to execute function <operation> <n> times, but was unable".
  virtual StatusOr<nlohmann::ordered_json> Call(std::string_view operation,
                                                const nlohmann::ordered_json& request,
                                                const CallOptions& options) = 0;

  // The same call with the request given as JSON text (valid UTF-8, built by the caller) and the
  // answer returned as JSON text ("{}" for an empty body), for callers that write and read large
  // bodies themselves (put_records). The default goes through Call (parse, call, dump).
  virtual StatusOr<std::string> CallText(std::string_view operation, const std::string& body,
                                         const CallOptions& options) {
    nlohmann::ordered_json request =
        nlohmann::ordered_json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (request.is_discarded()) {
      return InvalidInputError(std::string(operation) + ": the request is not JSON text");
    }
    StatusOr<nlohmann::ordered_json> answer = Call(operation, request, options);
    if (!answer.ok()) return answer.status();
    return answer->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  // A call whose answer is a stream (SubscribeToShard's event stream): signed and sent once, no
  // retry (the caller subscribes again); a 2xx body goes to `on_body` piece by piece as it
  // arrives, with empty pieces as heartbeats about once a second; `on_body` returning false ends
  // it early. An error answer is decoded into the Status. `timeout` bounds the whole exchange.
  // The default: Unimplemented.
  virtual Status CallStreaming(std::string_view operation, const nlohmann::ordered_json& request,
                               Duration timeout,
                               const std::function<bool(std::string_view)>& on_body) {
    (void)request;
    (void)timeout;
    (void)on_body;
    return Status("Unimplemented", std::string(operation) + ": streamed answers not supported");
  }
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_KINESIS_JSON_RPC_H_
