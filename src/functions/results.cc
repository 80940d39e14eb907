#include "functions/results.h"

namespace kinesisctl::admin {

Result OkResult(Result value) {
  Result out = Result::object();
  out["result"] = std::move(value);
  return out;
}

Result ErrorResult(const Status& status) {
  Result out = Result::object();
  if (status.code() == codes::kRetriesExhausted) {
    out["error"] = status.message();
    return out;
  }
  out["error"] = {{"Code", status.code()}, {"Message", status.message()}};
  out["result"] = nullptr;
  return out;
}

Result TextErrorResult(const std::string& text) {
  Result out = Result::object();
  out["error"] = text;
  return out;
}

Result GuardAnswers(const std::string& function, const std::function<Result()>& body) {
  try {
    return body();
  } catch (const nlohmann::json::exception& e) {
    return ErrorResult(
        Status(codes::kInvalidResponse,
               function + ": unexpected answer from the service (" + e.what() + ")"));
  }
}

}  // namespace kinesisctl::admin
