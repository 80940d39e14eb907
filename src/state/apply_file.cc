// `apply`: a YAML document of streams, each brought to its desired state by present or absent.
// The whole document is checked (shape, known keys, value types) before any stream is touched.
#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "aws/yaml_limits.h"
#include "core/base64.h"
#include "kinesisctl/state.h"
#include "state/state_present.h"

namespace kinesisctl {
namespace {

using Json = nlohmann::ordered_json;

const std::set<std::string> kConnectionKeys = {"region", "key",     "keyid",
                                               "token",  "profile", "endpoint"};
const std::vector<std::string> kStreamKeys = {
    "state",      "num_shards", "retention_hours", "enhanced_monitoring", "stream_mode", "tags",
    "encryption", "do_reshard", "method"};

struct Problem {
  std::string text;
};

std::string Where(const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  return m.line >= 0 ? " (line " + std::to_string(m.line + 1) + ")" : "";
}

// Every value of the document is read through here: text that is not UTF-8 (raw bytes, or a
// "\ud800" escape) stops at the boundary, so names and results always serialize as JSON.
std::string Scalar(const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) throw Problem{what + " must be a single value" + Where(node)};
  if (!IsValidUtf8(node.Scalar())) throw Problem{what + ": not valid UTF-8 text" + Where(node)};
  return node.Scalar();
}

int64_t Integer(const YAML::Node& node, const std::string& what) {
  const std::string text = Scalar(node, what);
  try {
    size_t used = 0;
    const long long v = std::stoll(text, &used, 10);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw Problem{what + " must be an integer, not '" + text + "'" + Where(node)};
}

bool Boolean(const YAML::Node& node, const std::string& what) {
  bool value = false;
  if (node.IsScalar() && YAML::convert<bool>::decode(node, value)) return value;
  throw Problem{what + " must be True or False" + Where(node)};
}

bool IsNone(const YAML::Node& node) {
  return node.IsNull() || (node.IsScalar() && node.Scalar() == "None");
}

// enhanced_monitoring as the JSON the engine takes (Salt's forms).
Json Monitoring(const YAML::Node& node, const std::string& what) {
  if (node.IsSequence()) {
    Json out = Json::array();
    for (const auto& item : node) out.push_back(Scalar(item, what + " items"));
    return out;
  }
  const std::string text = Scalar(node, what);
  bool flag = false;
  if (text != "None" && text != "ALL" && YAML::convert<bool>::decode(node, flag)) return flag;
  return text;
}

struct StreamEntry {
  std::string name;
  bool absent = false;
  PresentSpec spec;
};

StreamEntry ParseStream(const std::string& name, const YAML::Node& node) {
  const std::string at = "streams." + name;
  StreamEntry entry{name, false, {}};
  entry.spec.reshard.show_progress = false;
  if (node.IsNull()) return entry;
  if (!node.IsMap()) throw Problem{at + " must be a mapping of settings" + Where(node)};
  for (const auto& kv : node) {
    const std::string key = Scalar(kv.first, at + " keys");
    const YAML::Node& v = kv.second;
    const std::string what = at + "." + key;
    if (key == "state") {
      const std::string s = Scalar(v, what);
      if (s != "present" && s != "absent") throw Problem{what + " must be present or absent"};
      entry.absent = s == "absent";
    } else if (key == "num_shards") {
      entry.spec.num_shards = Integer(v, what);
    } else if (key == "retention_hours") {
      entry.spec.retention_hours = Integer(v, what);
    } else if (key == "enhanced_monitoring") {
      if (!v.IsNull()) entry.spec.enhanced_monitoring = Monitoring(v, what);
    } else if (key == "stream_mode") {
      entry.spec.stream_mode = Scalar(v, what);
    } else if (key == "tags") {
      if (!v.IsMap() && !v.IsNull()) throw Problem{what + " must be a mapping" + Where(v)};
      std::map<std::string, std::string> tags;
      if (v.IsMap()) {
        for (const auto& t : v) tags[Scalar(t.first, what)] = Scalar(t.second, what);
      }
      entry.spec.tags = std::move(tags);
    } else if (key == "encryption") {
      entry.spec.encryption =
          IsNone(v) ? std::optional<std::string>() : std::optional<std::string>(Scalar(v, what));
    } else if (key == "do_reshard") {
      entry.spec.do_reshard = Boolean(v, what);
    } else if (key == "method") {
      entry.spec.reshard.method = Scalar(v, what);
    } else {
      std::string known;
      for (const auto& k : kStreamKeys) known += (known.empty() ? "" : ", ") + k;
      throw Problem{at + ": unknown key '" + key + "'" + Where(kv.first) + " (expected " + known +
                    ")"};
    }
  }
  if (Status bad = admin::ValidatePresentSpec(entry.spec); !bad.ok()) {
    throw Problem{at + ": " + bad.message()};
  }
  return entry;
}

void ParseConnection(const std::string& key, const YAML::Node& v, ConnectionParams& conn) {
  if (key == "profile") {
    if (v.IsMap()) {
      std::map<std::string, std::string> m;
      for (const auto& kv : v) m[Scalar(kv.first, "profile")] = Scalar(kv.second, "profile");
      conn.profile_map = std::move(m);
    } else {
      conn.profile_name = Scalar(v, key);
    }
    return;
  }
  const std::string value = Scalar(v, key);
  if (key == "region") conn.region = value;
  if (key == "key") conn.key = value;
  if (key == "keyid") conn.keyid = value;
  if (key == "token") conn.token = value;
  if (key == "endpoint") conn.endpoint = value;
}

void Override(const ConnectionParams& from, ConnectionParams& to) {
  if (from.region) to.region = from.region;
  if (from.key) to.key = from.key;
  if (from.keyid) to.keyid = from.keyid;
  if (from.token) to.token = from.token;
  if (from.endpoint) to.endpoint = from.endpoint;
  if (from.profile_name || from.profile_map) {
    to.profile_name = from.profile_name;
    to.profile_map = from.profile_map;
  }
  if (from.config_path) to.config_path = from.config_path;
}

Status Invalid(std::string message) { return InvalidInputError(std::move(message)); }

}  // namespace

StatusOr<ApplyOutcome> ApplyDocument(std::string_view yaml_text, bool test,
                                     const ConnectionParams& overrides) {
  ConnectionParams conn;
  std::vector<StreamEntry> entries;
  try {
    const YAML::Node doc = YAML::Load(std::string(yaml_text));
    KINESISCTL_RETURN_IF_ERROR(aws::CheckYamlLimits(doc, "the document"));
    if (!doc.IsMap()) return Invalid("the document must be a mapping with a 'streams' key");
    bool has_streams = false;
    for (const auto& kv : doc) {
      const std::string key = Scalar(kv.first, "top-level keys");
      if (key == "streams") {
        has_streams = true;
        if (kv.second.IsNull()) continue;
        if (!kv.second.IsMap()) {
          return Invalid("'streams' must map stream names to settings" + Where(kv.second));
        }
        std::set<std::string> seen;
        for (const auto& s : kv.second) {
          const std::string name = Scalar(s.first, "stream names");
          if (!seen.insert(name).second) return Invalid("stream " + name + " appears twice");
          entries.push_back(ParseStream(name, s.second));
        }
      } else if (kConnectionKeys.count(key)) {
        ParseConnection(key, kv.second, conn);
      } else {
        return Invalid("unknown top-level key '" + key + "'" + Where(kv.first) +
                       " (expected streams, region, key, keyid, token, profile, endpoint)");
      }
    }
    if (!has_streams) return Invalid("the document has no 'streams' mapping");
  } catch (const Problem& p) {
    return Invalid(p.text);
  } catch (const YAML::Exception& e) {
    return Invalid(std::string("invalid YAML: ") + e.what());
  }
  Override(overrides, conn);
  ApplyOutcome outcome;
  ApplyOutcome* out = &outcome;
  for (const StreamEntry& e : entries) {
    StateResult r = e.absent ? absent(e.name, test, conn) : present(e.name, e.spec, test, conn);
    const Json& result = r["result"];
    if (result.is_boolean() && !result.get<bool>()) {
      ++out->failed;
    } else {
      ++out->succeeded;
      if (!r["changes"].empty() || result.is_null()) ++out->changed;
    }
    out->results.push_back(std::move(r));
    out->functions.push_back(e.absent ? "absent" : "present");
  }
  return outcome;
}

}  // namespace kinesisctl
