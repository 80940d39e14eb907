#include "functions/reshard_info.h"

#include <algorithm>
#include <string>

namespace kinesisctl::admin {
namespace {

using kinesis::Json;

// The shard's ShardId when it is a string (details come from users: any JSON may be here).
std::string IdOf(const Json& shard, const char* fallback) {
  const auto it = shard.find("ShardId");
  return it != shard.end() && it->is_string() ? it->get<std::string>() : std::string(fallback);
}

StatusOr<HashKey> KeyOf(const Json& shard, const char* field) {
  const auto range = shard.find("HashKeyRange");
  if (range == shard.end() || !range->is_object() || !range->contains(field) ||
      !(*range)[field].is_string()) {
    return InvalidInputError("shard " + IdOf(shard, "?") + " has no " + field);
  }
  return HashKey::Parse((*range)[field].get<std::string>());
}

}  // namespace

StatusOr<ReshardInfo> GetReshardInfo(const Json& description) {
  if (!description.is_object()) {
    return InvalidInputError("stream details must be a mapping holding a StreamDescription");
  }
  Json details =
      description.contains("StreamDescription") ? description["StreamDescription"] : description;
  if (!details.is_object() || !details.contains("Shards") || !details["Shards"].is_array()) {
    return InvalidInputError("stream details have no StreamDescription with a Shards list");
  }
  struct Entry {
    OpenShard shard;
    Json json;
  };
  std::vector<Entry> open;
  for (const auto& shard : details["Shards"]) {
    if (!shard.is_object()) {
      return InvalidInputError("stream details: each entry of Shards must be a mapping, got " +
                               std::string(shard.type_name()));
    }
    const auto range = shard.find("SequenceNumberRange");
    // Closed: an EndingSequenceNumber (a JSON null, as some emulators send, counts as absent).
    if (range != shard.end() && range->is_object() && range->contains("EndingSequenceNumber") &&
        !(*range)["EndingSequenceNumber"].is_null()) {
      continue;
    }
    KINESISCTL_ASSIGN_OR_RETURN(HashKey start, KeyOf(shard, "StartingHashKey"));
    KINESISCTL_ASSIGN_OR_RETURN(HashKey end, KeyOf(shard, "EndingHashKey"));
    open.push_back({{IdOf(shard, ""), start, end}, shard});
  }
  std::stable_sort(open.begin(), open.end(),
                   [](const Entry& a, const Entry& b) { return a.shard.start < b.shard.start; });
  ReshardInfo info;
  info.details = std::move(details);
  info.details["OpenShards"] = Json::array();
  for (auto& e : open) {
    info.min_hash_key = std::min(info.min_hash_key, e.shard.start);
    info.max_hash_key = std::max(info.max_hash_key, e.shard.end);
    info.details["OpenShards"].push_back(std::move(e.json));
    info.open_shards.push_back(std::move(e.shard));
  }
  return info;
}

}  // namespace kinesisctl::admin
