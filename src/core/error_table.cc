#include "core/error_table.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace kinesisctl {
namespace {

constexpr std::array<ErrorInfo, 31> kErrors = {{
    {"ResourceNotFoundException", 400, Retry::kNever},
    {"ResourceInUseException", 400, Retry::kIfStreamExisting},
    {"LimitExceededException", 400, Retry::kIfRateLimited},
    {"InvalidArgumentException", 400, Retry::kNever},
    {"ValidationException", 400, Retry::kNever},
    {"AccessDeniedException", 400, Retry::kNever},
    {"ExpiredNextTokenException", 400, Retry::kNever},
    {"ExpiredIteratorException", 400, Retry::kNever},
    {"ProvisionedThroughputExceededException", 400, Retry::kAlways},
    {"KMSDisabledException", 400, Retry::kNever},
    {"KMSInvalidStateException", 400, Retry::kNever},
    {"KMSAccessDeniedException", 400, Retry::kNever},
    {"KMSNotFoundException", 400, Retry::kNever},
    {"KMSOptInRequired", 400, Retry::kNever},
    {"KMSThrottlingException", 400, Retry::kAlways},
    {"InternalFailure", 500, Retry::kAlways},  // AWS's code for its own faults
    {"InternalFailureException", 500, Retry::kAlways},
    {"ServiceUnavailableException", 503, Retry::kAlways},
    {"ThrottlingException", 400, Retry::kAlways},
    {"SerializationException", 400, Retry::kNever},
    {"UnknownOperationException", 400, Retry::kNever},
    {"MissingAuthenticationTokenException", 400, Retry::kNever},
    {"IncompleteSignatureException", 400, Retry::kNever},
    {"InvalidSignatureException", 400, Retry::kNever},
    {"UnrecognizedClientException", 400, Retry::kNever},
    {"ExpiredTokenException", 400, Retry::kNever},
    {"InvalidClientTokenId", 403, Retry::kNever},
    {"RequestEntityTooLargeException", 413, Retry::kNever},
    {"InvalidAction", 400, Retry::kNever},
    {"RequestTimeout", 408, Retry::kAlways},
    {"RequestTimeoutException", 408, Retry::kAlways},
}};

}  // namespace

const ErrorInfo* FindError(std::string_view code) {
  const auto it = std::find_if(kErrors.begin(), kErrors.end(),
                               [&](const ErrorInfo& e) { return e.code == code; });
  return it == kErrors.end() ? nullptr : &*it;
}

int HttpStatusForError(std::string_view code) {
  const ErrorInfo* info = FindError(code);
  return info ? info->http_status : 400;
}

std::string_view NormalizeErrorCode(std::string_view raw) {
  if (const size_t colon = raw.find(':'); colon != std::string_view::npos) {
    raw = raw.substr(0, colon);
  }
  if (const size_t hash = raw.rfind('#'); hash != std::string_view::npos) {
    raw = raw.substr(hash + 1);
  }
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front())))
    raw.remove_prefix(1);
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
  return raw;
}

bool IsRateLimitMessage(std::string_view message) {
  std::string lower(message);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("rate exceeded") != std::string::npos ||
         lower.find("rate limit") != std::string::npos;
}

}  // namespace kinesisctl
