#include "server/model/model_json.h"

#include <nlohmann/json.hpp>

namespace kinesisctl::server {

using nlohmann::json;

std::string StreamToJson(const Stream& s) {
  json shards = json::array();
  for (const Shard& sh : s.shards) {
    shards.push_back({{"index", sh.index},
                      {"start", sh.start.ToString()},
                      {"end", sh.end.ToString()},
                      {"parent", sh.parent},
                      {"adjacent", sh.adjacent_parent},
                      {"first", sh.starting_sequence},
                      {"last", sh.ending_sequence},
                      {"created", sh.created_ms},
                      {"closed", sh.closed_ms}});
  }
  json consumers = json::array();
  for (const Consumer& c : s.consumers) {
    consumers.push_back({{"name", c.name},
                         {"arn", c.arn},
                         {"status", static_cast<int>(c.status)},
                         {"created", c.created_ms},
                         {"due", c.due_ms},
                         {"tags", c.tags},
                         {"policy", c.policy}});
  }
  return json{{"region", s.region},
              {"name", s.name},
              {"arn", s.arn},
              {"status", static_cast<int>(s.status)},
              {"created", s.created_ms},
              {"retention", s.retention_hours},
              {"shards", shards},
              {"tags", s.tags},
              {"metrics", s.metrics},
              {"encryption", s.encryption_type},
              {"key", s.key_id},
              {"mode", s.mode},
              {"max_record_kib", s.max_record_kib},
              {"warm_target", s.warm_target_mibps},
              {"warm_current", s.warm_current_mibps},
              {"policy", s.policy},
              {"pending",
               {{"kind", static_cast<int>(s.pending.kind)},
                {"due", s.pending.due_ms},
                {"shard", s.pending.shard},
                {"other", s.pending.other},
                {"count", s.pending.count}}},
              {"consumers", consumers}}
      .dump();
}

StatusOr<Stream> StreamFromJson(const std::string& text) {
  try {
    const json j = json::parse(text);
    Stream s;
    s.region = j.at("region");
    s.name = j.at("name");
    s.arn = j.at("arn");
    s.status = static_cast<StreamStatus>(j.at("status").get<int>());
    s.created_ms = j.at("created");
    s.retention_hours = j.at("retention");
    for (const json& x : j.at("shards")) {
      Shard sh;
      sh.index = x.at("index");
      sh.id = ShardIdFor(sh.index);
      KINESISCTL_ASSIGN_OR_RETURN(sh.start, HashKey::Parse(x.at("start").get<std::string>()));
      KINESISCTL_ASSIGN_OR_RETURN(sh.end, HashKey::Parse(x.at("end").get<std::string>()));
      sh.parent = x.at("parent");
      sh.adjacent_parent = x.at("adjacent");
      sh.starting_sequence = x.at("first");
      sh.ending_sequence = x.at("last");
      sh.created_ms = x.at("created");
      sh.closed_ms = x.at("closed");
      sh.last_ms = sh.created_ms;
      s.shards.push_back(sh);
    }
    s.tags = j.at("tags").get<std::map<std::string, std::string>>();
    s.metrics = j.at("metrics").get<std::set<std::string>>();
    s.encryption_type = j.at("encryption");
    s.key_id = j.at("key");
    s.mode = j.at("mode");
    // Absent from streams saved by earlier versions.
    s.max_record_kib = j.value("max_record_kib", 1024);
    s.warm_target_mibps = j.value("warm_target", int64_t{-1});
    s.warm_current_mibps = j.value("warm_current", int64_t{0});
    s.policy = j.value("policy", std::string());
    const json& p = j.at("pending");
    s.pending.kind = static_cast<Transition::Kind>(p.at("kind").get<int>());
    s.pending.due_ms = p.at("due");
    s.pending.shard = p.at("shard");
    s.pending.other = p.at("other");
    s.pending.count = p.at("count");
    // Streams saved before consumers existed have no "consumers" member.
    if (auto it = j.find("consumers"); it != j.end()) {
      for (const json& x : *it) {
        Consumer c;
        c.name = x.at("name");
        c.arn = x.at("arn");
        c.status = static_cast<ConsumerStatus>(x.at("status").get<int>());
        c.created_ms = x.at("created");
        c.due_ms = x.at("due");
        // Absent from consumers saved before they had tags and policies.
        if (auto tags = x.find("tags"); tags != x.end()) {
          c.tags = tags->get<std::map<std::string, std::string>>();
        }
        c.policy = x.value("policy", std::string());
        s.consumers.push_back(std::move(c));
      }
    }
    return s;
  } catch (const std::exception& e) {
    return Status(codes::kInternal, std::string("unreadable stream in storage: ") + e.what());
  }
}

std::string AccountSettingsToJson(const AccountSettings& a) {
  return json{{"status", a.status},
              {"started", a.started_ms},
              {"ended", a.ended_ms},
              {"earliest_end", a.earliest_end_ms}}
      .dump();
}

StatusOr<AccountSettings> AccountSettingsFromJson(const std::string& text) {
  try {
    const json j = json::parse(text);
    AccountSettings a;
    a.status = j.value("status", std::string());
    a.started_ms = j.value("started", int64_t{0});
    a.ended_ms = j.value("ended", int64_t{0});
    a.earliest_end_ms = j.value("earliest_end", int64_t{0});
    return a;
  } catch (const std::exception& e) {
    return Status(codes::kInternal,
                  std::string("unreadable account settings in storage: ") + e.what());
  }
}

}  // namespace kinesisctl::server
