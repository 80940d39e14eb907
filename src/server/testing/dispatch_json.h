// Test helper: one request through a Router, its answer parsed. Actions without output members
// answer an empty body, as AWS does; that comes back as a null document. Thread-safe as the
// router is.
#ifndef KINESISCTL_SERVER_TESTING_DISPATCH_JSON_H_
#define KINESISCTL_SERVER_TESTING_DISPATCH_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

#include "kinesisctl/status.h"
#include "server/router.h"

namespace kinesisctl::server {

inline StatusOr<nlohmann::json> DispatchJson(Router& router, const std::string& action,
                                             nlohmann::json body,
                                             const std::string& region = "us-east-1") {
  KINESISCTL_ASSIGN_OR_RETURN(std::string text, router.Dispatch(action, region, std::move(body)));
  return text.empty() ? nlohmann::json() : nlohmann::json::parse(text);
}

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_TESTING_DISPATCH_JSON_H_
