// Salt's get_info_for_reshard and reshard: one split or merge per call toward a balanced
// layout, decided by the pure planner (DecideReshard), dry run unless force.
#include <algorithm>
#include <chrono>
#include <string>

#include "core/log.h"
#include "core/seconds_text.h"
#include "functions/context.h"
#include "functions/describe.h"
#include "functions/progress.h"
#include "functions/reshard_info.h"
#include "functions/reshard_planner.h"
#include "functions/results.h"
#include "kinesisctl/boto_kinesis.h"

namespace kinesisctl {
namespace {

using kinesis::Json;

Json DescribeOperation(const ReshardOperation& op) {
  if (op.kind == ReshardOperation::Kind::kSplit) {
    return {{"action", "split"},
            {"shard_id", op.shard_id},
            {"new_starting_hash_key", op.new_starting_hash_key.ToString()}};
  }
  return {
      {"action", "merge"}, {"shard_id", op.shard_id}, {"adjacent_shard_id", op.adjacent_shard_id}};
}

// True when `description` holds the child shard that `op` creates. A split or merge whose answer
// was lost after the server acted (a 5xx or a reset connection) is retried by the RPC layer, and
// the retry finds the shard "already merged or split" (InvalidArgumentException): the operation
// is done, and must be neither repeated nor reported as a failure.
bool HoldsResultOf(const Json& description, const ReshardOperation& op) {
  const Json& d =
      description.contains("StreamDescription") ? description["StreamDescription"] : description;
  const auto shards = d.find("Shards");
  if (shards == d.end() || !shards->is_array()) return false;
  for (const Json& s : *shards) {
    if (!s.is_object() || s.value("ParentShardId", std::string()) != op.shard_id) continue;
    if (op.kind == ReshardOperation::Kind::kSplit) {
      const auto range = s.find("HashKeyRange");
      if (range != s.end() && range->is_object() &&
          range->value("StartingHashKey", std::string()) == op.new_starting_hash_key.ToString()) {
        return true;
      }
    } else if (s.value("AdjacentParentShardId", std::string()) == op.adjacent_shard_id) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result get_info_for_reshard(const Result& stream_details) {
  StatusOr<admin::ReshardInfo> info = admin::GetReshardInfo(stream_details);
  if (!info.ok()) return admin::ErrorResult(info.status());
  return admin::OkResult(
      Json::array({info->min_hash_key.ToString(), info->max_hash_key.ToString(), info->details}));
}

namespace {

Result ReshardOnce(std::string_view stream_name, int64_t desired_size, bool force,
                   const ConnectionParams& conn, const ReshardOptions& options) {
  if (desired_size < 1) {
    return admin::TextErrorResult("desired_size must be at least 1, got " +
                                  std::to_string(desired_size));
  }
  ReshardLayout layout;
  if (options.layout == "aws") {
    layout = ReshardLayout::kAws;
  } else if (options.layout == "salt") {
    layout = ReshardLayout::kSalt;
  } else {
    return admin::TextErrorResult("layout must be 'aws' or 'salt', not '" + options.layout + "'");
  }
  const std::string name(stream_name);
  StatusOr<admin::Connection*> c = admin::GetConnection(conn);
  if (!c.ok()) return admin::ErrorResult(c.status());
  admin::Connection& connection = **c;
  const admin::ScopedCallTimeout call_timeout(connection, conn);
  // The whole reshard (the wait, the split or merge, the check after a lost answer) has one
  // deadline: `timeout` seconds from now.
  Clock& clock = connection.client.clock();
  const admin::ScopedClientDeadline whole_call(
      connection.client, clock.Now() + SecondsToDuration(options.timeout_seconds));
  admin::TerminalProgress progress;
  StatusOr<Json> stream =
      admin::WaitForActive(connection, name, options.timeout_seconds, &progress);
  if (!stream.ok()) return admin::ErrorResult(stream.status());
  StatusOr<admin::ReshardInfo> info = admin::GetReshardInfo(*stream);
  if (!info.ok()) return admin::ErrorResult(info.status());
  std::optional<uint128> tolerance;
  if (options.tolerance) tolerance = options.tolerance->value();
  StatusOr<ReshardDecision> decision = DecideReshard(
      info->open_shards, static_cast<uint64_t>(desired_size), layout, tolerance, !force);
  if (!decision.ok()) return admin::TextErrorResult(decision.status().message());
  for (const std::string& line : decision->log_lines) LogDebug(line);
  if (!decision->operation) return admin::OkResult(false);  // the planner logged why
  const ReshardOperation& op = *decision->operation;
  if (!force) {
    Result out = admin::OkResult(true);
    out["dry_run"] = true;
    out["operation"] = DescribeOperation(op);
    return out;
  }
  const Status response =
      op.kind == ReshardOperation::Kind::kSplit
          ? connection.client.SplitShard({name, op.shard_id, op.new_starting_hash_key})
          : connection.client.MergeShards({name, op.shard_id, op.adjacent_shard_id});
  if (!response.ok()) {
    if (response.code() == "InvalidArgumentException") {
      StatusOr<Json> now =
          admin::WaitForActive(connection, name, options.timeout_seconds, &progress);
      if (now.ok() && HoldsResultOf(*now, op)) {
        LogInfo("the " +
                std::string(op.kind == ReshardOperation::Kind::kSplit ? "split" : "merge") +
                " of " + op.shard_id + " was already done (an earlier attempt's answer was lost)");
        return admin::OkResult(true);
      }
    }
    return admin::ErrorResult(response);
  }
  return admin::OkResult(true);
}

}  // namespace

Result reshard(std::string_view stream_name, int64_t desired_size, bool force,
               const ConnectionParams& conn, const ReshardOptions& options) {
  return admin::GuardAnswers(
      "reshard", [&] { return ReshardOnce(stream_name, desired_size, force, conn, options); });
}

}  // namespace kinesisctl
