#include "server/faults/fault_rules.h"

#include <map>

namespace kinesisctl::server {
namespace {

using Json = nlohmann::json;

struct KnownError {
  int http_status;
  const char* message;
};

// The errors a rule may name without giving a status; any other code needs "http_status".
const std::map<std::string, KnownError>& KnownErrors() {
  static const auto* known = new std::map<std::string, KnownError>{
      {"ProvisionedThroughputExceededException", {400, "Rate exceeded (injected fault)."}},
      {"LimitExceededException", {400, "Rate exceeded (injected fault)."}},
      {"InternalFailure", {500, "Internal failure (injected fault)."}},
      {"InternalFailureException", {500, "Internal failure (injected fault)."}},
      {"ServiceUnavailable", {503, "Service unavailable (injected fault)."}},
      {"ServiceUnavailableException", {503, "Service unavailable (injected fault)."}},
      {"ExpiredIteratorException", {400, "Iterator expired (injected fault)."}},
      {"ResourceInUseException", {400, "Resource in use (injected fault)."}},
      {"ResourceNotFoundException", {400, "Resource not found (injected fault)."}},
      {"AccessDeniedException", {400, "Access denied (injected fault)."}},
      {"KMSThrottlingException", {400, "KMS throttled the request (injected fault)."}},
      {"KMSDisabledException", {400, "The KMS key is disabled (injected fault)."}},
      {"KMSInvalidStateException", {400, "The KMS key is not in a valid state (injected fault)."}},
      {"KMSAccessDeniedException", {400, "Access to the KMS key was denied (injected fault)."}},
      {"KMSNotFoundException", {400, "The KMS key was not found (injected fault)."}},
      {"KMSOptInRequired", {400, "The account is not subscribed to KMS (injected fault)."}},
  };
  return *known;
}

Status RuleError(size_t i, const std::string& problem) {
  return InvalidInputError("fault rule " + std::to_string(i + 1) + ": " + problem);
}

StatusOr<FaultRule> ParseRule(size_t i, const Json& j) {
  if (!j.is_object()) return RuleError(i, "must be a JSON object");
  static const char* kMembers[] = {"operation", "stream",      "error",
                                   "message",   "http_status", "probability",
                                   "count",     "latency_ms",  "drop_connection"};
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const char* m : kMembers) known = known || key == m;
    if (!known) return RuleError(i, "unknown member \"" + key + "\"");
  }
  FaultRule r;
  auto str = [&](const char* name, std::string& out) -> Status {
    auto it = j.find(name);
    if (it == j.end()) return OkStatus();
    if (!it->is_string()) return RuleError(i, std::string("\"") + name + "\" must be a string");
    out = it->get<std::string>();
    return OkStatus();
  };
  auto integer = [&](const char* name, int64_t lo, int64_t hi, int64_t& out) -> Status {
    auto it = j.find(name);
    if (it == j.end()) return OkStatus();
    if (!it->is_number_integer() || it->get<int64_t>() < lo || it->get<int64_t>() > hi) {
      return RuleError(i, std::string("\"") + name + "\" must be an integer from " +
                              std::to_string(lo) + " to " + std::to_string(hi));
    }
    out = it->get<int64_t>();
    return OkStatus();
  };
  KINESISCTL_RETURN_IF_ERROR(str("operation", r.operation));
  if (r.operation.empty()) return RuleError(i, "\"operation\" is required (\"*\" for any)");
  KINESISCTL_RETURN_IF_ERROR(str("stream", r.stream));
  KINESISCTL_RETURN_IF_ERROR(str("error", r.error));
  KINESISCTL_RETURN_IF_ERROR(str("message", r.message));
  int64_t status = 0;
  KINESISCTL_RETURN_IF_ERROR(integer("http_status", 400, 599, status));
  r.http_status = static_cast<int>(status);
  KINESISCTL_RETURN_IF_ERROR(integer("count", 1, int64_t{1} << 40, r.count));
  KINESISCTL_RETURN_IF_ERROR(integer("latency_ms", 0, 600'000, r.latency_ms));
  if (auto p = j.find("probability"); p != j.end()) {
    if (!p->is_number() || p->get<double>() < 0.0 || p->get<double>() > 1.0) {
      return RuleError(i, "\"probability\" must be a number from 0 to 1");
    }
    r.probability = p->get<double>();
  }
  if (auto d = j.find("drop_connection"); d != j.end()) {
    if (!d->is_boolean()) return RuleError(i, "\"drop_connection\" must be true or false");
    r.drop_connection = d->get<bool>();
  }
  if (!r.error.empty()) {
    if (r.error.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") !=
        std::string::npos) {
      return RuleError(i, "\"error\" must be an error code such as InternalFailure");
    }
    auto known = KnownErrors().find(r.error);
    if (known == KnownErrors().end() && r.http_status == 0) {
      return RuleError(i, "unknown error \"" + r.error + "\": give its \"http_status\"");
    }
    if (known != KnownErrors().end()) {
      if (r.http_status == 0) r.http_status = known->second.http_status;
      if (r.message.empty()) r.message = known->second.message;
    }
  }
  if (!r.error.empty() && r.drop_connection) {
    return RuleError(i, "\"error\" and \"drop_connection\" exclude each other");
  }
  if (r.error.empty() && !r.drop_connection && r.latency_ms == 0) {
    return RuleError(i,
                     "says nothing to do: give \"error\", \"latency_ms\" or \"drop_connection\"");
  }
  return r;
}

}  // namespace

StatusOr<std::vector<FaultRule>> ParseFaultRules(const std::string& text) {
  const Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return InvalidInputError("fault rules: not valid JSON");
  const Json* list = &doc;
  if (doc.is_object()) {
    auto it = doc.find("rules");
    if (it == doc.end() || doc.size() != 1) {
      return InvalidInputError("fault rules: want {\"rules\": [...]} or a JSON array of rules");
    }
    list = &*it;
  }
  if (!list->is_array()) return InvalidInputError("fault rules: \"rules\" must be an array");
  std::vector<FaultRule> rules;
  for (size_t i = 0; i < list->size(); ++i) {
    KINESISCTL_ASSIGN_OR_RETURN(FaultRule r, ParseRule(i, (*list)[i]));
    rules.push_back(std::move(r));
  }
  return rules;
}

nlohmann::json FaultRulesJson(const std::vector<FaultRule>& rules) {
  Json out = Json::array();
  for (const FaultRule& r : rules) {
    Json j = {{"operation", r.operation}, {"probability", r.probability}};
    if (!r.stream.empty()) j["stream"] = r.stream;
    if (!r.error.empty()) {
      j["error"] = r.error;
      j["message"] = r.message;
      j["http_status"] = r.http_status;
    }
    if (r.count >= 0) j["count"] = r.count;
    if (r.latency_ms > 0) j["latency_ms"] = r.latency_ms;
    if (r.drop_connection) j["drop_connection"] = true;
    out.push_back(std::move(j));
  }
  return {{"rules", out}};
}

FaultDecision FaultInjector::Decide(const std::string& operation, const std::string& stream) {
  std::lock_guard<std::mutex> lock(mu_);
  FaultDecision d;
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    FaultRule& r = *it;
    if (r.operation != "*" && r.operation != operation) continue;
    if (!r.stream.empty() && r.stream != stream) continue;
    if (r.probability < 1.0 &&
        std::uniform_real_distribution<double>(0.0, 1.0)(rng_) >= r.probability) {
      continue;
    }
    d.latency_ms = r.latency_ms;
    d.drop_connection = r.drop_connection;
    if (!r.error.empty()) d.error = Status(r.error, r.message, r.http_status);
    if (r.count > 0 && --r.count == 0) {
      rules_.erase(it);
      active_.store(!rules_.empty(), std::memory_order_relaxed);
    }
    break;
  }
  return d;
}

void FaultInjector::Add(std::vector<FaultRule> rules) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& r : rules) rules_.push_back(std::move(r));
  active_.store(!rules_.empty(), std::memory_order_relaxed);
}

void FaultInjector::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.clear();
  active_.store(false, std::memory_order_relaxed);
}

std::vector<FaultRule> FaultInjector::Rules() {
  std::lock_guard<std::mutex> lock(mu_);
  return rules_;
}

}  // namespace kinesisctl::server
