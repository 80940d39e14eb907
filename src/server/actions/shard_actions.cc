// ListShards, SplitShard, MergeShards, UpdateShardCount.
#include <algorithm>

#include "server/actions/actions.h"
#include "server/model/transitions.h"

namespace kinesisctl::server {
namespace {

Status RequireProvisioned(const ActionContext& ctx, const Stream& s, const char* action) {
  if (s.mode != "ON_DEMAND") return OkStatus();
  return ApiError("ValidationException", std::string(action) + " is not supported for stream " +
                                             s.name + " under account " + ctx.account() +
                                             " because it is in ON_DEMAND capacity mode.");
}

Status CheckShardLimit(const ActionContext& ctx, int added) {
  const int open = ctx.model.regions[ctx.region].OpenShardCount();
  if (open + added <= ctx.config.shard_limit) return OkStatus();
  return ApiError("LimitExceededException",
                  "This request would exceed the shard limit for the account " + ctx.account() +
                      " in " + ctx.region + ". Current shard count for the account: " +
                      std::to_string(open) + ". Limit: " + std::to_string(ctx.config.shard_limit) +
                      ". Number of additional shards that would have resulted from this request: " +
                      std::to_string(added) +
                      ". Refer to the AWS Service Limits page "
                      "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for "
                      "current limits and how to request higher limits.");
}

// A shard of `s` by its canonical id that may still be split or merged.
StatusOr<const Shard*> OpenShard(const ActionContext& ctx, const Stream& s, const std::string& id) {
  const Shard* shard = s.FindShard(id);
  if (!shard) return ShardNotFound(ctx, id, s.name);
  if (!shard->open()) {
    return ApiError("InvalidArgumentException",
                    "Shard " + id + " in stream " + s.name + " under account " + ctx.account() +
                        " has already been merged or split, and thus is not eligible for merging "
                        "or splitting.");
  }
  return shard;
}

// The canonical id of the shard member `member`, which AWS reads loosely; an id naming no shard
// number is not found, quoted as sent, before the stream is looked up.
StatusOr<std::string> ShardMember(const ActionContext& ctx, const Json& req, const char* member) {
  const std::string text = req[member].get<std::string>();
  std::optional<std::string> id = CanonicalShardId(text);
  if (!id) return ShardNotFound(ctx, text, RequestedStreamName(req));
  return *id;
}

StatusOr<Json> SplitShard(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(const std::string id, ShardMember(ctx, req, "ShardToSplit"));
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireActive(ctx, *s));
  KINESISCTL_RETURN_IF_ERROR(RequireProvisioned(ctx, *s, "SplitShard"));
  KINESISCTL_ASSIGN_OR_RETURN(const Shard* shard, OpenShard(ctx, *s, id));
  const std::string key_text = req["NewStartingHashKey"].get<std::string>();
  auto key = HashKey::Parse(key_text);
  if (!key.ok() || key->value() <= shard->start.value() + 1 || *key >= shard->end) {
    return ApiError("InvalidArgumentException",
                    "NewStartingHashKey " + key_text + " used in SplitShard() on shard " + id +
                        " in stream " + s->name + " under account " + ctx.account() +
                        " is not both greater than one plus the shard's StartingHashKey " +
                        shard->start.ToString() + " and less than the shard's EndingHashKey " +
                        shard->end.ToString() + ".");
  }
  KINESISCTL_RETURN_IF_ERROR(CheckShardLimit(ctx, 1));
  StartUpdate(ctx, *s,
              Transition{.kind = Transition::Kind::kSplit, .shard = id, .other = key->ToString()});
  return NoOutput();
}

// AWS takes the pair in hash-key order only: ShardToMerge's range must end right below
// AdjacentShardToMerge's; the reverse order is "not an adjacent pair" (as recorded by
// kinesalite's maintainers against AWS).
StatusOr<Json> MergeShards(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(const std::string a_id, ShardMember(ctx, req, "ShardToMerge"));
  KINESISCTL_ASSIGN_OR_RETURN(const std::string b_id,
                              ShardMember(ctx, req, "AdjacentShardToMerge"));
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireActive(ctx, *s));
  KINESISCTL_RETURN_IF_ERROR(RequireProvisioned(ctx, *s, "MergeShards"));
  if (!s->FindShard(a_id)) return ShardNotFound(ctx, a_id, s->name);
  if (!s->FindShard(b_id)) return ShardNotFound(ctx, b_id, s->name);
  KINESISCTL_ASSIGN_OR_RETURN(const Shard* a, OpenShard(ctx, *s, a_id));
  KINESISCTL_ASSIGN_OR_RETURN(const Shard* b, OpenShard(ctx, *s, b_id));
  const bool adjacent = a->end < HashKey::Max() && a->end.value() + 1 == b->start.value();
  if (!adjacent) {
    return ApiError("InvalidArgumentException",
                    "Shards " + a_id + " and " + b_id + " in stream " + s->name +
                        " under account " + ctx.account() +
                        " are not an adjacent pair of shards eligible for merging");
  }
  StartUpdate(ctx, *s, Transition{.kind = Transition::Kind::kMerge, .shard = a_id, .other = b_id});
  return NoOutput();
}

// Our answer for targets beyond AWS's scaling rules is InvalidArgumentException (as kinesis-mock
// answers; AWS's exact type is unconfirmed, see docs and server.md).
StatusOr<Json> UpdateShardCount(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireActive(ctx, *s));
  KINESISCTL_RETURN_IF_ERROR(RequireProvisioned(ctx, *s, "UpdateShardCount"));
  const int current = s->OpenShardCount();
  const int64_t target = req["TargetShardCount"].get<int64_t>();
  if (target > 2 * static_cast<int64_t>(current)) {
    return ApiError("InvalidArgumentException",
                    "UpdateShardCount cannot scale up over double your current open shard count. "
                    "Current open shard count: " +
                        std::to_string(current) + " Target shard count: " + std::to_string(target));
  }
  if (2 * target < current) {
    return ApiError("InvalidArgumentException",
                    "UpdateShardCount cannot scale down below half your current open shard count. "
                    "Current open shard count: " +
                        std::to_string(current) + " Target shard count: " + std::to_string(target));
  }
  if (target > current)
    KINESISCTL_RETURN_IF_ERROR(CheckShardLimit(ctx, static_cast<int>(target - current)));
  Json out = {{"StreamName", s->name},
              {"CurrentShardCount", current},
              {"TargetShardCount", target},
              {"StreamARN", s->arn}};
  StartUpdate(ctx, *s, Transition{.kind = Transition::Kind::kResize, .count = target});
  return out;
}

// AT_TRIM_HORIZON lists the shards open at the trim horizon: the time of the oldest data kept,
// now minus the retention period, or the stream's creation when the stream is younger than that.
// A shard closed in that very millisecond counts as open (its children start a millisecond
// later).
bool ShardMatchesFilter(const Shard& sh, const Json& filter, int64_t ts_ms, int64_t horizon_ms) {
  const std::string type = filter["Type"].get<std::string>();
  if (type == "AT_LATEST") return sh.open();
  if (type == "AT_TRIM_HORIZON") {
    return sh.created_ms <= horizon_ms && (sh.open() || sh.closed_ms >= horizon_ms);
  }
  if (type == "AT_TIMESTAMP") return sh.created_ms <= ts_ms && (sh.open() || sh.closed_ms > ts_ms);
  if (type == "FROM_TIMESTAMP") return sh.open() || sh.closed_ms >= ts_ms;
  return true;  // FROM_TRIM_HORIZON, AFTER_SHARD_ID (by id below)
}

StatusOr<Json> ListShards(ActionContext& ctx, const Json& req) {
  const std::string token = StringMember(req, "NextToken");
  const bool named = req.contains("StreamName") || req.contains("StreamARN");
  if (!token.empty() && named) {
    return ApiError("InvalidArgumentException",
                    "NextToken and StreamName cannot be provided together.");
  }
  if (token.empty() && !named) {
    return ApiError("InvalidArgumentException",
                    "Either NextToken or StreamName should be provided.");
  }
  Json query = req;
  std::string after = LooseShardId(StringMember(req, "ExclusiveStartShardId"));
  if (!token.empty()) {
    KINESISCTL_ASSIGN_OR_RETURN(Json fields, DecodeToken(token, ctx.now_ms));
    if (!fields.contains("stream") || !fields["stream"].is_string() || !fields.contains("after") ||
        !fields["after"].is_string()) {
      return ApiError("InvalidArgumentException", "Invalid NextToken.");
    }
    query = Json{{"StreamARN", fields["stream"]}};
    if (fields.contains("filter")) query["ShardFilter"] = fields["filter"];
    after = fields["after"].get<std::string>();
  }
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, query));
  if (s->status == StreamStatus::kCreating) KINESISCTL_RETURN_IF_ERROR(RequireActive(ctx, *s));
  const int64_t max = req.value("MaxResults", 1000);
  Json filter = query.value("ShardFilter", Json());
  int64_t ts_ms = 0;
  if (filter.is_object()) {
    const std::string type = filter["Type"].get<std::string>();
    if (type == "AFTER_SHARD_ID") {
      if (!filter.contains("ShardId")) {
        return ApiError("InvalidArgumentException",
                        "ShardId must be specified when ShardFilter type is AFTER_SHARD_ID.");
      }
      after = std::max(after, LooseShardId(filter["ShardId"].get<std::string>()));
    }
    if (type == "AT_TIMESTAMP" || type == "FROM_TIMESTAMP") {
      if (!filter.contains("Timestamp")) {
        return ApiError("InvalidArgumentException",
                        "Timestamp must be specified when ShardFilter type is " + type + ".");
      }
      ts_ms = TimestampMillis(filter["Timestamp"]);
    }
  }
  const int64_t horizon_ms =
      std::max(s->created_ms, ctx.now_ms - int64_t{s->retention_hours} * 3'600'000);
  Json shards = Json::array();
  bool more = false;
  for (const Shard& sh : s->shards) {
    if (!after.empty() && sh.id <= after) continue;
    if (ShardExpired(*s, sh, ctx.now_ms)) continue;
    if (filter.is_object() && !ShardMatchesFilter(sh, filter, ts_ms, horizon_ms)) continue;
    if (static_cast<int64_t>(shards.size()) >= max) {
      more = true;
      break;
    }
    shards.push_back(ShardJson(sh));
  }
  Json out = {{"Shards", shards}};
  if (more) {
    Json fields = {{"stream", s->arn}, {"after", shards.back()["ShardId"]}};
    if (filter.is_object()) fields["filter"] = filter;
    out["NextToken"] = EncodeToken(fields, ctx.now_ms);
  }
  return out;
}

}  // namespace

void RegisterShardActions(std::vector<ActionSpec>& out) {
  Field target{.name = "TargetShardCount", .type = FieldType::kInteger, .not_null = true};
  target.min_value = 1;
  Field scaling{.name = "ScalingType", .type = FieldType::kString, .not_null = true};
  scaling.enum_values = {"UNIFORM_SCALING"};
  Field max{.name = "MaxResults", .type = FieldType::kInteger};
  max.min_value = 1;
  max.max_value = 10000;
  Field next{.name = "NextToken", .type = FieldType::kString};
  next.min_length = 1;
  next.max_length = 1048576;
  Field filter_type{.name = "Type", .type = FieldType::kString, .not_null = true};
  filter_type.enum_values = {"AFTER_SHARD_ID", "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON",
                             "AT_LATEST",      "AT_TIMESTAMP",    "FROM_TIMESTAMP"};
  Field filter{.name = "ShardFilter", .type = FieldType::kStructure};
  filter.members = {filter_type, ShardIdField("ShardId", false),
                    Field{.name = "Timestamp", .type = FieldType::kTimestamp}};
  out.push_back({"ListShards",
                 {StreamNameField(), next, ShardIdField("ExclusiveStartShardId", false), max,
                  Field{.name = "StreamCreationTimestamp", .type = FieldType::kTimestamp}, filter,
                  StreamArnField()},
                 &ListShards,
                 false});
  out.push_back({"SplitShard",
                 {HashKeyField("NewStartingHashKey", true), StreamNameField(),
                  ShardIdField("ShardToSplit", true), StreamArnField()},
                 &SplitShard});
  out.push_back({"MergeShards",
                 {ShardIdField("ShardToMerge", true), ShardIdField("AdjacentShardToMerge", true),
                  StreamNameField(), StreamArnField()},
                 &MergeShards});
  out.push_back({"UpdateShardCount",
                 {StreamNameField(), target, scaling, StreamArnField()},
                 &UpdateShardCount});
}

}  // namespace kinesisctl::server
