#include "kinesis/kinesis_json_rpc.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <utility>

#include "core/json_utf8.h"
#include "core/log.h"
#include "core/seconds_text.h"
#include "kinesis/retry.h"
#include "signing/sigv4.h"
#include "signing/url.h"

namespace kinesisctl::aws {
namespace {

// The request as JSON text. Text that is not UTF-8 (a stream name of raw bytes given to the
// library) cannot be sent as JSON, and nlohmann's strict dump() would throw: refuse it, naming
// where it is.
StatusOr<std::string> RequestBody(std::string_view operation,
                                  const nlohmann::ordered_json& request) {
  if (request.is_null()) return std::string("{}");
  if (const std::optional<std::string> where = FindNonUtf8(request)) {
    return InvalidInputError(std::string(operation) + ": " +
                             (where->empty() ? std::string("the request") : *where) +
                             " is not valid UTF-8 text (Kinesis names and values are UTF-8)");
  }
  return request.dump();
}

class KinesisJsonRpc final : public JsonRpc {
 public:
  KinesisJsonRpc(KinesisRpcConfig config, std::string url, std::unique_ptr<HttpTransport> transport,
                 Clock& clock, Sleeper& sleeper, Random& random)
      : config_(std::move(config)),
        url_(std::move(url)),
        transport_(std::move(transport)),
        clock_(clock),
        sleeper_(sleeper),
        random_(random) {}

  StatusOr<nlohmann::ordered_json> Call(std::string_view operation,
                                        const nlohmann::ordered_json& request,
                                        const CallOptions& options) override;
  StatusOr<std::string> CallText(std::string_view operation, const std::string& body,
                                 const CallOptions& options) override;
  Status CallStreaming(std::string_view operation, const nlohmann::ordered_json& request,
                       Duration timeout,
                       const std::function<bool(std::string_view)>& on_body) override;

 private:
  // The retry loop around Attempt: the 2xx answer, or the Status that ended the call.
  StatusOr<HttpResponse> Exchange(std::string_view operation, const std::string& body,
                                  const CallOptions& options);
  // One signed exchange; the Status of a failure (transport or decoded AWS error).
  StatusOr<HttpResponse> Attempt(std::string_view operation, const std::string& body, int attempt,
                                 int max_attempts, std::optional<TimePoint> deadline,
                                 const HttpTransport::BodyCallback* on_body = nullptr,
                                 std::optional<Duration> timeout_override = {});

  KinesisRpcConfig config_;
  std::string url_;
  std::unique_ptr<HttpTransport> transport_;
  Clock& clock_;
  Sleeper& sleeper_;
  Random& random_;
};

std::string Ms(Duration d) { return std::to_string(d.count()) + " ms"; }

StatusOr<HttpResponse> KinesisJsonRpc::Attempt(std::string_view operation, const std::string& body,
                                               int attempt, int max_attempts,
                                               std::optional<TimePoint> deadline,
                                               const HttpTransport::BodyCallback* on_body,
                                               std::optional<Duration> timeout_override) {
  const std::string where = std::string(operation) + " " + url_ + " attempt " +
                            std::to_string(attempt + 1) + "/" + std::to_string(max_attempts);
  auto credentials = config_.credentials->GetCredentials();
  if (!credentials.ok()) {
    LogDebug("kinesis " + where + ": credentials error " + credentials.status().code());
    return credentials.status();
  }
  if (!credentials->has_value()) {
    return Status(codes::kCredentials,
                  "no AWS credentials found (tried arguments, profile, config file, environment, "
                  "shared files, container and instance metadata)");
  }
  const Credentials& creds = **credentials;
  HttpRequest http;
  http.method = "POST";
  http.url = url_;
  http.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                  {"X-Amz-Target", std::string(kKinesisTargetPrefix) + std::string(operation)},
                  {"User-Agent", "kinesisctl"}};
  http.body = body;
  const TimePoint now = clock_.Now();
  auto signed_request = sigv4::SignRequest(http, creds, config_.region, kKinesisSigningName, now);
  if (!signed_request.ok()) return signed_request.status();
  Duration timeout = timeout_override.value_or(config_.request_timeout);
  if (deadline) {
    const auto left = std::chrono::duration_cast<Duration>(*deadline - now);
    timeout = std::max(Duration(1), std::min(timeout, left));
  }
  auto response = on_body != nullptr ? transport_->SendStreaming(http, timeout, *on_body)
                                     : transport_->Send(http, timeout);
  const auto scrub = [&](const Status& s) {
    return Status(s.code(),
                  RedactSecrets(s.message(), {creds.secret_access_key, creds.session_token,
                                              signed_request->signature}),
                  s.http_status(), s.request_id());
  };
  if (!response.ok()) {
    const Status status = scrub(response.status());
    LogDebug("kinesis " + where + ": " + status.ToString());
    return status;
  }
  if (response->status < 200 || response->status >= 300) {
    const Status status = scrub(DecodeErrorResponse(*response));
    LogDebug("kinesis " + where + ": HTTP " + std::to_string(response->status) + " " +
             status.code() +
             (status.request_id().empty() ? "" : " request " + status.request_id()));
    return status;
  }
  LogDebug("kinesis " + where + ": HTTP " + std::to_string(response->status));
  if (on_body != nullptr) response->body.clear();
  return response;
}

StatusOr<nlohmann::ordered_json> KinesisJsonRpc::Call(std::string_view operation,
                                                      const nlohmann::ordered_json& request,
                                                      const CallOptions& options) {
  KINESISCTL_ASSIGN_OR_RETURN(const std::string body, RequestBody(operation, request));
  StatusOr<HttpResponse> response = Exchange(operation, body, options);
  if (!response.ok()) return response.status();
  if (response->body.empty()) return nlohmann::ordered_json::object();
  auto json = nlohmann::ordered_json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return Status(kInvalidResponse,
                  std::string(operation) + " at " + url_ +
                      ": the answer is not a JSON object (is the endpoint a Kinesis service?)",
                  response->status, response->Header("x-amzn-RequestId"));
  }
  return json;
}

StatusOr<std::string> KinesisJsonRpc::CallText(std::string_view operation, const std::string& body,
                                               const CallOptions& options) {
  StatusOr<HttpResponse> response = Exchange(operation, body, options);
  if (!response.ok()) return response.status();
  if (response->body.empty()) return std::string("{}");
  return std::move(response->body);
}

StatusOr<HttpResponse> KinesisJsonRpc::Exchange(std::string_view operation, const std::string& body,
                                                const CallOptions& options) {
  const int max_attempts = std::max(1, config_.retry.max_attempts);
  const TimePoint start = clock_.Now();
  // The earliest of: the call's own bound (call_timeout from its start), the policy's deadline and
  // the caller's (a wait or a reshard handing its deadline down).
  std::optional<TimePoint> deadline;
  if (config_.call_timeout > Duration::zero()) deadline = start + config_.call_timeout;
  for (const auto& other : {config_.retry.deadline, options.deadline}) {
    if (other && (!deadline || *other < *deadline)) deadline = other;
  }
  const auto gave_up = [&](int attempts, const Status& last) {
    std::string message =
        std::string(operation) + " did not succeed within its deadline (" +
        SecondsText(
            std::max(Duration::zero(), std::chrono::duration_cast<Duration>(*deadline - start))) +
        ", " + std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts") + ")";
    if (!last.ok()) message += "; last error: " + last.ToString();
    LogDebug("kinesis " + message);
    return Status(codes::kDeadlineExceeded, message, last.http_status(), last.request_id());
  };
  Status last;
  for (int attempt = 0; attempt < max_attempts; ++attempt) {
    if (deadline && clock_.Now() >= *deadline) return gave_up(attempt, last);
    if (options.attempts_made != nullptr) *options.attempts_made = attempt + 1;
    auto result = Attempt(operation, body, attempt, max_attempts, deadline);
    if (result.ok()) return result;
    last = result.status();
    if (!IsRetryable(last, options)) return last;
    if (attempt + 1 == max_attempts) break;
    const Duration delay = FullJitterBackoff(attempt, config_.retry.max_delay, random_.Uniform01());
    if (deadline && clock_.Now() + delay >= *deadline) return gave_up(attempt + 1, last);
    LogDebug("kinesis " + std::string(operation) + ": retrying in " + Ms(delay) + " after " +
             last.code());
    sleeper_.SleepFor(delay);
  }
  LogWarning("kinesis " + std::string(operation) + ": giving up after " +
             std::to_string(max_attempts) + " attempts; last error: " + last.ToString());
  // Salt's text first (callers and scripts match it), then the cause of the last failure.
  return Status(codes::kRetriesExhausted,
                "Tried to execute function " + std::string(operation) + " " +
                    std::to_string(max_attempts) + " times, but was unable" +
                    (last.ok() ? "" : ": " + last.ToString()),
                last.http_status(), last.request_id());
}

Status KinesisJsonRpc::CallStreaming(std::string_view operation,
                                     const nlohmann::ordered_json& request, Duration timeout,
                                     const std::function<bool(std::string_view)>& on_body) {
  const HttpTransport::BodyCallback callback = on_body;
  KINESISCTL_ASSIGN_OR_RETURN(const std::string body, RequestBody(operation, request));
  auto result = Attempt(operation, body, 0, 1, config_.retry.deadline, &callback, timeout);
  return result.ok() ? Status() : result.status();
}

}  // namespace

std::string RedactSecrets(std::string text, std::initializer_list<std::string_view> secrets) {
  // Secrets are base64 or hex words: an occurrence inside a longer word is not the secret.
  // ('=' only ends a base64 word: "key=SECRET" still shows the secret.)
  const auto word_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/';
  };
  for (const auto secret : secrets) {
    if (secret.empty()) continue;
    for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
      const size_t end = pos + secret.size();
      const bool whole = (pos == 0 || !word_char(text[pos - 1])) &&
                         (end == text.size() || (!word_char(text[end]) && text[end] != '='));
      if (!whole) {
        ++pos;
        continue;
      }
      text.replace(pos, secret.size(), "<redacted>");
      pos += 10;
    }
  }
  return text;
}

StatusOr<std::unique_ptr<JsonRpc>> NewKinesisJsonRpc(KinesisRpcConfig config,
                                                     std::unique_ptr<HttpTransport> transport,
                                                     Clock& clock, Sleeper& sleeper,
                                                     Random& random) {
  KINESISCTL_ASSIGN_OR_RETURN(const Url url, ParseUrl(config.endpoint));
  if (config.credentials == nullptr) {
    return Status(codes::kInternal, "NewKinesisJsonRpc: no credentials provider");
  }
  if (config.region.empty()) return InvalidInputError("no region to sign requests for");
  std::string target = url.Origin() + (url.path.empty() ? "/" : url.path);
  if (!url.query.empty()) target += "?" + url.query;
  return std::unique_ptr<JsonRpc>(std::make_unique<KinesisJsonRpc>(
      std::move(config), std::move(target), std::move(transport), clock, sleeper, random));
}

}  // namespace kinesisctl::aws
