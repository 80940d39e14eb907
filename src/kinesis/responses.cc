// The parsers of kinesisctl/responses.h: a Node walks one JSON object of an answer, knowing its
// path for error messages, and each Get* reads one member with the documented type.
#include "kinesisctl/responses.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

namespace kinesisctl {
namespace {

// Timestamps beyond this many seconds from the epoch (either way) do not fit a TimePoint.
constexpr double kMaxEpochSeconds = 9.0e9;

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// One JSON object of an answer, at `path` (empty for the answer itself).
class Node {
 public:
  Node(const char* action, std::string path, const Document* value)
      : action_(action), path_(std::move(path)), value_(value) {}

  Status Error(const std::string& path, const std::string& problem) const {
    return Status(codes::kInvalidResponse,
                  std::string(action_) + " answer: " + path + " " + problem);
  }

  // The member `key`; nullptr when it is missing or null (both mean "not set").
  const Document* Find(const char* key) const {
    const auto it = value_->find(key);
    return it == value_->end() || it->is_null() ? nullptr : &*it;
  }

  StatusOr<const Document*> Need(const char* key) const {
    const auto it = value_->find(key);
    if (it == value_->end()) return Error(Join(path_, key), "is missing");
    if (it->is_null()) return Error(Join(path_, key), "is null");
    return &*it;
  }

  StatusOr<Node> ObjectAt(const std::string& path, const Document* v) const {
    if (!v->is_object()) return WrongType(path, "an object", *v);
    return Node(action_, path, v);
  }

  StatusOr<Node> Object(const char* key) const {
    KINESISCTL_ASSIGN_OR_RETURN(const Document* v, Need(key));
    return ObjectAt(Join(path_, key), v);
  }

  StatusOr<std::optional<Node>> OptObject(const char* key) const {
    const Document* v = Find(key);
    if (!v) return std::optional<Node>();
    KINESISCTL_ASSIGN_OR_RETURN(Node node, ObjectAt(Join(path_, key), v));
    return std::optional<Node>(std::move(node));
  }

  Status String(const char* key, std::string* out) const {
    KINESISCTL_ASSIGN_OR_RETURN(const Document* v, Need(key));
    return StringValue(Join(path_, key), *v, out);
  }

  Status OptString(const char* key, std::optional<std::string>* out) const {
    const Document* v = Find(key);
    if (!v) return OkStatus();
    std::string s;
    KINESISCTL_RETURN_IF_ERROR(StringValue(Join(path_, key), *v, &s));
    *out = std::move(s);
    return OkStatus();
  }

  // A paging token: an empty one means the same as none.
  Status OptToken(const char* key, std::optional<std::string>* out) const {
    KINESISCTL_RETURN_IF_ERROR(OptString(key, out));
    if (*out && (*out)->empty()) out->reset();
    return OkStatus();
  }

  Status Int(const char* key, int64_t* out) const {
    KINESISCTL_ASSIGN_OR_RETURN(const Document* v, Need(key));
    return IntValue(Join(path_, key), *v, out);
  }

  Status OptInt(const char* key, std::optional<int64_t>* out) const {
    const Document* v = Find(key);
    if (!v) return OkStatus();
    int64_t n = 0;
    KINESISCTL_RETURN_IF_ERROR(IntValue(Join(path_, key), *v, &n));
    *out = n;
    return OkStatus();
  }

  Status Bool(const char* key, bool* out) const {
    KINESISCTL_ASSIGN_OR_RETURN(const Document* v, Need(key));
    if (!v->is_boolean()) return WrongType(Join(path_, key), "a boolean", *v);
    *out = v->get<bool>();
    return OkStatus();
  }

  Status Time(const char* key, TimePoint* out) const {
    KINESISCTL_ASSIGN_OR_RETURN(const Document* v, Need(key));
    return TimeValue(Join(path_, key), *v, out);
  }

  Status OptTime(const char* key, std::optional<TimePoint>* out) const {
    const Document* v = Find(key);
    if (!v) return OkStatus();
    TimePoint t;
    KINESISCTL_RETURN_IF_ERROR(TimeValue(Join(path_, key), *v, &t));
    *out = t;
    return OkStatus();
  }

  Status Key(const char* key, HashKey* out) const {
    std::string text;
    KINESISCTL_RETURN_IF_ERROR(String(key, &text));
    StatusOr<HashKey> parsed = HashKey::Parse(text);
    if (!parsed.ok()) {
      return Error(Join(path_, key), "is not a hash key: " + parsed.status().message());
    }
    *out = *parsed;
    return OkStatus();
  }

  // A list of strings; when optional, missing or null is an empty list.
  Status Strings(const char* key, bool required, std::vector<std::string>* out) const {
    return Each(key, required, [&](const std::string& path, const Document& item) {
      std::string s;
      KINESISCTL_RETURN_IF_ERROR(StringValue(path, item, &s));
      out->push_back(std::move(s));
      return OkStatus();
    });
  }

  // Calls `f(Node)` for each element of the list at `key`, each of which must be an object.
  template <typename F>
  Status Objects(const char* key, bool required, F&& f) const {
    return Each(key, required, [&](const std::string& path, const Document& item) -> Status {
      KINESISCTL_ASSIGN_OR_RETURN(Node node, ObjectAt(path, &item));
      return f(node);
    });
  }

 private:
  template <typename F>
  Status Each(const char* key, bool required, F&& f) const {
    const Document* list = Find(key);
    if (!list) {
      if (!required) return OkStatus();
      return Need(key).status();
    }
    const std::string path = Join(path_, key);
    if (!list->is_array()) return WrongType(path, "a list", *list);
    for (size_t i = 0; i < list->size(); ++i) {
      KINESISCTL_RETURN_IF_ERROR(f(path + "[" + std::to_string(i) + "]", (*list)[i]));
    }
    return OkStatus();
  }

  Status WrongType(const std::string& path, const char* wanted, const Document& got) const {
    return Error(path, std::string("must be ") + wanted + ", got " + got.type_name());
  }

  Status StringValue(const std::string& path, const Document& v, std::string* out) const {
    if (!v.is_string()) return WrongType(path, "a string", v);
    *out = v.get<std::string>();
    return OkStatus();
  }

  Status IntValue(const std::string& path, const Document& v, int64_t* out) const {
    if (v.is_number_unsigned()) {
      const uint64_t n = v.get<uint64_t>();
      if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Error(path, "is out of range: " + v.dump());
      }
      *out = static_cast<int64_t>(n);
      return OkStatus();
    }
    if (v.is_number_integer()) {
      *out = v.get<int64_t>();
      return OkStatus();
    }
    if (v.is_number()) return Error(path, "must be an integer, got " + v.dump());
    return WrongType(path, "an integer", v);
  }

  // Epoch seconds, maybe with a fraction, to the millisecond.
  Status TimeValue(const std::string& path, const Document& v, TimePoint* out) const {
    if (!v.is_number()) return WrongType(path, "a number of seconds since the epoch", v);
    const double seconds = v.get<double>();
    if (!std::isfinite(seconds) || std::fabs(seconds) > kMaxEpochSeconds) {
      return Error(path, "is out of range: " + v.dump());
    }
    *out = TimePoint(std::chrono::duration_cast<TimePoint::duration>(
        std::chrono::milliseconds(std::llround(seconds * 1000.0))));
    return OkStatus();
  }

  const char* action_;
  std::string path_;
  const Document* value_;
};

StatusOr<Node> Root(const char* action, const Document& answer) {
  if (!answer.is_object()) {
    return Status(codes::kInvalidResponse,
                  std::string(action) + " answer is not a JSON object, got " + answer.type_name());
  }
  return Node(action, "", &answer);
}

StatusOr<std::optional<StreamModeDetails>> ReadModeDetails(const Node& node) {
  KINESISCTL_ASSIGN_OR_RETURN(std::optional<Node> details, node.OptObject("StreamModeDetails"));
  if (!details) return std::optional<StreamModeDetails>();
  StreamModeDetails out;
  KINESISCTL_RETURN_IF_ERROR(details->String("StreamMode", &out.stream_mode));
  return std::optional<StreamModeDetails>(std::move(out));
}

Status ReadEnhancedMonitoring(const Node& node, std::vector<EnhancedMetrics>* out) {
  return node.Objects("EnhancedMonitoring", /*required=*/true, [&](const Node& item) {
    EnhancedMetrics metrics;
    KINESISCTL_RETURN_IF_ERROR(
        item.Strings("ShardLevelMetrics", /*required=*/false, &metrics.shard_level_metrics));
    out->push_back(std::move(metrics));
    return OkStatus();
  });
}

Status ReadShards(const Node& node, bool required, std::vector<Shard>* out) {
  return node.Objects("Shards", required, [&](const Node& item) -> Status {
    Shard shard;
    KINESISCTL_RETURN_IF_ERROR(item.String("ShardId", &shard.shard_id));
    KINESISCTL_RETURN_IF_ERROR(item.OptString("ParentShardId", &shard.parent_shard_id));
    KINESISCTL_RETURN_IF_ERROR(
        item.OptString("AdjacentParentShardId", &shard.adjacent_parent_shard_id));
    KINESISCTL_ASSIGN_OR_RETURN(Node range, item.Object("HashKeyRange"));
    KINESISCTL_RETURN_IF_ERROR(
        range.Key("StartingHashKey", &shard.hash_key_range.starting_hash_key));
    KINESISCTL_RETURN_IF_ERROR(range.Key("EndingHashKey", &shard.hash_key_range.ending_hash_key));
    KINESISCTL_ASSIGN_OR_RETURN(Node sequence, item.Object("SequenceNumberRange"));
    SequenceNumberRange& numbers = shard.sequence_number_range;
    KINESISCTL_RETURN_IF_ERROR(
        sequence.String("StartingSequenceNumber", &numbers.starting_sequence_number));
    KINESISCTL_RETURN_IF_ERROR(
        sequence.OptString("EndingSequenceNumber", &numbers.ending_sequence_number));
    out->push_back(std::move(shard));
    return OkStatus();
  });
}

// The fields StreamDescription and StreamDescriptionSummary share.
template <typename T>
Status ReadStreamCommon(const Node& d, T* out) {
  KINESISCTL_RETURN_IF_ERROR(d.String("StreamName", &out->stream_name));
  KINESISCTL_RETURN_IF_ERROR(d.String("StreamARN", &out->stream_arn));
  KINESISCTL_RETURN_IF_ERROR(d.String("StreamStatus", &out->stream_status));
  KINESISCTL_ASSIGN_OR_RETURN(out->stream_mode_details, ReadModeDetails(d));
  KINESISCTL_RETURN_IF_ERROR(d.Int("RetentionPeriodHours", &out->retention_period_hours));
  KINESISCTL_RETURN_IF_ERROR(d.Time("StreamCreationTimestamp", &out->stream_creation_timestamp));
  KINESISCTL_RETURN_IF_ERROR(ReadEnhancedMonitoring(d, &out->enhanced_monitoring));
  KINESISCTL_RETURN_IF_ERROR(d.OptString("EncryptionType", &out->encryption_type));
  KINESISCTL_RETURN_IF_ERROR(d.OptString("KeyId", &out->key_id));
  return OkStatus();
}

}  // namespace

StatusOr<StreamDescription> ParseDescribeStreamResponse(const Document& answer) {
  KINESISCTL_ASSIGN_OR_RETURN(Node root, Root("DescribeStream", answer));
  KINESISCTL_ASSIGN_OR_RETURN(Node d, root.Object("StreamDescription"));
  StreamDescription out;
  KINESISCTL_RETURN_IF_ERROR(ReadStreamCommon(d, &out));
  KINESISCTL_RETURN_IF_ERROR(ReadShards(d, /*required=*/true, &out.shards));
  KINESISCTL_RETURN_IF_ERROR(d.Bool("HasMoreShards", &out.has_more_shards));
  return out;
}

StatusOr<StreamDescriptionSummary> ParseDescribeStreamSummaryResponse(const Document& answer) {
  KINESISCTL_ASSIGN_OR_RETURN(Node root, Root("DescribeStreamSummary", answer));
  KINESISCTL_ASSIGN_OR_RETURN(Node d, root.Object("StreamDescriptionSummary"));
  StreamDescriptionSummary out;
  KINESISCTL_RETURN_IF_ERROR(ReadStreamCommon(d, &out));
  KINESISCTL_RETURN_IF_ERROR(d.Int("OpenShardCount", &out.open_shard_count));
  KINESISCTL_RETURN_IF_ERROR(d.OptInt("ConsumerCount", &out.consumer_count));
  return out;
}

StatusOr<ListShardsResult> ParseListShardsResponse(const Document& answer) {
  KINESISCTL_ASSIGN_OR_RETURN(Node root, Root("ListShards", answer));
  ListShardsResult out;
  KINESISCTL_RETURN_IF_ERROR(ReadShards(root, /*required=*/false, &out.shards));
  KINESISCTL_RETURN_IF_ERROR(root.OptToken("NextToken", &out.next_token));
  return out;
}

StatusOr<ListStreamsResult> ParseListStreamsResponse(const Document& answer) {
  KINESISCTL_ASSIGN_OR_RETURN(Node root, Root("ListStreams", answer));
  ListStreamsResult out;
  KINESISCTL_RETURN_IF_ERROR(root.Strings("StreamNames", /*required=*/true, &out.stream_names));
  KINESISCTL_RETURN_IF_ERROR(root.Bool("HasMoreStreams", &out.has_more_streams));
  KINESISCTL_RETURN_IF_ERROR(root.OptToken("NextToken", &out.next_token));
  KINESISCTL_RETURN_IF_ERROR(
      root.Objects("StreamSummaries", /*required=*/false, [&](const Node& item) -> Status {
        StreamSummary summary;
        KINESISCTL_RETURN_IF_ERROR(item.String("StreamName", &summary.stream_name));
        KINESISCTL_RETURN_IF_ERROR(item.String("StreamARN", &summary.stream_arn));
        KINESISCTL_RETURN_IF_ERROR(item.String("StreamStatus", &summary.stream_status));
        KINESISCTL_ASSIGN_OR_RETURN(summary.stream_mode_details, ReadModeDetails(item));
        KINESISCTL_RETURN_IF_ERROR(
            item.OptTime("StreamCreationTimestamp", &summary.stream_creation_timestamp));
        out.stream_summaries.push_back(std::move(summary));
        return OkStatus();
      }));
  return out;
}

StatusOr<ListTagsForStreamResult> ParseListTagsForStreamResponse(const Document& answer) {
  KINESISCTL_ASSIGN_OR_RETURN(Node root, Root("ListTagsForStream", answer));
  ListTagsForStreamResult out;
  KINESISCTL_RETURN_IF_ERROR(
      root.Objects("Tags", /*required=*/true, [&](const Node& item) -> Status {
        Tag tag;
        KINESISCTL_RETURN_IF_ERROR(item.String("Key", &tag.key));
        KINESISCTL_RETURN_IF_ERROR(item.OptString("Value", &tag.value));
        out.tags.push_back(std::move(tag));
        return OkStatus();
      }));
  KINESISCTL_RETURN_IF_ERROR(root.Bool("HasMoreTags", &out.has_more_tags));
  return out;
}

StatusOr<Limits> ParseDescribeLimitsResponse(const Document& answer) {
  KINESISCTL_ASSIGN_OR_RETURN(Node root, Root("DescribeLimits", answer));
  Limits out;
  KINESISCTL_RETURN_IF_ERROR(root.Int("ShardLimit", &out.shard_limit));
  KINESISCTL_RETURN_IF_ERROR(root.Int("OpenShardCount", &out.open_shard_count));
  KINESISCTL_RETURN_IF_ERROR(root.Int("OnDemandStreamCount", &out.on_demand_stream_count));
  KINESISCTL_RETURN_IF_ERROR(
      root.Int("OnDemandStreamCountLimit", &out.on_demand_stream_count_limit));
  return out;
}

StatusOr<EnhancedMonitoringOutput> ParseEnhancedMonitoringResponse(const Document& answer,
                                                                   const char* action) {
  KINESISCTL_ASSIGN_OR_RETURN(Node root, Root(action, answer));
  EnhancedMonitoringOutput out;
  KINESISCTL_RETURN_IF_ERROR(root.OptString("StreamName", &out.stream_name));
  KINESISCTL_RETURN_IF_ERROR(root.OptString("StreamARN", &out.stream_arn));
  KINESISCTL_RETURN_IF_ERROR(root.Strings("CurrentShardLevelMetrics", /*required=*/false,
                                          &out.current_shard_level_metrics));
  KINESISCTL_RETURN_IF_ERROR(root.Strings("DesiredShardLevelMetrics", /*required=*/false,
                                          &out.desired_shard_level_metrics));
  return out;
}

StatusOr<UpdateShardCountResult> ParseUpdateShardCountResponse(const Document& answer) {
  KINESISCTL_ASSIGN_OR_RETURN(Node root, Root("UpdateShardCount", answer));
  UpdateShardCountResult out;
  KINESISCTL_RETURN_IF_ERROR(root.OptString("StreamName", &out.stream_name));
  KINESISCTL_RETURN_IF_ERROR(root.OptString("StreamARN", &out.stream_arn));
  KINESISCTL_RETURN_IF_ERROR(root.OptInt("CurrentShardCount", &out.current_shard_count));
  KINESISCTL_RETURN_IF_ERROR(root.OptInt("TargetShardCount", &out.target_shard_count));
  return out;
}

}  // namespace kinesisctl
