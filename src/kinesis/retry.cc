#include "kinesis/retry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error_table.h"

namespace kinesisctl::aws {
namespace {

// Throttling and transient codes of the SDKs' standard retry mode (botocore's retries/standard.py)
// that are not in the shared error table.
constexpr std::array<std::string_view, 12> kGenericRetryable = {
    "Throttling",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    "InternalFailure",
    "ServiceUnavailable",
};

std::string Excerpt(const std::string& body) {
  std::string out;
  for (const char c : body.substr(0, 200)) {
    out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  }
  if (body.size() > 200) out += "...";
  return out;
}

}  // namespace

Status DecodeErrorResponse(const HttpResponse& response) {
  std::string code = response.Header("x-amzn-ErrorType");
  std::string message;
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object()) {
    for (const char* key : {"__type", "code", "Code"}) {
      if (code.empty() && body.contains(key) && body[key].is_string()) {
        code = body[key].get<std::string>();
      }
    }
    for (const char* key : {"message", "Message"}) {
      if (message.empty() && body.contains(key) && body[key].is_string()) {
        message = body[key].get<std::string>();
      }
    }
  }
  code = std::string(NormalizeErrorCode(code));
  if (code.empty()) code = kUnknownError;
  if (message.empty()) {
    message = "HTTP " + std::to_string(response.status);
    if (!response.body.empty() && !body.is_object()) message += ": " + Excerpt(response.body);
  }
  return Status(code, message, response.status, response.Header("x-amzn-RequestId"));
}

bool IsRetryable(const Status& status, const CallOptions& options) {
  if (status.ok()) return false;
  const std::string& code = status.code();
  if (code == codes::kTransport) return true;
  if (status.http_status() >= 500 || status.http_status() == 429) return true;
  if (std::find(kGenericRetryable.begin(), kGenericRetryable.end(), code) !=
      kGenericRetryable.end()) {
    return true;
  }
  const ErrorInfo* info = FindError(code);
  if (info == nullptr) return false;
  switch (info->retry) {
    case Retry::kNever:
      return false;
    case Retry::kAlways:
      return true;
    case Retry::kIfRateLimited:
      return IsRateLimitMessage(status.message());
    case Retry::kIfStreamExisting:
      return options.retry_resource_in_use;
  }
  return false;
}

Duration FullJitterBackoff(int attempt, Duration max_delay, double u) {
  u = std::clamp(u, 0.0, 1.0);
  const double cap_ms = static_cast<double>(max_delay.count());
  const double ms = u * std::ldexp(1000.0, std::min(attempt, 60));
  return Duration(static_cast<Duration::rep>(std::min(ms, cap_ms)));
}

}  // namespace kinesisctl::aws
