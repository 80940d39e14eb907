// Increase/DecreaseStreamRetentionPeriod, Enable/DisableEnhancedMonitoring,
// Start/StopStreamEncryption, UpdateStreamMode, UpdateMaxRecordSize, UpdateStreamWarmThroughput.
#include <algorithm>

#include "core/shard_metrics.h"
#include "server/actions/actions.h"
#include "server/actions/stream_settings.h"
#include "server/model/transitions.h"

namespace kinesisctl::server {
namespace {

constexpr int kMinRetention = 24;
constexpr int kMaxRetention = 8760;

StatusOr<Json> ChangeRetention(ActionContext& ctx, const Json& req, bool increase) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireActive(ctx, *s));
  const int64_t hours = req["RetentionPeriodHours"].get<int64_t>();
  const std::string requested = "Requested retention period (" + std::to_string(hours) + " hours)";
  if (hours < kMinRetention) {
    return ApiError("InvalidArgumentException", "Minimum allowed retention period is 24 hours. " +
                                                    requested + " is too short.");
  }
  if (hours > kMaxRetention) {
    return ApiError("InvalidArgumentException", "Maximum allowed retention period is 8760 hours. " +
                                                    requested + " is too long.");
  }
  const std::string existing =
      " existing retention period (" + std::to_string(s->retention_hours) + " hours).";
  if (increase && hours < s->retention_hours) {
    return ApiError("InvalidArgumentException", requested + " for stream " + s->name +
                                                    " can not be shorter than" + existing +
                                                    " Use DecreaseRetentionPeriod API.");
  }
  if (!increase && hours > s->retention_hours) {
    return ApiError("InvalidArgumentException", requested + " for stream " + s->name +
                                                    " can not be longer than" + existing +
                                                    " Use IncreaseRetentionPeriod API.");
  }
  s->retention_hours = static_cast<int>(hours);
  return NoOutput();
}

StatusOr<Json> IncreaseRetention(ActionContext& ctx, const Json& req) {
  return ChangeRetention(ctx, req, true);
}
StatusOr<Json> DecreaseRetention(ActionContext& ctx, const Json& req) {
  return ChangeRetention(ctx, req, false);
}

StatusOr<Json> ChangeMonitoring(ActionContext& ctx, const Json& req, bool enable) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireActive(ctx, *s));
  Json current = Json::array();
  for (const auto& m : s->metrics) current.push_back(m);
  for (const auto& m : req["ShardLevelMetrics"]) {
    const std::string name = m.get<std::string>();
    std::vector<std::string> names =
        name == "ALL" ? AllShardLevelMetrics() : std::vector<std::string>{name};
    for (const auto& n : names) {
      if (enable) {
        s->metrics.insert(n);
      } else {
        s->metrics.erase(n);
      }
    }
  }
  Json desired = Json::array();
  for (const auto& m : s->metrics) desired.push_back(m);
  return Json{{"StreamName", s->name},
              {"StreamARN", s->arn},
              {"CurrentShardLevelMetrics", current},
              {"DesiredShardLevelMetrics", desired}};
}

StatusOr<Json> EnableMonitoring(ActionContext& ctx, const Json& req) {
  return ChangeMonitoring(ctx, req, true);
}
StatusOr<Json> DisableMonitoring(ActionContext& ctx, const Json& req) {
  return ChangeMonitoring(ctx, req, false);
}

StatusOr<Json> ChangeEncryption(ActionContext& ctx, const Json& req, bool start) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireActive(ctx, *s));
  const std::string type = req["EncryptionType"].get<std::string>();
  const std::string key = req["KeyId"].get<std::string>();
  if (type != "KMS") {
    return ApiError("InvalidArgumentException",
                    "Encryption type " + type + " is not supported; use KMS.");
  }
  if (!start && s->encryption_type == "KMS" && key != s->key_id) {
    return ApiError("InvalidArgumentException", "KeyId " + key + " does not match the key " +
                                                    "that encrypts stream " + s->name + ".");
  }
  StartUpdate(ctx, *s,
              Transition{.kind = Transition::Kind::kEncrypt,
                         .shard = start ? "KMS" : "NONE",
                         .other = start ? key : ""});
  return NoOutput();
}

StatusOr<Json> StartEncryption(ActionContext& ctx, const Json& req) {
  return ChangeEncryption(ctx, req, true);
}
StatusOr<Json> StopEncryption(ActionContext& ctx, const Json& req) {
  return ChangeEncryption(ctx, req, false);
}

}  // namespace

Status CheckWarmThroughput(const ActionContext& ctx, const std::string& region,
                           const std::string& mode, int64_t mibps) {
  if (mode != "ON_DEMAND") {
    return ApiError("InvalidArgumentException",
                    "Warm throughput is only supported for ON_DEMAND streams.");
  }
  const auto r = ctx.model.regions.find(region);
  if (r == ctx.model.regions.end() || !r->second.account.EnabledAt(ctx.now_ms)) {
    return ApiError("InvalidArgumentException",
                    "Warm throughput requires the MinimumThroughputBillingCommitment of account " +
                        ctx.account() + " to be enabled (UpdateAccountSettings).");
  }
  if (mibps > kMaxWarmThroughputMiBps) {
    return ApiError("LimitExceededException",
                    "Requested warm throughput (" + std::to_string(mibps) +
                        " MiBps) exceeds the limit of " + std::to_string(kMaxWarmThroughputMiBps) +
                        " MiBps for a stream.");
  }
  return OkStatus();
}

namespace {

StatusOr<Json> UpdateMaxRecordSize(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireActive(ctx, *s));
  s->max_record_kib = static_cast<int>(req["MaxRecordSizeInKiB"].get<int64_t>());
  return NoOutput();
}

StatusOr<Json> UpdateStreamWarmThroughput(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireActive(ctx, *s));
  const int64_t mibps = req["WarmThroughputMiBps"].get<int64_t>();
  KINESISCTL_RETURN_IF_ERROR(CheckWarmThroughput(ctx, s->region, s->mode, mibps));
  const int64_t current = std::max<int64_t>(0, s->warm_current_mibps);
  StartUpdate(ctx, *s, Transition{.kind = Transition::Kind::kWarm, .count = mibps});
  return Json{{"StreamName", s->name},
              {"StreamARN", s->arn},
              {"WarmThroughput", {{"TargetMiBps", mibps}, {"CurrentMiBps", current}}}};
}

StatusOr<Json> UpdateStreamMode(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireActive(ctx, *s));
  const std::string mode = req["StreamModeDetails"]["StreamMode"].get<std::string>();
  std::string warm;  // Transition::other: "" when no warm throughput was asked for
  if (auto w = req.find("WarmThroughputMiBps"); w != req.end() && w->is_number()) {
    KINESISCTL_RETURN_IF_ERROR(CheckWarmThroughput(ctx, s->region, mode, w->get<int64_t>()));
    warm = std::to_string(w->get<int64_t>());
  }
  if (mode == s->mode) {
    return ApiError("InvalidArgumentException",
                    StreamPhrase(ctx, s->name) + " is already in " + mode + " mode.");
  }
  if (mode == "ON_DEMAND") {
    const Region& region = ctx.model.regions[ctx.region];
    if (region.OnDemandStreamCount() >= ctx.config.on_demand_stream_limit) {
      return ApiError("LimitExceededException",
                      "This request would exceed the limit on the number of On-Demand streams "
                      "for the account " +
                          ctx.account() + " in " + ctx.region +
                          ". Limit: " + std::to_string(ctx.config.on_demand_stream_limit) + ".");
    }
  }
  StartUpdate(ctx, *s, Transition{.kind = Transition::Kind::kMode, .shard = mode, .other = warm});
  return NoOutput();
}

}  // namespace

void RegisterSettingsActions(std::vector<ActionSpec>& out) {
  Field hours{.name = "RetentionPeriodHours", .type = FieldType::kInteger, .not_null = true};
  Field metrics{.name = "ShardLevelMetrics", .type = FieldType::kList, .not_null = true};
  metrics.min_length = 1;
  metrics.max_length = 7;
  metrics.enum_values = AllShardLevelMetrics();
  metrics.enum_values.push_back("ALL");
  Field type{.name = "EncryptionType", .type = FieldType::kString, .not_null = true};
  type.enum_values = {"NONE", "KMS"};
  Field key{.name = "KeyId", .type = FieldType::kString, .not_null = true};
  key.min_length = 1;
  key.max_length = 2048;
  Field mode{.name = "StreamMode", .type = FieldType::kString, .not_null = true};
  mode.enum_values = {"PROVISIONED", "ON_DEMAND"};
  Field details{.name = "StreamModeDetails", .type = FieldType::kStructure, .not_null = true};
  details.members = {mode};
  const Field name = StreamNameField(), arn = StreamArnField();
  out.push_back({"IncreaseStreamRetentionPeriod", {name, hours, arn}, &IncreaseRetention});
  out.push_back({"DecreaseStreamRetentionPeriod", {name, hours, arn}, &DecreaseRetention});
  out.push_back({"EnableEnhancedMonitoring", {name, metrics, arn}, &EnableMonitoring});
  out.push_back({"DisableEnhancedMonitoring", {name, metrics, arn}, &DisableMonitoring});
  out.push_back({"StartStreamEncryption", {name, type, key, arn}, &StartEncryption});
  out.push_back({"StopStreamEncryption", {name, type, key, arn}, &StopEncryption});
  Field warm{.name = "WarmThroughputMiBps", .type = FieldType::kInteger};
  warm.min_value = 0;
  Field required_warm = warm;
  required_warm.not_null = true;
  const Field id = StreamIdField();
  out.push_back({"UpdateStreamMode", {StreamArnField(true), id, details, warm}, &UpdateStreamMode});
  out.push_back({"UpdateMaxRecordSize", {arn, id, MaxRecordSizeField(true)}, &UpdateMaxRecordSize});
  out.push_back(
      {"UpdateStreamWarmThroughput", {arn, name, id, required_warm}, &UpdateStreamWarmThroughput});
}

}  // namespace kinesisctl::server
