#include "server/front_door.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "core/error_table.h"
#include "core/log.h"
#include "server/faults/fault_admin.h"
#include "server/request_stream.h"
#include "server/simple_json.h"

namespace kinesisctl::server {
namespace {

constexpr char kTargetPrefix[] = "Kinesis_20131202.";
constexpr char kJson11[] = "application/x-amz-json-1.1";

std::string RequestId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  const uint64_t a = rng(), b = rng();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

HttpResponse JsonResponse(int status, const std::string& content_type, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", content_type);
  r.headers.emplace_back("x-amzn-RequestId", RequestId());
  r.body = std::move(body);
  return r;
}

HttpResponse ErrorResponse(const std::string& code, const std::string& message, int status = 0,
                           const std::string& content_type = kJson11) {
  nlohmann::json body = {{"__type", code}};
  if (!message.empty()) body["message"] = message;
  // Messages may quote request bytes that are not UTF-8 (found by fuzz/server_fuzz): replace
  // them instead of letting dump() throw.
  HttpResponse r =
      JsonResponse(status ? status : HttpStatusForError(code), content_type,
                   body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  r.headers.emplace_back("x-amzn-ErrorType", code);
  return r;
}

std::string Trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The Authorization header as AWS echoes it in IncompleteSignature messages, but with every
// Signature value replaced: a signature never reaches an answer or a log.
std::string WithoutSignature(const std::string& header) {
  std::string out = header;
  size_t pos = 0;
  while ((pos = out.find("Signature=", pos)) != std::string::npos) {
    pos += 10;
    const size_t end = std::min(out.find_first_of(", ", pos), out.size());
    if (end > pos) out.replace(pos, end - pos, "<redacted>");
    pos += 10;
  }
  return out;
}

}  // namespace

StatusOr<AuthorizationParts> ParseAuthorization(const HttpRequest& request) {
  const std::string& header = request.Header("authorization");
  // "ALGORITHM k=v, k=v, k=v": split on commas and spaces after the algorithm.
  std::map<std::string, std::string> params;
  const size_t space = header.find(' ');
  std::string rest = space == std::string::npos ? "" : header.substr(space + 1);
  size_t pos = 0;
  while (pos <= rest.size()) {
    size_t end = rest.find_first_of(", ", pos);
    if (end == std::string::npos) end = rest.size();
    const std::string item = Trim(rest.substr(pos, end - pos));
    if (const size_t eq = item.find('='); eq != std::string::npos) {
      params[item.substr(0, eq)] = item.substr(eq + 1);
    }
    pos = end + 1;
  }
  std::string message;
  for (const char* p : {"Credential", "Signature", "SignedHeaders"}) {
    if (params[p].empty())
      message += std::string("Authorization header requires '") + p + "' parameter. ";
  }
  if (!request.HasHeader("x-amz-date") && !request.HasHeader("date")) {
    message +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (!message.empty()) {
    return Status("IncompleteSignatureException",
                  message + "Authorization=" + WithoutSignature(header), 400);
  }
  AuthorizationParts parts;
  std::vector<std::string> scope;
  const std::string& credential = params["Credential"];
  size_t start = 0;
  while (true) {
    const size_t slash = credential.find('/', start);
    scope.push_back(credential.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (scope.size() != 5 || scope[2].empty()) {
    return Status(
        "IncompleteSignatureException",
        "Credential should be scoped to a valid region. Authorization=" + WithoutSignature(header),
        400);
  }
  parts.access_key = scope[0];
  parts.date = scope[1];
  parts.region = scope[2];
  parts.service = scope[3];
  parts.signed_headers = params["SignedHeaders"];
  parts.signature = params["Signature"];
  return parts;
}

HttpResponse FrontDoor::Handle(const HttpRequest& request) {
  if (faults_ && request.target.rfind(kAdminPrefix, 0) == 0) {
    return HandleFaultAdmin(*faults_, request);
  }
  if (request.method != "POST") {
    return ErrorResponse("AccessDeniedException",
                         "Unable to determine service/operation name to be authorized", 403);
  }
  std::string content_type = request.Header("content-type");
  content_type = Trim(content_type.substr(0, content_type.find(';')));
  const std::string& target = request.Header("x-amz-target");
  const bool target_ok = target.rfind(kTargetPrefix, 0) == 0 &&
                         router_.Knows(target.substr(sizeof(kTargetPrefix) - 1));
  if (content_type != kJson11 && content_type != "application/json") {
    return ErrorResponse("UnknownOperationException",
                         "Unsupported Content-Type '" + content_type + "'; send " + kJson11 + ".",
                         404);
  }
  if (request.body.empty()) {
    return ErrorResponse(target_ok ? "SerializationException" : "UnknownOperationException", "");
  }
  // The common subset fast; everything else (and every error) through nlohmann's parser.
  auto simple = ParseSimpleJson(request.body);
  nlohmann::json body = simple ? std::move(*simple)
                               : nlohmann::json::parse(request.body, nullptr,
                                                       /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return ErrorResponse("SerializationException", body.is_discarded()
                                                       ? "The request body is not valid JSON."
                                                       : "The request body must be a JSON object.");
  }
  if (!target_ok) return ErrorResponse("UnknownOperationException", "");
  if (!request.HasHeader("authorization")) {
    return ErrorResponse("MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  auto auth = ParseAuthorization(request);
  if (!auth.ok()) return ErrorResponse(auth.status().code(), auth.status().message());
  if (verifier_) {
    const Status verified = verifier_(request);
    if (!verified.ok()) return ErrorResponse(verified.code(), verified.message());
  }
  const std::string operation = target.substr(sizeof(kTargetPrefix) - 1);
  FaultDecision fault;
  if (faults_ && faults_->active()) {
    fault = faults_->Decide(operation, RequestStreamName(body));
    if (!fault.error.ok() || fault.drop_connection || fault.latency_ms > 0) {
      LogWarning(
          "fault injected: " + operation +
          (fault.error.ok() ? "" : " answers " + fault.error.code()) +
          (fault.drop_connection ? " loses its answer" : "") +
          (fault.latency_ms > 0 ? " waits " + std::to_string(fault.latency_ms) + " ms" : ""));
    }
    if (fault.latency_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(fault.latency_ms));
    }
    if (!fault.error.ok()) {
      return ErrorResponse(fault.error.code(), fault.error.message(), fault.error.http_status());
    }
  }
  auto result = router_.Dispatch(operation, auth->region, std::move(body));
  HttpResponse response = result.ok()
                              ? JsonResponse(200, kJson11, std::move(*result))
                              : ErrorResponse(result.status().code(), result.status().message(),
                                              result.status().http_status());
  response.drop_connection = fault.drop_connection;
  return response;
}

}  // namespace kinesisctl::server
