// Router: owns the model and the action table; for one request it validates the body against
// the action's schema (AWS's messages), advances pending transitions to now, runs the action on
// the model and saves what changed (streams, appended records) in one storage transaction, then
// tells the change listener (subscriptions waiting for records). Each request is all or nothing:
// when the action answers an error, throws or its commit fails, the streams it changed are put
// back, so the model always equals what is stored.
// Thread-safe: a mutex guards the model; record reads run outside it.
#ifndef KINESISCTL_SERVER_ROUTER_H_
#define KINESISCTL_SERVER_ROUTER_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"
#include "server/actions/actions.h"
#include "server/limits/shard_limits.h"
#include "server/model/model.h"
#include "server/storage/storage.h"

namespace kinesisctl::server {

class Router {
 public:
  // Loads the saved model from `storage` (streams, shards, pending transitions, sequence state).
  static StatusOr<std::unique_ptr<Router>> Create(ServerConfig config, Clock& clock,
                                                  std::unique_ptr<Storage> storage);

  bool Knows(const std::string& action) const { return actions_.count(action) > 0; }

  // The action's answer in `format` (JSON text, or CBOR), or an AWS error Status (code, message,
  // HTTP status). An action without output members answers "" in either format.
  StatusOr<std::string> Dispatch(const std::string& action, const std::string& region,
                                 nlohmann::json body, AnswerFormat format = AnswerFormat::kJson);

  const ServerConfig& config() const { return config_; }

  // For tests: a copy of the model, and an extra action (to inject faults inside one).
  Model ModelForTest();
  void AddActionForTest(ActionSpec spec);

  // Called after every request that stored records or changed a stream or consumer (including
  // transitions it completed), once the change is saved, outside the lock. Set before serving.
  void SetChangeListener(std::function<void()> listener) { listener_ = std::move(listener); }

  // The time (ms since the epoch) the next pending stream or consumer transition completes, or
  // 0 when none is pending.
  int64_t NextDueMs();

  Clock& clock() { return clock_; }

 private:
  Router(ServerConfig config, Clock& clock, std::unique_ptr<Storage> storage);
  void TrimExpiredRecords(int64_t now_ms);
  // Completes the transitions due by now_ms and saves them; on a failed save puts them back and
  // answers InternalFailure (500).
  Status AdvanceTransitionsAndSave(int64_t now_ms, bool& advanced);
  Status Save(const std::set<std::pair<std::string, std::string>>& dirty,
              const std::vector<NewRecord>& records);

  ServerConfig config_;
  Clock& clock_;
  std::unique_ptr<Storage> storage_;
  std::map<std::string, ActionSpec> actions_;
  std::mutex mu_;
  Model model_;
  int64_t last_trim_ms_ = 0;
  std::unique_ptr<ShardLimits> limits_;  // with --enforce-limits only
  std::function<void()> listener_;
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ROUTER_H_
