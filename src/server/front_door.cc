#include "server/front_door.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string_view>
#include <thread>

#include "core/error_table.h"
#include "core/log.h"
#include "server/cbor/cbor_codec.h"
#include "server/faults/fault_admin.h"
#include "server/http/request_ids.h"
#include "server/request_stream.h"
#include "server/simple_json.h"
#include "server/validation/echo.h"

namespace kinesisctl::server {
namespace {

constexpr char kTargetPrefix[] = "Kinesis_20131202.";
constexpr char kPutRecordsTarget[] = "Kinesis_20131202.PutRecords";
constexpr char kJson11[] = "application/x-amz-json-1.1";

HttpResponse JsonResponse(int status, const std::string& content_type, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", content_type);
  r.headers.emplace_back("x-amzn-RequestId", RequestId());
  r.headers.emplace_back("x-amz-id-2", ExtendedRequestId());
  r.body = std::move(body);
  return r;
}

// AWS's error bodies: {"__type": CODE, "message": TEXT}, except that the serialization layer
// writes "Message" (capital M). Internal errors use AWS's code InternalFailure.
HttpResponse ErrorResponse(std::string code, const std::string& message, int status = 0,
                           const std::string& content_type = kJson11) {
  if (code == codes::kInternal || code == "InternalFailureException") {
    code = "InternalFailure";
    status = 500;
  }
  nlohmann::json body = {{"__type", code}};
  if (!message.empty()) body[code == "SerializationException" ? "Message" : "message"] = message;
  // Messages may quote request bytes that are not UTF-8 (found by fuzz/server_fuzz): replace
  // them instead of letting dump() throw. CBOR answers carry the same message as text.
  std::string text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (content_type == kCborContentType) text = JsonToCbor(nlohmann::json::parse(text));
  HttpResponse r =
      JsonResponse(status ? status : HttpStatusForError(code), content_type, std::move(text));
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

std::map<std::string, std::string> QueryParameters(const std::string& target) {
  std::map<std::string, std::string> out;
  const size_t q = target.find('?');
  if (q == std::string::npos) return out;
  const auto decode = [](std::string_view s) {
    std::string d;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
          std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
        d += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        d += s[i] == '+' ? ' ' : s[i];
      }
    }
    return d;
  };
  const std::string_view query = std::string_view(target).substr(q + 1);
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view pair = query.substr(start, amp - start);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      out[decode(pair.substr(0, eq))] =
          eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1));
    }
    start = amp + 1;
  }
  return out;
}

bool IsPresigned(const HttpRequest& request) {
  return request.target.find("X-Amz-Algorithm") != std::string::npos &&
         QueryParameters(request.target).count("X-Amz-Algorithm") > 0;
}

namespace {

// The credential scope "AKID/DATE/REGION/SERVICE/aws4_request" split into `parts`; false when it
// does not have five parts and a region.
bool SplitScope(const std::string& credential, AuthorizationParts& parts) {
  std::vector<std::string> scope;
  size_t start = 0;
  while (true) {
    const size_t slash = credential.find('/', start);
    scope.push_back(credential.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (scope.size() != 5 || scope[2].empty()) return false;
  parts.access_key = scope[0];
  parts.date = scope[1];
  parts.region = scope[2];
  parts.service = scope[3];
  return true;
}

StatusOr<AuthorizationParts> ParseQueryAuthorization(const HttpRequest& request) {
  if (request.HasHeader("authorization")) {
    return Status("InvalidSignatureException",
                  "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as "
                  "HTTP header.",
                  400);
  }
  std::map<std::string, std::string> query = QueryParameters(request.target);
  std::string message;
  for (const char* p : {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature",
                        "X-Amz-SignedHeaders", "X-Amz-Date"}) {
    if (query[p].empty()) {
      message += std::string("AWS query-string parameters must include '") + p + "'. ";
    }
  }
  if (!message.empty()) {
    return Status("IncompleteSignatureException",
                  message + "Re-examine the query-string parameters.", 400);
  }
  AuthorizationParts parts;
  if (!SplitScope(query["X-Amz-Credential"], parts)) {
    return Status("IncompleteSignatureException",
                  "Credential should be scoped to a valid region. Re-examine the query-string "
                  "parameters.",
                  400);
  }
  parts.signed_headers = query["X-Amz-SignedHeaders"];
  parts.signature = query["X-Amz-Signature"];
  parts.algorithm = query["X-Amz-Algorithm"];
  parts.presigned = true;
  parts.amz_date = query["X-Amz-Date"];
  parts.expires = query["X-Amz-Expires"];
  return parts;
}

}  // namespace

StatusOr<AuthorizationParts> ParseAuthorization(const HttpRequest& request) {
  if (IsPresigned(request)) return ParseQueryAuthorization(request);
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
  parts.algorithm = header.substr(0, space);
  if (!SplitScope(params["Credential"], parts)) {
    return Status(
        "IncompleteSignatureException",
        "Credential should be scoped to a valid region. Authorization=" + WithoutSignature(header),
        400);
  }
  parts.signed_headers = params["SignedHeaders"];
  parts.signature = params["Signature"];
  return parts;
}

// Names what was asked for, so that a typo in X-Amz-Target is visible in the error.
static std::string UnknownOperationMessage(const std::string& target) {
  if (target.empty())
    return std::string("Missing X-Amz-Target; send ") + kTargetPrefix + "<Operation>.";
  if (target.rfind(kTargetPrefix, 0) != 0) {
    return "Unknown X-Amz-Target '" + target + "'; send " + kTargetPrefix + "<Operation>.";
  }
  return "Unknown operation '" + target.substr(sizeof(kTargetPrefix) - 1) + "'.";
}

HttpResponse FrontDoor::Handle(const HttpRequest& request) {
  if (faults_ && request.target.rfind(kAdminPrefix, 0) == 0) {
    return HandleFaultAdmin(*faults_, request);
  }
  if (request.method != "POST") {
    // AWS answers every other method in XML, without a Content-Type.
    HttpResponse r;
    r.status = 403;
    r.headers.emplace_back("x-amzn-RequestId", RequestId());
    r.headers.emplace_back("x-amz-id-2", ExtendedRequestId());
    r.body =
        "<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be "
        "authorized</Message>\n</AccessDeniedException>\n";
    return r;
  }
  std::string content_type = request.Header("content-type");
  content_type = Trim(content_type.substr(0, content_type.find(';')));
  const std::string& target = request.Header("x-amz-target");
  const bool target_ok = target.rfind(kTargetPrefix, 0) == 0 &&
                         router_.Knows(target.substr(sizeof(kTargetPrefix) - 1));
  // CBOR (the Java SDK's default) is translated here, both ways; the actions see JSON only.
  const bool cbor = content_type == kCborContentType;
  if (content_type != kJson11 && content_type != "application/json" && !cbor) {
    return ErrorResponse("UnknownOperationException",
                         "Unsupported Content-Type '" + Echo(content_type) + "'; send " + kJson11 +
                             " or " + kCborContentType + ".",
                         404);
  }
  const char* answer_type = cbor ? kCborContentType : kJson11;
  if (request.body.empty()) {
    if (target_ok) return ErrorResponse("SerializationException", "", 0, answer_type);
    return ErrorResponse("UnknownOperationException", UnknownOperationMessage(target), 0,
                         answer_type);
  }
  nlohmann::json body;
  std::optional<PlainPutRecords> plain;  // views into request.body
  if (cbor) {
    auto decoded = CborToJson(request.body);
    if (!decoded.ok()) {
      return ErrorResponse(decoded.status().code(), decoded.status().message(), 0, answer_type);
    }
    body = std::move(*decoded);
  } else if (target == kPutRecordsTarget &&
             (plain = ParsePlainPutRecords(request.body)).has_value()) {
    // The data plane's largest request, already read and checked: no document of its entries.
    body = {{"StreamName", std::string(plain->stream_name)}};
  } else {
    // The common subset fast; everything else (and every error) through nlohmann's parser.
    auto simple = ParseSimpleJson(request.body);
    body = simple ? std::move(*simple)
                  : nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) {
      return ErrorResponse("SerializationException",
                           body.is_discarded() ? "The request body is not valid JSON."
                                               : "The request body must be a JSON object.");
    }
  }
  if (!target_ok) {
    return ErrorResponse("UnknownOperationException", UnknownOperationMessage(target), 0,
                         answer_type);
  }
  if (!request.HasHeader("authorization") && !IsPresigned(request)) {
    return ErrorResponse("MissingAuthenticationTokenException", "Missing Authentication Token", 0,
                         answer_type);
  }
  auto auth = ParseAuthorization(request);
  if (!auth.ok()) {
    return ErrorResponse(auth.status().code(), auth.status().message(), 0, answer_type);
  }
  if (verifier_) {
    const Status verified = verifier_(request);
    if (!verified.ok()) {
      return ErrorResponse(verified.code(), verified.message(), 0, answer_type);
    }
  }
  const std::string action = target.substr(sizeof(kTargetPrefix) - 1);
  FaultDecision fault;
  if (faults_ && faults_->active()) {
    fault = faults_->Decide(action, RequestStreamName(body));
    if (!fault.error.ok() || fault.drop_connection || fault.latency_ms > 0) {
      LogWarning(
          "fault injected: " + action + (fault.error.ok() ? "" : " answers " + fault.error.code()) +
          (fault.drop_connection ? " loses its answer" : "") +
          (fault.latency_ms > 0 ? " waits " + std::to_string(fault.latency_ms) + " ms" : ""));
    }
    if (fault.latency_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(fault.latency_ms));
    }
    if (!fault.error.ok()) {
      return ErrorResponse(fault.error.code(), fault.error.message(), fault.error.http_status(),
                           answer_type);
    }
  }
  HttpResponse response =
      Answer(action, auth->region, std::move(body), cbor, answer_type, plain ? &*plain : nullptr);
  response.drop_connection = fault.drop_connection;
  return response;
}

HttpResponse FrontDoor::Answer(const std::string& action, const std::string& region,
                               nlohmann::json body, bool cbor, const char* answer_type,
                               const PlainPutRecords* plain) {
  if (action == "SubscribeToShard") {
    if (!subscriber_) {
      return ErrorResponse("InternalFailureException", "SubscribeToShard is not served here.");
    }
    auto producer = subscriber_(region, std::move(body));
    if (!producer.ok()) {
      return ErrorResponse(producer.status().code(), producer.status().message(),
                           producer.status().http_status());
    }
    HttpResponse r = JsonResponse(200, "application/vnd.amazon.eventstream", "");
    r.producer = std::move(*producer);
    return r;
  }
  auto result = router_.Dispatch(action, region, std::move(body),
                                 cbor ? AnswerFormat::kCbor : AnswerFormat::kJson, plain);
  if (!result.ok()) {
    return ErrorResponse(result.status().code(), result.status().message(),
                         result.status().http_status(), answer_type);
  }
  return JsonResponse(200, answer_type, std::move(*result));
}

}  // namespace kinesisctl::server
