#include "server/router.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/log.h"
#include "server/cbor/cbor_answer.h"
#include "server/model/transitions.h"
#include "server/request_stream.h"
#include "server/validation/schema.h"

namespace kinesisctl::server {

Router::Router(ServerConfig config, Clock& clock, std::unique_ptr<Storage> storage)
    : config_(std::move(config)), clock_(clock), storage_(std::move(storage)) {
  std::vector<ActionSpec> specs;
  RegisterStreamActions(specs);
  RegisterShardActions(specs);
  RegisterSettingsActions(specs);
  RegisterTagActions(specs);
  RegisterDataActions(specs);
  RegisterConsumerActions(specs);
  RegisterResourceActions(specs);
  RegisterAccountActions(specs);
  if (config_.enforce_limits) limits_ = std::make_unique<ShardLimits>();
  for (auto& spec : specs) {
    std::string name = spec.name;
    actions_.emplace(std::move(name), std::move(spec));
  }
}

StatusOr<std::unique_ptr<Router>> Router::Create(ServerConfig config, Clock& clock,
                                                 std::unique_ptr<Storage> storage) {
  std::unique_ptr<Router> router(new Router(std::move(config), clock, std::move(storage)));
  KINESISCTL_ASSIGN_OR_RETURN(router->model_, router->storage_->Load());
  // Sequence numbering continues after the newest stored record of each shard.
  for (auto& [region_name, region] : router->model_.regions) {
    for (auto& [name, stream] : region.streams) {
      for (Shard& shard : stream.shards) {
        KINESISCTL_ASSIGN_OR_RETURN(StoredRecord last,
                                    router->storage_->LastRecord(region_name, name, shard.index));
        if (last.sequence.size() != kSequenceNumberLength) continue;
        const std::optional<SequenceNumberParts> parts = ParseSequenceNumber(last.sequence);
        if (!parts) {
          return Status(codes::kInternal,
                        "unreadable sequence number in storage: " + last.sequence);
        }
        shard.last_ms = parts->time_ms;
        shard.last_counter = parts->counter;
        shard.last_arrival_ms = last.arrival_ms;
      }
    }
  }
  return router;
}

Status Router::Save(const std::set<std::pair<std::string, std::string>>& dirty,
                    const std::vector<NewRecord>& records) {
  std::vector<StreamChange> changes;
  for (const auto& [region, name] : dirty) {
    StreamChange change{region, name, nullptr};
    auto r = model_.regions.find(region);
    if (r != model_.regions.end()) {
      auto s = r->second.streams.find(name);
      if (s != r->second.streams.end()) change.stream = &s->second;
    }
    changes.push_back(change);
  }
  return storage_->Commit(changes, records);
}

void Router::TrimExpiredRecords(int64_t now_ms) {
  constexpr int64_t kTrimEveryMs = 60'000;
  if (now_ms - last_trim_ms_ < kTrimEveryMs) return;
  last_trim_ms_ = now_ms;
  for (const auto& [region_name, region] : model_.regions) {
    for (const auto& [name, stream] : region.streams) {
      const Status s =
          storage_->Trim(region_name, name, now_ms - int64_t{stream.retention_hours} * 3'600'000);
      if (!s.ok()) LogError("retention trimming: " + s.message());
    }
  }
}

namespace {

StatusOr<std::string> Run(const ActionSpec& spec, ActionContext& ctx, const Json& body) {
  if (spec.run_text) return spec.run_text(ctx, body);  // written in ctx.answer_format
  KINESISCTL_ASSIGN_OR_RETURN(Json answer, spec.run(ctx, body));
  if (answer.is_null()) return std::string();  // no output members: an empty body, as AWS
  // Answers may quote request bytes that are not UTF-8: replace them rather than throw.
  std::string text = answer.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (ctx.answer_format == AnswerFormat::kJson) return text;
  return JsonTextToCbor(text);
}

}  // namespace

namespace {

Status StoreFailed() {
  return Status("InternalFailure", "The server could not store the change.", 500);
}

// Whether a transition of the stream or of one of its consumers completes by now_ms.
bool Due(const Stream& stream, int64_t now_ms) {
  bool due = stream.pending.kind != Transition::Kind::kNone && stream.pending.due_ms <= now_ms;
  for (const Consumer& c : stream.consumers) {
    due = due || (c.status != ConsumerStatus::kActive && c.due_ms <= now_ms);
  }
  return due;
}

// The actions that only append records and move sequence counters: they commit in groups.
bool AppendsOnly(const std::string& action) {
  return action == "PutRecords" || action == "PutRecord";
}

}  // namespace

bool Router::TransitionsDue(int64_t now_ms) const {
  for (const auto& [region_name, region] : model_.regions) {
    for (const auto& [name, stream] : region.streams) {
      if (Due(stream, now_ms)) return true;
    }
  }
  return false;
}

void Router::DrainLocked(std::unique_lock<std::mutex>& lock) {
  if (!committing_ && queue_.empty()) return;
  ++draining_;
  committed_.wait(lock, [this] { return !committing_ && queue_.empty(); });
  if (--draining_ == 0) committed_.notify_all();
}

void Router::CommitQueuedLocked(std::unique_lock<std::mutex>& lock, Queued& q) {
  queue_.push_back(&q);
  while (!q.done) {
    if (committing_) {
      committed_.wait(lock);
      continue;
    }
    // This request leads: it commits everything queued so far, itself included.
    std::vector<Queued*> group(queue_.begin(), queue_.end());
    std::vector<const std::vector<NewRecord>*> batches;
    batches.reserve(group.size());
    for (const Queued* g : group) batches.push_back(g->records);
    queue_.clear();
    committing_ = true;
    lock.unlock();
    Status s = OkStatus();
    try {
      s = storage_->CommitRecords(batches);
    } catch (const std::exception& e) {
      s = Status(codes::kInternal, e.what());
    }
    lock.lock();
    if (!s.ok()) {
      // The requests queued meanwhile numbered their records after the group's: they fail too,
      // and every counter goes back to before the group's first request, newest first.
      group.insert(group.end(), queue_.begin(), queue_.end());
      queue_.clear();
      for (auto g = group.rbegin(); g != group.rend(); ++g) (*g)->undo->Restore(model_);
    }
    for (Queued* g : group) {
      g->result = s;
      g->done = true;
    }
    committing_ = false;
    committed_.notify_all();
  }
}

Status Router::AdvanceTransitionsAndSave(int64_t now_ms, bool& advanced) {
  advanced = false;
  UndoLog undo;
  for (const auto& [region_name, region] : model_.regions) {
    for (const auto& [name, stream] : region.streams) {
      if (Due(stream, now_ms)) undo.SaveStream(model_, region_name, name);
    }
  }
  if (undo.empty()) return OkStatus();
  Status saved = OkStatus();
  try {
    const auto advanced = AdvanceTransitions(model_, now_ms);
    saved = Save({advanced.begin(), advanced.end()}, {});
  } catch (const std::exception& e) {
    saved = Status(codes::kInternal, e.what());
  }
  if (saved.ok()) {
    advanced = true;
    return OkStatus();
  }
  // The transitions complete again, from the same state, on the next request.
  undo.Restore(model_);
  LogError("storage: saving completed transitions: " + saved.message());
  return StoreFailed();
}

StatusOr<std::string> Router::Dispatch(const std::string& action, const std::string& region,
                                       nlohmann::json body, AnswerFormat format,
                                       const PlainPutRecords* plain) {
  auto it = actions_.find(action);
  if (it == actions_.end()) return Status("UnknownOperationException", "", 400);
  if (plain && action != "PutRecords") {
    return Status("InternalFailure", "Entries given for an action other than PutRecords.", 500);
  }
  if (!plain) KINESISCTL_RETURN_IF_ERROR(Validate(it->second.schema, body));
  std::unique_lock<std::mutex> lock(mu_);
  const bool appends = AppendsOnly(action);
  if (appends) {
    ++waiting_appends_;
    committed_.wait(lock, [this] { return draining_ == 0; });
    --waiting_appends_;
  } else {
    DrainLocked(lock);  // every other request sees (and changes) only committed state
  }
  const int64_t now = ToMillis(clock_.Now());
  if (appends && TransitionsDue(now)) DrainLocked(lock);
  TrimExpiredRecords(now);
  bool advanced = false;
  KINESISCTL_RETURN_IF_ERROR(AdvanceTransitionsAndSave(now, advanced));
  if (limits_) {  // --enforce-limits: the control plane's call rates
    KINESISCTL_RETURN_IF_ERROR(
        limits_->CheckCall(action, region, config_.account_id, RequestStreamName(body), now));
  }
  ActionContext ctx{config_, model_, region, now};
  ctx.limits = limits_.get();
  ctx.storage = storage_.get();
  ctx.lock = &lock;
  ctx.mutating = it->second.mutates;
  ctx.answer_format = format;
  ctx.plain_put_records = plain;
  // All or nothing: an error answer, an exception or a failed commit puts back every stream the
  // action changed, so the model stays equal to what is stored.
  StatusOr<std::string> result = StoreFailed();
  Status saved = OkStatus();
  try {
    result = Run(it->second, ctx, body);
    if (result.ok() && ctx.account_dirty) {
      saved = storage_->SaveAccountSettings(region, model_.regions[region].account);
    }
    if (result.ok() && saved.ok() && lock.owns_lock() &&
        (!ctx.dirty.empty() || !ctx.records.empty())) {
      if (!appends) {
        saved = Save(ctx.dirty, ctx.records);
      } else if (!ctx.dirty.empty() || ctx.account_dirty) {
        throw std::logic_error("a record append changed a stream");  // never queued with those
      } else {
        Queued queued{&ctx.records, &ctx.undo};
        CommitQueuedLocked(lock, queued);
        saved = queued.result;
      }
    }
  } catch (const std::exception& e) {
    if (!lock.owns_lock()) throw;  // past the model (GetRecords' read): nothing to put back
    LogError("action " + action + " failed: " + e.what());
    result = Status("InternalFailure", "Internal failure.", 500);
  }
  bool changed = advanced;
  if (lock.owns_lock()) {
    if (!result.ok()) {
      ctx.undo.Restore(model_);
    } else if (!saved.ok()) {
      ctx.undo.Restore(model_);
      LogError("storage: " + saved.message());
      result = StoreFailed();
    } else {
      changed = changed || !ctx.dirty.empty() || !ctx.records.empty();
    }
    lock.unlock();
  }
  if (limits_ && result.ok() && action == "UpdateShardCount") {
    limits_->RecordScaling(region, RequestStreamName(body), now);
  }
  if (changed && listener_) listener_();
  return result;
}

Model Router::ModelForTest() {
  std::lock_guard<std::mutex> lock(mu_);
  return model_;
}

size_t Router::QueuedForTest() {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

int Router::DrainingForTest() {
  std::lock_guard<std::mutex> lock(mu_);
  return draining_;
}

int Router::WaitingAppendsForTest() {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_appends_;
}

void Router::AddActionForTest(ActionSpec spec) {
  std::string name = spec.name;
  actions_.insert_or_assign(std::move(name), std::move(spec));
}

int64_t Router::NextDueMs() {
  std::lock_guard<std::mutex> lock(mu_);
  return server::NextDueMs(model_);
}

}  // namespace kinesisctl::server
