// RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers, DeregisterStreamConsumer,
// and the checks of SubscribeToShard (consumer, shard, starting position) that run on the model
// before the subscription itself starts (server/subscriptions/).
#include <algorithm>
#include <charconv>
#include <optional>

#include "server/actions/actions.h"
#include "server/actions/tag_store.h"
#include "server/model/sequence_number.h"
#include "server/model/transitions.h"
#include "server/validation/patterns.h"

namespace kinesisctl::server {
namespace {

constexpr int kMaxConsumersPerStream = 20;
constexpr int kMaxCreatingConsumers = 5;
constexpr int64_t kMaxListResults = 100;

struct ConsumerArnParts {
  std::string region;
  std::string account;
  std::string stream;
  std::string consumer;
};

// arn:PARTITION:kinesis:REGION:ACCOUNT:stream/STREAM/consumer/NAME:SECONDS
std::optional<ConsumerArnParts> ParseConsumerArn(const std::string& arn) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const size_t colon = arn.find(':', start);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  const std::string rest = arn.substr(start);  // stream/STREAM/consumer/NAME:SECONDS
  if (parts[0] != "arn" || parts[2] != "kinesis" || rest.rfind("stream/", 0) != 0) {
    return std::nullopt;
  }
  const size_t marker = rest.find("/consumer/", 7);
  const size_t colon = rest.rfind(':');
  if (marker == std::string::npos || colon == std::string::npos || colon < marker + 10) {
    return std::nullopt;
  }
  const std::string seconds = rest.substr(colon + 1);
  if (seconds.empty() || seconds.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  ConsumerArnParts out{parts[3], parts[4], rest.substr(7, marker - 7),
                       rest.substr(marker + 10, colon - marker - 10)};
  if (out.stream.empty() || out.consumer.empty()) return std::nullopt;
  return out;
}

// The sequence number just before `seq` (ours: 56 digits, checked by GetShardIterator).
std::string PreviousSequence(const std::string& seq) {
  int64_t ms = 0;
  uint64_t counter = 0;
  int index = 0;
  const char* p = seq.data();
  if (seq.size() != 56 || std::from_chars(p + 2, p + 18, ms).ec != std::errc() ||
      std::from_chars(p + 18, p + 38, counter).ec != std::errc() ||
      std::from_chars(p + 38, p + 56, index).ec != std::errc()) {
    return seq;
  }
  if (counter > 0) return FormatSequenceNumber(ms, counter - 1, index);
  return FormatSequenceNumber(ms - 1, kMaxSequenceCounter, index);
}

struct Found {
  Stream* stream = nullptr;
  Consumer* consumer = nullptr;
};

Status ConsumerNotFound(const std::string& what) {
  return ApiError("ResourceNotFoundException", "Consumer " + what + " not found.");
}

StatusOr<Found> FindByConsumerArn(ActionContext& ctx, const std::string& arn) {
  const auto parts = ParseConsumerArn(arn);
  if (!parts) return ApiError("InvalidArgumentException", "Invalid ConsumerARN " + arn + ".");
  if (parts->account != ctx.account()) return ConsumerNotFound(arn);
  auto& streams = ctx.model.regions[parts->region].streams;
  auto it = streams.find(parts->stream);
  if (it == streams.end()) return ConsumerNotFound(arn);
  Consumer* c = it->second.FindConsumer(parts->consumer);
  if (!c || c->arn != arn) return ConsumerNotFound(arn);
  if (ctx.mutating) ctx.Touch(it->second);
  return Found{&it->second, c};
}

// By ConsumerARN, or by StreamARN and ConsumerName together.
StatusOr<Found> ResolveConsumer(ActionContext& ctx, const Json& req) {
  const std::string arn = StringMember(req, "ConsumerARN");
  if (!arn.empty()) return FindByConsumerArn(ctx, arn);
  const std::string name = StringMember(req, "ConsumerName");
  if (name.empty() || StringMember(req, "StreamARN").empty()) {
    return ApiError("InvalidArgumentException",
                    "Either ConsumerARN or both ConsumerName and StreamARN should be provided.");
  }
  KINESISCTL_ASSIGN_OR_RETURN(Stream * stream, ResolveStream(ctx, req));
  Consumer* c = stream->FindConsumer(name);
  if (!c) return ConsumerNotFound(name + " under stream " + stream->name);
  return Found{stream, c};
}

Json ConsumerJson(const Consumer& c) {
  return {{"ConsumerName", c.name},
          {"ConsumerARN", c.arn},
          {"ConsumerStatus", ConsumerStatusName(c.status)},
          {"ConsumerCreationTimestamp", TimestampJson(c.created_ms)}};
}

StatusOr<Json> RegisterStreamConsumer(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * stream, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireNotCreatingOrDeleting(ctx, *stream));
  const std::string name = req["ConsumerName"].get<std::string>();
  if (stream->FindConsumer(name)) {
    return ApiError("ResourceInUseException",
                    "Consumer " + name + " under stream " + stream->name + " already exists.");
  }
  if (static_cast<int>(stream->consumers.size()) >= kMaxConsumersPerStream) {
    return ApiError("LimitExceededException",
                    "Stream " + stream->name + " already has " +
                        std::to_string(kMaxConsumersPerStream) +
                        " registered consumers, the most a stream can have.");
  }
  const auto creating =
      std::count_if(stream->consumers.begin(), stream->consumers.end(),
                    [](const Consumer& c) { return c.status == ConsumerStatus::kCreating; });
  if (creating >= kMaxCreatingConsumers) {
    return ApiError("LimitExceededException",
                    "Stream " + stream->name + " already has " +
                        std::to_string(kMaxCreatingConsumers) +
                        " consumers in CREATING, the most that can be registering at once.");
  }
  Consumer c;
  if (req.contains("Tags") && req["Tags"].is_object()) {
    KINESISCTL_RETURN_IF_ERROR(AddTags(ctx, c.tags, req["Tags"], "consumer " + name));
  }
  c.name = name;
  c.arn = ConsumerArn(stream->arn, name, ctx.now_ms);
  c.created_ms = ctx.now_ms;
  c.status = ConsumerStatus::kCreating;
  c.due_ms = ctx.now_ms + ctx.config.consumer_delay_ms;
  stream->consumers.push_back(c);
  if (ctx.config.consumer_delay_ms <= 0) AdvanceConsumers(*stream, ctx.now_ms);
  return Json{{"Consumer", ConsumerJson(stream->consumers.back())}};
}

StatusOr<Json> DescribeStreamConsumer(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Found f, ResolveConsumer(ctx, req));
  Json d = ConsumerJson(*f.consumer);
  d["StreamARN"] = f.stream->arn;
  return Json{{"ConsumerDescription", d}};
}

StatusOr<Json> DeregisterStreamConsumer(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Found f, ResolveConsumer(ctx, req));
  if (f.consumer->status != ConsumerStatus::kActive) {
    return ApiError("ResourceInUseException", "Consumer " + f.consumer->name +
                                                  " is not ACTIVE, instead in state " +
                                                  ConsumerStatusName(f.consumer->status) + ".");
  }
  ctx.Touch(*f.stream);
  f.consumer->status = ConsumerStatus::kDeleting;
  f.consumer->due_ms = ctx.now_ms + ctx.config.consumer_delay_ms;
  if (ctx.config.consumer_delay_ms <= 0) AdvanceConsumers(*f.stream, ctx.now_ms);
  return NoOutput();
}

StatusOr<Json> ListStreamConsumers(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * stream, ResolveStream(ctx, req));
  const std::string token = StringMember(req, "NextToken");
  const bool has_created =
      req.contains("StreamCreationTimestamp") && req["StreamCreationTimestamp"].is_number();
  size_t from = 0;
  if (!token.empty()) {
    if (has_created) {
      return ApiError("InvalidArgumentException",
                      "NextToken and StreamCreationTimestamp cannot be provided together.");
    }
    KINESISCTL_ASSIGN_OR_RETURN(Json fields, DecodeToken(token, ctx.now_ms));
    if (!fields.contains("from") || !fields["from"].is_number_unsigned() ||
        fields.value("stream", "") != stream->arn) {
      return ApiError("InvalidArgumentException", "Invalid NextToken.");
    }
    from = fields["from"].get<size_t>();
  } else if (has_created) {
    const auto ms =
        static_cast<int64_t>(req["StreamCreationTimestamp"].get<double>() * 1000.0 + 0.5);
    if (ms / 1000 != stream->created_ms / 1000) {
      return ApiError("ResourceNotFoundException",
                      StreamPhrase(ctx, stream->name) + " with the given creation time not found.");
    }
  }
  const int64_t limit =
      std::min<int64_t>(req.value("MaxResults", kMaxListResults), kMaxListResults);
  Json consumers = Json::array();
  size_t i = from;
  for (; i < stream->consumers.size() && static_cast<int64_t>(consumers.size()) < limit; ++i) {
    consumers.push_back(ConsumerJson(stream->consumers[i]));
  }
  Json out = {{"Consumers", consumers}};
  if (i < stream->consumers.size()) {
    out["NextToken"] = EncodeToken({{"from", i}, {"stream", stream->arn}}, ctx.now_ms);
  }
  return out;
}

// The checks of SubscribeToShard, answered with what the subscription needs: an iterator at the
// starting position, the stream's ARN and the region it lives in.
StatusOr<Json> SubscribeToShard(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Found f,
                              FindByConsumerArn(ctx, req["ConsumerARN"].get<std::string>()));
  if (f.consumer->status != ConsumerStatus::kActive) {
    return ApiError("ResourceInUseException", "Consumer " + f.consumer->name +
                                                  " is not ACTIVE, instead in state " +
                                                  ConsumerStatusName(f.consumer->status) + ".");
  }
  const Json& position = req["StartingPosition"];
  Json iterator_request = {{"StreamARN", f.stream->arn},
                           {"ShardId", req["ShardId"]},
                           {"ShardIteratorType", position["Type"]}};
  if (position.contains("SequenceNumber")) {
    iterator_request["StartingSequenceNumber"] = position["SequenceNumber"];
  }
  if (position.contains("Timestamp")) iterator_request["Timestamp"] = position["Timestamp"];
  KINESISCTL_ASSIGN_OR_RETURN(Json iterator, GetShardIteratorFor(ctx, iterator_request));
  // Where a subscription that delivers nothing leaves the reader: AFTER_SEQUENCE_NUMBER of this
  // resumes at the starting position.
  const Shard* shard = f.stream->FindShard(req["ShardId"].get<std::string>());
  const std::string type = position["Type"].get<std::string>();
  const std::string seq = StringMember(position, "SequenceNumber");
  std::string continuation = shard->starting_sequence;
  if (type == "AFTER_SEQUENCE_NUMBER") {
    continuation = seq;
  } else if (type == "AT_SEQUENCE_NUMBER") {
    continuation = PreviousSequence(seq);
  } else if (type == "LATEST") {
    continuation = FormatSequenceNumber(shard->last_ms, shard->last_counter, shard->index);
  }
  return Json{{"ShardIterator", iterator["ShardIterator"]}, {"Continuation", continuation}};
}

Field ConsumerNameField(bool required) { return StreamNameField(required, "ConsumerName"); }

Field ConsumerArnField(bool required) {
  Field f{.name = "ConsumerARN", .type = FieldType::kString, .not_null = required};
  f.min_length = 1;
  f.max_length = 2048;
  return f;
}

}  // namespace

void RegisterConsumerActions(std::vector<ActionSpec>& out) {
  Field max_results{.name = "MaxResults", .type = FieldType::kInteger};
  max_results.min_value = 1;
  max_results.max_value = 10000;
  Field next{.name = "NextToken", .type = FieldType::kString};
  next.min_length = 1;
  next.max_length = 1048576;
  Field type{.name = "Type", .type = FieldType::kString, .not_null = true};
  type.enum_values = {"AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST",
                      "AT_TIMESTAMP"};
  Field sequence = HashKeyField("SequenceNumber", false);
  sequence.pattern = kSequencePattern;
  Field position{.name = "StartingPosition", .type = FieldType::kStructure, .not_null = true};
  position.members = {type, sequence, Field{.name = "Timestamp", .type = FieldType::kTimestamp}};
  Field tags = TagsField();
  tags.not_null = false;
  out.push_back({"RegisterStreamConsumer",
                 {StreamArnField(true), ConsumerNameField(true), tags},
                 &RegisterStreamConsumer});
  out.push_back({"DescribeStreamConsumer",
                 {StreamArnField(), ConsumerNameField(false), ConsumerArnField(false)},
                 &DescribeStreamConsumer,
                 false});
  out.push_back({"ListStreamConsumers",
                 {StreamArnField(true), next, max_results,
                  Field{.name = "StreamCreationTimestamp", .type = FieldType::kTimestamp}},
                 &ListStreamConsumers,
                 false});
  out.push_back({"DeregisterStreamConsumer",
                 {StreamArnField(), ConsumerNameField(false), ConsumerArnField(false)},
                 &DeregisterStreamConsumer});
  out.push_back({"SubscribeToShard",
                 {ConsumerArnField(true), ShardIdField("ShardId", true), position},
                 &SubscribeToShard,
                 false});
}

}  // namespace kinesisctl::server
