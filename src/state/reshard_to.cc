#include "state/reshard_to.h"

#include <chrono>
#include <set>
#include <string>
#include <utility>

#include "core/log.h"
#include "core/seconds_text.h"
#include "functions/split_merge_plan.h"
#include "functions/update_shard_count_plan.h"
#include "kinesisctl/layouts.h"

namespace kinesisctl::admin {
namespace {

// Errors after which method=auto tries split/merge instead of UpdateShardCount.
bool UpdateShardCountRefused(const Status& s) {
  static const std::set<std::string> kCodes = {"UnknownOperationException",
                                               "UnsupportedOperationException",
                                               "InvalidAction",
                                               "InvalidArgumentException",
                                               "ValidationException",
                                               "LimitExceededException",
                                               "AccessDeniedException",
                                               "NotImplemented"};
  return kCodes.count(s.code()) > 0 || s.http_status() == 404 || s.http_status() == 501;
}

std::string Plural(int64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

class Runner {
 public:
  Runner(StreamOps& ops, const std::string& name, const ReshardToOptions& options, Clock& clock,
         ProgressSink* progress)
      : ops_(ops),
        name_(name),
        options_(options),
        clock_(clock),
        progress_(progress),
        start_(clock.Now()),
        deadline_(start_ + SecondsToDuration(options.timeout_seconds)) {}

  TimePoint deadline() const { return deadline_; }

  // Waits for ACTIVE under the overall deadline, showing `what` with each status read.
  StatusOr<StreamState> Wait(const std::string& what) {
    StatusOr<StreamState> s =
        ops_.WaitActive(name_, deadline_, [&](const std::string& status) { Show(what, status); });
    if (s.ok()) return s;
    const Status& e = s.status();
    if (e.code() == kResourceNotFound) {
      return Status(
          e.code(),
          "stream " + name_ + " was deleted while resharding (" + what + "): " + e.message(),
          e.http_status(), e.request_id());
    }
    if (e.code() == codes::kDeadlineExceeded) {
      return Status(e.code(), "reshard of " + name_ + " gave up after " + Elapsed() + " (" + what +
                                  "); the operations already done stay done: " + e.message());
    }
    return e;
  }

  void Show(const std::string& what, const std::string& status) {
    if (progress_ != nullptr) {
      progress_->Update(name_ + ": " + what + ", status " + status + ", elapsed " + Elapsed());
    }
  }

  std::string Elapsed() const {
    return std::to_string(
               std::chrono::duration_cast<std::chrono::seconds>(clock_.Now() - start_).count()) +
           "s";
  }

  Status WithStep(Status s, const std::string& what) {
    if (s.ok()) return s;
    if (s.code() == kResourceNotFound) {
      return Status(
          s.code(),
          "stream " + name_ + " was deleted while resharding (" + what + "): " + s.message(),
          s.http_status(), s.request_id());
    }
    return Status(s.code(), what + " failed: " + s.message(), s.http_status(), s.request_id());
  }

  // UpdateShardCount steps from `state`; on a refusal that auto may work around, *refused is
  // set and OK returned with `state` as it now is.
  Status StepUpdateShardCount(StreamState& state, int64_t target, bool may_fall_back,
                              ReshardToReport& report, std::string* refused) {
    const int64_t from = static_cast<int64_t>(state.open_shards.size());
    StatusOr<std::vector<uint64_t>> steps = PlanUpdateShardCountSteps(from, target);
    if (!steps.ok()) {
      if (may_fall_back) {
        *refused = steps.status().message();
        return OkStatus();
      }
      return steps.status();
    }
    const int n = static_cast<int>(steps->size());
    for (int k = 0; k < n; ++k) {
      const int64_t current = static_cast<int64_t>(state.open_shards.size());
      const int64_t next = static_cast<int64_t>((*steps)[k]);
      const std::string what = "step " + std::to_string(k + 1) + " of " + std::to_string(n) +
                               ", UpdateShardCount " + std::to_string(current) + " -> " +
                               std::to_string(next);
      Show(what, state.status);
      Status s = ops_.UpdateShardCount(name_, next);
      if (!s.ok()) {
        if (s.code() == "LimitExceededException") {
          s = Status(s.code(),
                     "UpdateShardCount on " + name_ +
                         " was refused by the service's scaling limits: at most 10 scalings "
                         "per stream per rolling 24 hours (the daily budget may be spent), and "
                         "the account's shard quota. Retry later or use method=split_merge. "
                         "Service message: " +
                         s.message(),
                     s.http_status(), s.request_id());
        }
        if (may_fall_back && UpdateShardCountRefused(s)) {
          *refused = s.code() + ": " + s.message();
          return OkStatus();
        }
        return WithStep(s, what);
      }
      ++report.steps;
      KINESISCTL_ASSIGN_OR_RETURN(state, Wait(what));
      if (static_cast<int64_t>(state.open_shards.size()) != next) {
        return Status(codes::kInternal, "UpdateShardCount to " + std::to_string(next) + " left " +
                                            name_ + " with " +
                                            Plural(state.open_shards.size(), "open shard"));
      }
    }
    report.method = "update_shard_count";
    return OkStatus();
  }

  Status StepSplitMerge(StreamState& state, int64_t target, ReshardToReport& report) {
    const uint64_t n = static_cast<uint64_t>(target);
    const bool salt = options_.layout == "salt";
    KINESISCTL_ASSIGN_OR_RETURN(std::vector<HashRange> layout, salt ? SaltLayout(n) : AwsLayout(n));
    const uint128 tolerance =
        options_.tolerance ? options_.tolerance->value() : (salt ? 0 : static_cast<uint128>(n));
    std::vector<HashRange> current;
    for (const OpenShard& s : state.open_shards) current.push_back({s.start, s.end});
    KINESISCTL_ASSIGN_OR_RETURN(std::vector<BoundaryOp> plan,
                                PlanSplitMerge(current, layout, tolerance));
    const int total = static_cast<int>(plan.size());
    for (int k = 0; k < total; ++k) {
      const BoundaryOp& op = plan[k];
      const bool split = op.kind == BoundaryOp::Kind::kSplitAt;
      const std::string what = "step " + std::to_string(k + 1) + " of " + std::to_string(total) +
                               ", " + (split ? "split at " : "merge at ") + op.key.ToString();
      if (k > 0) {
        KINESISCTL_ASSIGN_OR_RETURN(state, Wait(what));
      }
      Show(what, state.status);
      StatusOr<ReshardOperation> request = ResolveBoundaryOp(state.open_shards, op);
      if (!request.ok()) {
        // The view may predate a change (or a deletion) still in flight: wait and look again.
        KINESISCTL_ASSIGN_OR_RETURN(state, Wait(what));
        request = ResolveBoundaryOp(state.open_shards, op);
        KINESISCTL_RETURN_IF_ERROR(request);
      }
      Status s = split ? ops_.SplitShard(name_, request->shard_id, request->new_starting_hash_key)
                       : ops_.MergeShards(name_, request->shard_id, request->adjacent_shard_id);
      KINESISCTL_RETURN_IF_ERROR(WithStep(s, what));
      ++report.steps;
    }
    if (total > 0) {
      KINESISCTL_ASSIGN_OR_RETURN(state, Wait("finishing"));
    }
    if (static_cast<int64_t>(state.open_shards.size()) != target) {
      return Status(codes::kInternal, "split/merge left " + name_ + " with " +
                                          Plural(state.open_shards.size(), "open shard") +
                                          " instead of " + std::to_string(target));
    }
    report.method = "split_merge";
    return OkStatus();
  }

 private:
  StreamOps& ops_;
  const std::string& name_;
  const ReshardToOptions& options_;
  Clock& clock_;
  ProgressSink* progress_;
  TimePoint start_;
  TimePoint deadline_;
};

}  // namespace

Status ValidateReshardToOptions(int64_t target, const ReshardToOptions& options) {
  if (target < 1) {
    return InvalidInputError("the target shard count must be at least 1, got " +
                             std::to_string(target));
  }
  // Refused before any call and before any plan (which allocates in proportion to the target):
  // AWS scales a stream to at most 10,000 shards with UpdateShardCount, and the accounts' shard
  // quotas (DescribeLimits' ShardLimit: 200 or 500 by default) are far below that.
  if (target > static_cast<int64_t>(kMaxReshardToTarget)) {
    return InvalidInputError("the target shard count " + std::to_string(target) + " is above the " +
                             std::to_string(kMaxReshardToTarget) +
                             " shards a stream may be scaled to");
  }
  if (options.method != "auto" && options.method != "update_shard_count" &&
      options.method != "split_merge") {
    return InvalidInputError("method must be auto, update_shard_count or split_merge, not '" +
                             options.method + "'");
  }
  if (options.layout != "aws" && options.layout != "salt") {
    return InvalidInputError("layout must be aws or salt, not '" + options.layout + "'");
  }
  if (!(options.timeout_seconds > 0)) return InvalidInputError("timeout must be positive");
  return OkStatus();
}

StatusOr<ReshardToReport> ReshardTo(StreamOps& ops, const std::string& name, int64_t target,
                                    const ReshardToOptions& options, Clock& clock,
                                    ProgressSink* progress) {
  KINESISCTL_RETURN_IF_ERROR(ValidateReshardToOptions(target, options));
  Runner run(ops, name, options, clock, progress);
  // Every call below, retries included, stops at reshard_to's own deadline.
  const std::optional<TimePoint> outer_deadline = ops.Deadline();
  const TimePoint deadline = run.deadline();
  ops.SetDeadline(outer_deadline && *outer_deadline < deadline ? outer_deadline : deadline);
  struct RestoreDeadline {
    StreamOps& ops;
    std::optional<TimePoint> previous;
    ~RestoreDeadline() { ops.SetDeadline(previous); }
  } restore{ops, outer_deadline};
  ReshardToReport report;
  report.to = target;
  report.method = "none";
  StatusOr<StreamState> first = run.Wait("checking");
  if (!first.ok()) {
    if (progress != nullptr) progress->Finish();
    const Status& e = first.status();
    if (e.code() == kResourceNotFound) {
      // Nothing was done yet: the stream was never there, not deleted under us.
      return Status(e.code(), "stream " + name + " does not exist", e.http_status(),
                    e.request_id());
    }
    return e;
  }
  StreamState state = std::move(first).value();
  report.from = static_cast<int64_t>(state.open_shards.size());
  Status result = OkStatus();
  if (state.stream_mode == "ON_DEMAND") {
    result = InvalidInputError("stream " + name +
                               " is ON_DEMAND: AWS manages its shards; set "
                               "stream_mode=PROVISIONED to choose a shard count");
  } else if (options.method == "split_merge") {
    result = run.StepSplitMerge(state, target, report);
  } else if (report.from != target) {
    std::string refused;
    result = run.StepUpdateShardCount(state, target, options.method == "auto", report, &refused);
    if (result.ok() && !refused.empty()) {
      const std::string note =
          "UpdateShardCount was not usable (" + refused + "); falling back to split/merge";
      LogWarning(name + ": " + note);
      report.notes.push_back(note);
      result = run.StepSplitMerge(state, target, report);
    }
  }
  if (progress != nullptr) progress->Finish();
  if (!result.ok()) return result;
  return report;
}

}  // namespace kinesisctl::admin
