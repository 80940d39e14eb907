#include "server/router.h"

#include <nlohmann/json.hpp>

#include "server/model/transitions.h"
#include "server/validation/schema.h"

namespace kinesisctl::server {

Router::Router(ServerConfig config, Clock& clock) : config_(std::move(config)), clock_(clock) {
  std::vector<ActionSpec> specs;
  RegisterStreamActions(specs);
  RegisterShardActions(specs);
  RegisterSettingsActions(specs);
  RegisterTagActions(specs);
  for (auto& spec : specs) {
    std::string name = spec.name;
    actions_.emplace(std::move(name), std::move(spec));
  }
}

StatusOr<nlohmann::json> Router::Dispatch(const std::string& action, const std::string& region,
                                          const nlohmann::json& body) {
  auto it = actions_.find(action);
  if (it == actions_.end()) return Status("UnknownOperationException", "", 400);
  RETURN_IF_ERROR(Validate(it->second.schema, body));
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = ToMillis(clock_.Now());
  AdvanceTransitions(model_, now);
  ActionContext ctx{config_, model_, region, now};
  return it->second.run(ctx, body);
}

}  // namespace kinesisctl::server
