#include "functions/shard_lineage.h"

namespace kinesisctl::admin {

std::vector<ShardSighting> ShardsOfListing(const nlohmann::ordered_json& page,
                                           std::optional<std::string>& next_token) {
  std::vector<ShardSighting> out;
  for (const nlohmann::ordered_json& shard :
       page.value("Shards", nlohmann::ordered_json::array())) {
    ShardSighting s;
    s.id = shard.value("ShardId", "");
    for (const char* key : {"ParentShardId", "AdjacentParentShardId"}) {
      if (shard.contains(key) && shard[key].is_string())
        s.parents.push_back(shard[key].get<std::string>());
    }
    const nlohmann::ordered_json range =
        shard.value("SequenceNumberRange", nlohmann::ordered_json::object());
    s.closed = range.contains("EndingSequenceNumber") && !range["EndingSequenceNumber"].is_null();
    out.push_back(std::move(s));
  }
  const auto token = page.find("NextToken");
  next_token.reset();
  if (token != page.end() && token->is_string()) next_token = token->get<std::string>();
  return out;
}

std::vector<ShardSighting> ShardsOfChildShards(const nlohmann::ordered_json& child_shards) {
  std::vector<ShardSighting> out;
  if (!child_shards.is_array()) return out;
  for (const nlohmann::ordered_json& c : child_shards) {
    ShardSighting s;
    s.id = c.value("ShardId", "");
    for (const nlohmann::ordered_json& p :
         c.value("ParentShards", nlohmann::ordered_json::array())) {
      if (p.is_string()) s.parents.push_back(p.get<std::string>());
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace kinesisctl::admin
