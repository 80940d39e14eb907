#include "server/router.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/log.h"
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
  if (config_.enforce_limits) limits_ = std::make_unique<ShardLimits>();
  for (auto& spec : specs) {
    std::string name = spec.name;
    actions_.emplace(std::move(name), std::move(spec));
  }
}

StatusOr<std::unique_ptr<Router>> Router::Create(ServerConfig config, Clock& clock,
                                                 std::unique_ptr<Storage> storage) {
  std::unique_ptr<Router> router(new Router(std::move(config), clock, std::move(storage)));
  ASSIGN_OR_RETURN(router->model_, router->storage_->Load());
  // Sequence numbering continues after the newest stored record of each shard.
  for (auto& [region_name, region] : router->model_.regions) {
    for (auto& [name, stream] : region.streams) {
      for (Shard& shard : stream.shards) {
        ASSIGN_OR_RETURN(StoredRecord last,
                         router->storage_->LastRecord(region_name, name, shard.index));
        if (last.sequence.size() != 56) continue;
        const char* p = last.sequence.data();
        int64_t ms = 0;
        uint64_t counter = 0;
        if (std::from_chars(p + 2, p + 18, ms).ec != std::errc() ||
            std::from_chars(p + 18, p + 38, counter).ec != std::errc()) {
          return Status(codes::kInternal,
                        "unreadable sequence number in storage: " + last.sequence);
        }
        shard.last_ms = ms;
        shard.last_counter = counter;
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
  if (spec.run_text) return spec.run_text(ctx, body);
  ASSIGN_OR_RETURN(Json answer, spec.run(ctx, body));
  // Answers may quote request bytes that are not UTF-8: replace them rather than throw.
  return answer.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

StatusOr<std::string> Router::Dispatch(const std::string& action, const std::string& region,
                                       nlohmann::json body) {
  auto it = actions_.find(action);
  if (it == actions_.end()) return Status("UnknownOperationException", "", 400);
  RETURN_IF_ERROR(Validate(it->second.schema, body));
  std::unique_lock<std::mutex> lock(mu_);
  const int64_t now = ToMillis(clock_.Now());
  TrimExpiredRecords(now);
  const auto advanced = AdvanceTransitions(model_, now);
  if (!advanced.empty()) {
    const Status saved = Save({advanced.begin(), advanced.end()}, {});
    if (!saved.ok()) LogError("saving completed transitions: " + saved.message());
  }
  if (limits_) {  // --enforce-limits: the control plane's call rates
    RETURN_IF_ERROR(
        limits_->CheckCall(action, region, config_.account_id, RequestStreamName(body), now));
  }
  ActionContext ctx{config_, model_, region, now};
  ctx.limits = limits_.get();
  ctx.storage = storage_.get();
  ctx.lock = &lock;
  ctx.mutating = it->second.mutates;
  StatusOr<std::string> result = Run(it->second, ctx, body);
  if (limits_ && result.ok() && action == "UpdateShardCount") {
    limits_->RecordScaling(region, RequestStreamName(body), now);
  }
  if (!lock.owns_lock() || (ctx.dirty.empty() && ctx.records.empty())) return result;
  const Status saved = Save(ctx.dirty, ctx.records);
  if (!saved.ok()) {
    LogError("storage: " + saved.message());
    return Status("InternalFailureException", "The server could not store the change.", 500);
  }
  return result;
}

}  // namespace kinesisctl::server
