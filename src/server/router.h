// Router: owns the model and the action table; for one request it advances pending transitions
// to now, validates the body against the action's schema (AWS's messages) and runs the action on
// the model of the request's region. Thread-safe: a mutex serialises access to the model.
#ifndef KINESISCTL_SERVER_ROUTER_H_
#define KINESISCTL_SERVER_ROUTER_H_

#include <map>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"
#include "server/actions/actions.h"
#include "server/model/model.h"

namespace kinesisctl::server {

class Router {
 public:
  Router(ServerConfig config, Clock& clock);

  bool Knows(const std::string& action) const { return actions_.count(action) > 0; }

  // The action's JSON answer, or an AWS error Status (code, message, HTTP status).
  StatusOr<nlohmann::json> Dispatch(const std::string& action, const std::string& region,
                                    const nlohmann::json& body);

  const ServerConfig& config() const { return config_; }

 private:
  ServerConfig config_;
  Clock& clock_;
  std::map<std::string, ActionSpec> actions_;
  std::mutex mu_;
  Model model_;
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ROUTER_H_
