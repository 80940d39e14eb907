// CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams, DescribeLimits.
#include <algorithm>

#include "server/actions/actions.h"
#include "server/actions/stream_settings.h"
#include "server/actions/tag_text.h"
#include "server/model/transitions.h"

namespace kinesisctl::server {
namespace {

Field Int(const std::string& name, std::optional<int64_t> lo, std::optional<int64_t> hi) {
  Field f{.name = name, .type = FieldType::kInteger};
  f.min_value = lo;
  f.max_value = hi;
  return f;
}

Field ModeDetailsField(bool required) {
  Field mode{.name = "StreamMode", .type = FieldType::kString, .not_null = true};
  mode.enum_values = {"PROVISIONED", "ON_DEMAND"};
  Field f{.name = "StreamModeDetails", .type = FieldType::kStructure, .not_null = required};
  f.members = {mode};
  return f;
}

Field TagMapField(const std::string& name, bool required, int max) {
  Field f{.name = name, .type = FieldType::kMap, .not_null = required};
  f.min_length = 1;
  f.max_length = max;
  f.key_lengths = std::make_pair(1, 128);
  f.value_lengths = std::make_pair(0, 256);
  return f;
}

std::string LimitText(const ActionContext& ctx, int current, int added) {
  return "This request would exceed the shard limit for the account " + ctx.account() + " in " +
         ctx.region + ". Current shard count for the account: " + std::to_string(current) +
         ". Limit: " + std::to_string(ctx.config.shard_limit) +
         ". Number of additional shards that would have resulted from this request: " +
         std::to_string(added) +
         ". Refer to the AWS Service Limits page "
         "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current "
         "limits and how to request higher limits.";
}

StatusOr<Json> CreateStream(ActionContext& ctx, const Json& req) {
  const std::string name = req["StreamName"].get<std::string>();
  std::string mode = "PROVISIONED";
  if (req.contains("StreamModeDetails") && req["StreamModeDetails"].is_object()) {
    mode = req["StreamModeDetails"]["StreamMode"].get<std::string>();
  }
  const bool has_count = req.contains("ShardCount") && req["ShardCount"].is_number();
  if (mode == "PROVISIONED" && !has_count) {
    return ApiError("ValidationException",
                    "1 validation error detected: Value null at 'shardCount' failed to satisfy "
                    "constraint: Member must not be null");
  }
  Region& region = ctx.region_state();
  if (region.streams.count(name)) {
    return ApiError("ResourceInUseException", StreamPhrase(ctx, name) + " already exists.");
  }
  const int count = mode == "ON_DEMAND" ? 4 : req["ShardCount"].get<int>();
  const int open = region.OpenShardCount();
  if (open + count > ctx.config.shard_limit) {
    return ApiError("LimitExceededException", LimitText(ctx, open, count));
  }
  if (mode == "ON_DEMAND" && region.OnDemandStreamCount() >= ctx.config.on_demand_stream_limit) {
    return ApiError("LimitExceededException",
                    "This request would exceed the limit on the number of On-Demand streams for "
                    "the account " +
                        ctx.account() + " in " + ctx.region +
                        ". Current On-Demand stream count for the account: " +
                        std::to_string(region.OnDemandStreamCount()) +
                        ". Limit: " + std::to_string(ctx.config.on_demand_stream_limit) + ".");
  }
  const auto warm = req.find("WarmThroughputMiBps");
  const bool has_warm = warm != req.end() && warm->is_number();
  if (has_warm)
    KINESISCTL_RETURN_IF_ERROR(CheckWarmThroughput(ctx, ctx.region, mode, warm->get<int64_t>()));
  if (req.contains("Tags") && req["Tags"].size() > 50) {
    return ApiError(
        "InvalidArgumentException",
        "Failed to create stream " + name + " under account " + ctx.account() +
            " because a given stream cannot have more than 50 tags associated with it.");
  }
  if (req.contains("Tags")) {
    std::vector<std::string> texts;
    for (const auto& [k, v] : req["Tags"].items()) {
      texts.push_back(k);
      if (v.is_string()) texts.push_back(v.get<std::string>());
    }
    KINESISCTL_RETURN_IF_ERROR(CheckTagText(ctx, texts, "create", "stream " + name));
  }
  Stream stream;
  stream.region = ctx.region;
  stream.name = name;
  stream.arn = StreamArn(ctx.region, ctx.account(), name);
  stream.created_ms = ctx.now_ms;
  stream.mode = mode;
  if (auto kib = req.find("MaxRecordSizeInKiB"); kib != req.end() && kib->is_number()) {
    stream.max_record_kib = static_cast<int>(kib->get<int64_t>());
  }
  if (has_warm) stream.warm_target_mibps = stream.warm_current_mibps = warm->get<int64_t>();
  AddInitialShards(stream, count, ctx.now_ms);
  if (req.contains("Tags")) {
    for (const auto& [k, v] : req["Tags"].items()) stream.tags[k] = v.get<std::string>();
  }
  if (ctx.config.create_delay_ms > 0) {
    stream.status = StreamStatus::kCreating;
    stream.pending.kind = Transition::Kind::kCreate;
    stream.pending.due_ms = ctx.now_ms + ctx.config.create_delay_ms;
  } else {
    stream.status = StreamStatus::kActive;
  }
  ctx.Touch(stream);
  region.streams.emplace(name, std::move(stream));
  return NoOutput();
}

StatusOr<Json> DeleteStream(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * stream, ResolveStream(ctx, req));
  if (stream->status == StreamStatus::kCreating || stream->status == StreamStatus::kDeleting) {
    return RequireActive(ctx, *stream);
  }
  const auto enforce = req.find("EnforceConsumerDeletion");
  const bool enforced = enforce != req.end() && enforce->is_boolean() && enforce->get<bool>();
  if (!stream->consumers.empty() && !enforced) {
    return ApiError("ResourceInUseException",
                    StreamPhrase(ctx, stream->name) +
                        " has registered consumers; deregister them first or set "
                        "EnforceConsumerDeletion to true.");
  }
  // Its consumers go with it: DELETING now, gone when the stream is.
  for (Consumer& c : stream->consumers) {
    c.status = ConsumerStatus::kDeleting;
    c.due_ms = ctx.now_ms + ctx.config.delete_delay_ms;
  }
  stream->status = StreamStatus::kDeleting;
  stream->pending = Transition{.kind = Transition::Kind::kDelete,
                               .due_ms = ctx.now_ms + ctx.config.delete_delay_ms};
  if (ctx.config.delete_delay_ms <= 0) AdvanceTransitions(ctx.model, ctx.now_ms);
  return NoOutput();
}

Json ModeJson(const Stream& s) { return {{"StreamMode", s.mode}}; }

void AddCommon(const Stream& s, Json& out) {
  out["StreamName"] = s.name;
  out["StreamARN"] = s.arn;
  out["StreamStatus"] = StreamStatusName(s.status);
  out["StreamModeDetails"] = ModeJson(s);
  out["RetentionPeriodHours"] = s.retention_hours;
  out["StreamCreationTimestamp"] = TimestampJson(s.created_ms);
  out["EnhancedMonitoring"] = MetricsJson(s);
  out["EncryptionType"] = s.encryption_type;
  if (!s.key_id.empty()) out["KeyId"] = s.key_id;
}

StatusOr<Json> DescribeStream(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * stream, ResolveStream(ctx, req));
  const int64_t limit = req.value("Limit", 100);
  const std::string after = LooseShardId(StringMember(req, "ExclusiveStartShardId"));
  Json shards = Json::array();
  bool more = false;
  if (stream->status != StreamStatus::kCreating) {
    for (const Shard& s : stream->shards) {
      if (!after.empty() && s.id <= after) continue;
      if (ShardExpired(*stream, s, ctx.now_ms)) continue;
      if (static_cast<int64_t>(shards.size()) >= limit) {
        more = true;
        break;
      }
      shards.push_back(ShardJson(s));
    }
  }
  Json d;
  AddCommon(*stream, d);
  d["Shards"] = shards;
  d["HasMoreShards"] = more;
  return Json{{"StreamDescription", d}};
}

StatusOr<Json> DescribeStreamSummary(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * stream, ResolveStream(ctx, req));
  Json d;
  AddCommon(*stream, d);
  d["OpenShardCount"] = stream->status == StreamStatus::kCreating ? 0 : stream->OpenShardCount();
  d["ConsumerCount"] = static_cast<int>(stream->consumers.size());
  d["MaxRecordSizeInKiB"] = stream->max_record_kib;
  if (stream->mode == "ON_DEMAND" && stream->warm_target_mibps >= 0) {
    d["WarmThroughput"] = {{"TargetMiBps", stream->warm_target_mibps},
                           {"CurrentMiBps", stream->warm_current_mibps}};
  }
  return Json{{"StreamDescriptionSummary", d}};
}

StatusOr<Json> ListStreams(ActionContext& ctx, const Json& req) {
  const int64_t limit = req.value("Limit", 100);
  std::string after = StringMember(req, "ExclusiveStartStreamName");
  const std::string token = StringMember(req, "NextToken");
  if (!token.empty()) {
    KINESISCTL_ASSIGN_OR_RETURN(Json fields, DecodeToken(token, ctx.now_ms));
    if (!fields.contains("after") || !fields["after"].is_string()) {
      return ApiError("InvalidArgumentException", "Invalid NextToken.");
    }
    after = fields["after"].get<std::string>();
  }
  Json names = Json::array(), summaries = Json::array();
  bool more = false;
  const auto& streams = ctx.region_state().streams;
  for (auto it = after.empty() ? streams.begin() : streams.upper_bound(after); it != streams.end();
       ++it) {
    if (static_cast<int64_t>(names.size()) >= limit) {
      more = true;
      break;
    }
    const Stream& s = it->second;
    names.push_back(s.name);
    summaries.push_back({{"StreamName", s.name},
                         {"StreamARN", s.arn},
                         {"StreamStatus", StreamStatusName(s.status)},
                         {"StreamModeDetails", ModeJson(s)},
                         {"StreamCreationTimestamp", TimestampJson(s.created_ms)}});
  }
  Json out = {{"StreamNames", names}, {"HasMoreStreams", more}, {"StreamSummaries", summaries}};
  if (more) out["NextToken"] = EncodeToken({{"after", names.back()}}, ctx.now_ms);
  return out;
}

StatusOr<Json> DescribeLimits(ActionContext& ctx, const Json&) {
  const Region& region = ctx.region_state();
  return Json{{"ShardLimit", ctx.config.shard_limit},
              {"OpenShardCount", region.OpenShardCount()},
              {"OnDemandStreamCount", region.OnDemandStreamCount()},
              {"OnDemandStreamCountLimit", ctx.config.on_demand_stream_limit}};
}

}  // namespace

void RegisterStreamActions(std::vector<ActionSpec>& out) {
  Field shard_count = Int("ShardCount", 1, 100000);
  Field enforce{.name = "EnforceConsumerDeletion", .type = FieldType::kBoolean};
  Field start_shard = ShardIdField("ExclusiveStartShardId", false);
  Field next{.name = "NextToken", .type = FieldType::kString};
  next.min_length = 1;
  next.max_length = 1048576;
  Field warm = Int("WarmThroughputMiBps", 0, std::nullopt);
  out.push_back({"CreateStream",
                 {shard_count, StreamNameField(true), ModeDetailsField(false),
                  TagMapField("Tags", false, 200), warm, MaxRecordSizeField(false)},
                 &CreateStream});
  out.push_back({"DeleteStream", {StreamNameField(), enforce, StreamArnField()}, &DeleteStream});
  out.push_back({"DescribeStream",
                 {Int("Limit", 1, 10000), start_shard, StreamNameField(), StreamArnField()},
                 &DescribeStream,
                 false});
  out.push_back({"DescribeStreamSummary",
                 {StreamNameField(), StreamArnField()},
                 &DescribeStreamSummary,
                 false});
  out.push_back({"ListStreams",
                 {Int("Limit", 1, 10000), StreamNameField(false, "ExclusiveStartStreamName"), next},
                 &ListStreams,
                 false});
  out.push_back({"DescribeLimits", {}, &DescribeLimits, false});
}

}  // namespace kinesisctl::server
