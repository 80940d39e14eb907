// Router: owns the model and the action table; for one request it validates the body against
// the action's schema (AWS's messages), advances pending transitions to now, runs the action on
// the model and saves what changed (streams, appended records) in one storage transaction, then
// tells the change listener (subscriptions waiting for records). Each request is all or nothing:
// when the action answers an error, throws or its commit fails, the streams it changed are put
// back, so the model always equals what is stored.
//
// Group commit. PutRecord and PutRecords only append records and move shards' sequence counters:
// they run under the lock, queue their records and wait with the lock released. The first
// waiter commits every queued request's records in one transaction (Storage::CommitRecords) while
// later requests run and queue; each answer is sent only after the transaction holding its
// records has committed. The queue keeps the order the sequence numbers were given in, so
// records become readable in that order. A failed group commit fails every request of the group
// and every request queued behind it, and their sequence counters are put back. Every other
// request first waits until the queue is empty and then commits alone under the lock, as before.
// Thread-safe: a mutex guards the model and the queue; record reads run outside it.
#ifndef KINESISCTL_SERVER_ROUTER_H_
#define KINESISCTL_SERVER_ROUTER_H_

#include <condition_variable>
#include <deque>
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
#include "server/model/undo_log.h"
#include "server/storage/storage.h"

namespace kinesisctl::server {

class Router {
 public:
  // Loads the saved model from `storage` (streams, shards, pending transitions, sequence state).
  static StatusOr<std::unique_ptr<Router>> Create(ServerConfig config, Clock& clock,
                                                  std::unique_ptr<Storage> storage);

  bool Knows(const std::string& action) const { return actions_.count(action) > 0; }

  // The action's answer in `format` (JSON text, or CBOR), or an AWS error Status (code, message,
  // HTTP status). An action without output members answers "" in either format. For PutRecords
  // the caller may give the entries already read and checked (`plain`, with `body` holding the
  // stream name only): the document is then not validated again.
  StatusOr<std::string> Dispatch(const std::string& action, const std::string& region,
                                 nlohmann::json body, AnswerFormat format = AnswerFormat::kJson,
                                 const PlainPutRecords* plain = nullptr);

  const ServerConfig& config() const { return config_; }

  // For tests: a copy of the model, and an extra action (to inject faults inside one).
  Model ModelForTest();
  void AddActionForTest(ActionSpec spec);
  // For tests: how many requests wait in the group-commit queue (not counting a group being
  // committed).
  size_t QueuedForTest();
  // For tests: requests waiting for the queue to empty, and appends waiting for them.
  int DrainingForTest();
  int WaitingAppendsForTest();

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
  bool TransitionsDue(int64_t now_ms) const;
  // Completes the transitions due by now_ms and saves them; on a failed save puts them back and
  // answers InternalFailure (500).
  Status AdvanceTransitionsAndSave(int64_t now_ms, bool& advanced);
  Status Save(const std::set<std::pair<std::string, std::string>>& dirty,
              const std::vector<NewRecord>& records);

  // One queued request's records and the undo log that puts its sequence counters back.
  struct Queued {
    const std::vector<NewRecord>* records = nullptr;
    UndoLog* undo = nullptr;
    bool done = false;
    Status result = OkStatus();
  };
  // Waits (lock held on entry and return, released while waiting) until no records are queued
  // or being committed. New appends wait meanwhile, so the queue cannot starve a drainer.
  void DrainLocked(std::unique_lock<std::mutex>& lock);
  // Queues `q` and returns once its records are committed (or failed): q.result.
  void CommitQueuedLocked(std::unique_lock<std::mutex>& lock, Queued& q);

  ServerConfig config_;
  Clock& clock_;
  std::unique_ptr<Storage> storage_;
  std::map<std::string, ActionSpec> actions_;
  std::mutex mu_;
  std::condition_variable committed_;  // with mu_: a group commit ended or a drainer left
  std::deque<Queued*> queue_;          // guarded by mu_; in sequence-number order
  bool committing_ = false;            // guarded by mu_: a group commit is under way
  int draining_ = 0;                   // guarded by mu_: requests waiting in DrainLocked
  int waiting_appends_ = 0;            // guarded by mu_: appends waiting for drainers
  Model model_;
  int64_t last_trim_ms_ = 0;
  std::unique_ptr<ShardLimits> limits_;  // with --enforce-limits only
  std::function<void()> listener_;
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ROUTER_H_
