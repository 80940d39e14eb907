#include "server/actions/context.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "server/model/transitions.h"

namespace kinesisctl::server {

Status ApiError(const std::string& code, const std::string& message) {
  return Status(code, message, 400);
}

std::string StreamPhrase(const ActionContext& ctx, const std::string& name) {
  return "Stream " + name + " under account " + ctx.account();
}

std::string StringMember(const Json& request, const char* name) {
  auto it = request.find(name);
  return it != request.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string RequestedStreamName(const Json& request) {
  const std::string name = StringMember(request, "StreamName");
  if (!name.empty()) return name;
  const std::string arn = StringMember(request, "StreamARN");
  const size_t slash = arn.find(":stream/");
  return slash == std::string::npos ? arn : arn.substr(slash + 8);
}

std::optional<std::string> CanonicalShardId(const std::string& text) {
  const std::optional<int> index = ParseShardId(text);
  if (!index) return std::nullopt;
  return ShardIdFor(*index);
}

std::string LooseShardId(const std::string& text) { return CanonicalShardId(text).value_or(text); }

Status ShardNotFound(const ActionContext& ctx, const std::string& shard,
                     const std::string& stream) {
  return ApiError("ResourceNotFoundException", "Could not find shard " + shard + " in stream " +
                                                   stream + " under account " + ctx.account() +
                                                   ".");
}

StatusOr<Stream*> ResolveStream(ActionContext& ctx, const Json& request) {
  std::string name = StringMember(request, "StreamName");
  const std::string arn = StringMember(request, "StreamARN");
  std::string region = ctx.region;
  if (!arn.empty()) {
    // arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME (the schema checked the shape).
    std::vector<std::string> parts;
    size_t start = 0;
    for (int i = 0; i < 5; ++i) {
      const size_t colon = arn.find(':', start);
      if (colon == std::string::npos) break;
      parts.push_back(arn.substr(start, colon - start));
      start = colon + 1;
    }
    const std::string rest = arn.substr(start);
    if (parts.size() != 5 || rest.rfind("stream/", 0) != 0) {
      return ApiError("InvalidArgumentException", "Invalid StreamARN " + arn + ".");
    }
    const std::string arn_name = rest.substr(7);
    if (!name.empty() && name != arn_name) {
      return ApiError("InvalidArgumentException",
                      "StreamName " + name + " and StreamARN " + arn + " name different streams.");
    }
    if (parts[4] != ctx.account()) {
      return ApiError("ResourceNotFoundException",
                      "Stream " + arn_name + " under account " + parts[4] + " not found.");
    }
    name = arn_name;
    region = parts[3];
  }
  if (name.empty()) {
    return ApiError("InvalidArgumentException",
                    "Either StreamName or StreamARN should be provided.");
  }
  auto& streams = ctx.model.regions[region].streams;
  auto it = streams.find(name);
  if (it == streams.end()) {
    return ApiError("ResourceNotFoundException", StreamPhrase(ctx, name) + " not found.");
  }
  if (ctx.mutating) ctx.Touch(it->second);
  return &it->second;
}

Status RequireActive(const ActionContext& ctx, const Stream& stream) {
  if (stream.status == StreamStatus::kActive) return OkStatus();
  return ApiError("ResourceInUseException", StreamPhrase(ctx, stream.name) +
                                                " not ACTIVE, instead in state " +
                                                StreamStatusName(stream.status));
}

Status RequireNotCreatingOrDeleting(const ActionContext& ctx, const Stream& stream) {
  if (stream.status == StreamStatus::kCreating || stream.status == StreamStatus::kDeleting) {
    return RequireActive(ctx, stream);
  }
  return OkStatus();
}

void StartUpdate(ActionContext& ctx, Stream& stream, Transition t) {
  t.due_ms = ctx.now_ms + ctx.config.update_delay_ms;
  stream.pending = std::move(t);
  stream.status = StreamStatus::kUpdating;
  if (ctx.config.update_delay_ms <= 0) AdvanceTransitions(ctx.model, ctx.now_ms);
}

bool ShardExpired(const Stream& stream, const Shard& shard, int64_t now_ms) {
  return !shard.open() && shard.closed_ms < now_ms - int64_t{stream.retention_hours} * 3'600'000;
}

int64_t TimestampMillis(const Json& seconds) {
  if (seconds.is_number_integer() && !seconds.is_number_unsigned()) {
    const int64_t s = seconds.get<int64_t>();
    constexpr int64_t kLimit = INT64_MAX / 1000;
    if (s > kLimit) return INT64_MAX;
    if (s < -kLimit) return INT64_MIN;
    return s * 1000;
  }
  if (!seconds.is_number()) return 0;
  const double ms = seconds.get<double>() * 1000.0;
  if (std::isnan(ms)) return 0;
  // 2^63 is exactly representable; every double below it converts without overflow.
  if (ms >= 9223372036854775808.0) return INT64_MAX;
  if (ms <= -9223372036854775808.0) return INT64_MIN;
  return static_cast<int64_t>(ms);
}

Json ShardJson(const Shard& shard) {
  Json j = {
      {"ShardId", shard.id},
      {"HashKeyRange",
       {{"StartingHashKey", shard.start.ToString()}, {"EndingHashKey", shard.end.ToString()}}},
      {"SequenceNumberRange", {{"StartingSequenceNumber", shard.starting_sequence}}}};
  if (!shard.ending_sequence.empty()) {
    j["SequenceNumberRange"]["EndingSequenceNumber"] = shard.ending_sequence;
  }
  if (!shard.parent.empty()) j["ParentShardId"] = shard.parent;
  if (!shard.adjacent_parent.empty()) j["AdjacentParentShardId"] = shard.adjacent_parent;
  return j;
}

Json MetricsJson(const Stream& stream) {
  Json metrics = Json::array();
  for (const auto& m : stream.metrics) metrics.push_back(m);
  return Json::array({{{"ShardLevelMetrics", metrics}}});
}

Json TimestampJson(int64_t ms) {
  if (ms % 1000 == 0) return ms / 1000;
  return static_cast<double>(ms) / 1000.0;
}

std::string EncodeToken(Json fields, int64_t now_ms) {
  fields["issued"] = now_ms;
  const std::string text = fields.dump();
  std::string hex;
  char buf[3];
  for (unsigned char c : text) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    hex += buf;
  }
  return hex;
}

StatusOr<Json> DecodeToken(const std::string& token, int64_t now_ms) {
  const Status invalid = ApiError("InvalidArgumentException", "Invalid NextToken.");
  if (token.size() % 2 != 0) return invalid;
  std::string text;
  for (size_t i = 0; i < token.size(); i += 2) {
    unsigned value = 0;
    if (std::sscanf(token.substr(i, 2).c_str(), "%2x", &value) != 1) return invalid;
    text.push_back(static_cast<char>(value));
  }
  Json fields = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  // "issued" is the client's to forge: only whole numbers in [0, 2^53] are read, so that the age
  // below cannot overflow.
  if (!fields.is_object() || !fields.contains("issued") || !fields["issued"].is_number_integer() ||
      fields["issued"].get<int64_t>() < 0 || fields["issued"].get<int64_t>() > (int64_t{1} << 53)) {
    return invalid;
  }
  if (now_ms - fields["issued"].get<int64_t>() > 300'000) {
    return ApiError("ExpiredNextTokenException",
                    "The timestamp in NextToken " + token.substr(0, 16) + "... has expired.");
  }
  return fields;
}

}  // namespace kinesisctl::server
