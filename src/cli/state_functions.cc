// The descriptor-table group of the desired-state functions (present, absent, apply,
// reshard_to) and the beyond-Salt functions behind their steps (stream mode, tags, encryption).
// Each entry is data; its handler only maps the bound arguments onto the library call.

#include "cli/functions.h"
#include "core/bounded_file.h"
#include "kinesisctl/state.h"

namespace kinesisctl::cli {
namespace {

constexpr char kState[] = "Desired state (Salt's boto_kinesis state)";
constexpr char kMore[] = "Beyond Salt: resharding to a count, stream mode, tags, encryption";

ParamSpec Name() { return {"name", ArgType::kString, true, "", "the stream's name"}; }
ParamSpec StreamName() { return {"stream_name", ArgType::kString, true, "", "the stream's name"}; }
ParamSpec Test() {
  return {"test", ArgType::kBool, false, "False", "report what would change, change nothing", true};
}
ParamSpec Method() {
  return {"method",
          ArgType::kString,
          false,
          "auto",
          "auto (UpdateShardCount steps, split/merge when refused), update_shard_count or "
          "split_merge",
          true};
}
ParamSpec Layout() {
  return {"layout", ArgType::kString, false, "aws", "split/merge target layout: aws or salt", true};
}
ParamSpec Tolerance() {
  return {"tolerance",
          ArgType::kHashKey,
          false,
          "N keys (aws), 0 (salt)",
          "split/merge: keys a boundary may be off its ideal position",
          true};
}
ParamSpec ReshardTimeout() {
  return {"timeout", ArgType::kNumber, false, "7200", "overall deadline of the reshard, seconds",
          true};
}

ReshardToOptions ReshardOptionsFrom(const Args& a) {
  ReshardToOptions o;
  o.method = a.String("method", "auto");
  o.layout = a.String("layout", "aws");
  if (a.Has("tolerance")) {
    if (auto t = HashKey::Parse(a.String("tolerance")); t.ok()) o.tolerance = *t;
  }
  o.timeout_seconds = a.Number("timeout", o.timeout_seconds);
  return o;
}

std::string ValidateReshardOptions(const Args& a) {
  const std::string method = a.String("method", "auto");
  if (method != "auto" && method != "update_shard_count" && method != "split_merge") {
    return "method must be auto, update_shard_count or split_merge, not '" + method + "'";
  }
  const std::string layout = a.String("layout", "aws");
  if (layout != "aws" && layout != "salt") return "layout must be aws or salt";
  if (a.Has("tolerance") && !HashKey::Parse(a.String("tolerance")).ok()) {
    return "tolerance must be a non-negative integer, got '" + a.String("tolerance") + "'";
  }
  return "";
}

std::string ValidatePresent(const Args& a) {
  if (a.Has("stream_mode")) {
    const std::string mode = a.String("stream_mode");
    if (mode != "PROVISIONED" && mode != "ON_DEMAND") {
      return "stream_mode must be PROVISIONED or ON_DEMAND, not '" + mode + "'";
    }
  }
  return ValidateReshardOptions(a);
}

Result Present(const Args& a) {
  PresentSpec spec;
  spec.num_shards = a.Int("num_shards");
  spec.retention_hours = a.Int("retention_hours");
  if (a.Has("enhanced_monitoring") && !a.Value("enhanced_monitoring").is_null()) {
    spec.enhanced_monitoring = a.Value("enhanced_monitoring");
  }
  spec.do_reshard = a.Bool("do_reshard", true);
  if (a.Has("stream_mode")) spec.stream_mode = a.String("stream_mode");
  if (a.Has("tags")) spec.tags = a.StringMap("tags");
  if (a.Has("encryption")) {
    const Json& v = a.Value("encryption");
    const bool none = v.is_null() || (v.is_string() && v.get<std::string>() == "None");
    spec.encryption =
        none ? std::optional<std::string>()
             : std::optional<std::string>(v.is_string() ? v.get<std::string>() : v.dump());
  }
  spec.reshard = ReshardOptionsFrom(a);
  return present(a.String("name"), spec, a.Bool("test", false), a.connection());
}

Result Apply(const Args& a) {
  const std::string path = a.String("file");
  StatusOr<std::string> text = ReadBoundedFile(path, codes::kConfig);
  if (!text.ok()) {
    return Json{{"error", {{"Code", "ConfigError"}, {"Message", text.status().message()}}},
                {"result", nullptr}};
  }
  StatusOr<ApplyOutcome> applied = ApplyDocument(*text, a.Bool("test", false), a.connection());
  if (!applied.ok()) {
    return Json{
        {"error", {{"Code", "ConfigError"}, {"Message", path + ": " + applied.status().message()}}},
        {"result", nullptr}};
  }
  const ApplyOutcome& outcome = *applied;
  Json out = Json::object();
  out["result"] = outcome.failed == 0;
  out["streams"] = Json::array();
  for (const auto& r : outcome.results) out["streams"].push_back(r);
  out["functions"] = outcome.functions;
  out["summary"] = {
      {"succeeded", outcome.succeeded}, {"changed", outcome.changed}, {"failed", outcome.failed}};
  return out;
}

std::string ApplyText(const Result& r) {
  if (!r.contains("streams")) return "";
  std::string out;
  ApplyOutcome outcome;
  const Json& functions = r.value("functions", Json::array());
  for (size_t i = 0; i < r["streams"].size(); ++i) {
    const std::string function =
        i < functions.size() ? functions[i].get<std::string>() : std::string("present");
    out += FormatStateResult(r["streams"][i], function);
  }
  outcome.succeeded = r["summary"].value("succeeded", 0);
  outcome.changed = r["summary"].value("changed", 0);
  outcome.failed = r["summary"].value("failed", 0);
  return out + "\n" + FormatApplySummary(outcome);
}

}  // namespace

const std::vector<FunctionSpec>& StateFunctions() {
  static const auto* table = new std::vector<FunctionSpec>{
      {"present",
       kState,
       "make a stream exist with the given settings (Salt's state)",
       "Ensure the stream exists with the given retention, enhanced monitoring, stream mode, "
       "tags, encryption and shard count; returns Salt's state result {name, result, comment, "
       "changes}. test=True reports what would change and changes nothing.",
       {Name(),
        {"retention_hours", ArgType::kInt, false, "", "retention period in hours"},
        {"enhanced_monitoring", ArgType::kAny, false, "",
         "shard-level metrics: a list, True/ALL (all seven), False/None (none)"},
        {"num_shards", ArgType::kInt, false, "", "open shard count (required to create)"},
        {"do_reshard", ArgType::kBool, false, "True", "change the shard count when it differs"},
        Test(),
        {"stream_mode", ArgType::kString, false, "", "PROVISIONED or ON_DEMAND", true},
        {"tags", ArgType::kStringMap, false, "", "exactly these tags, e.g. {team: data}", true},
        {"encryption", ArgType::kAny, false, "", "a KMS key id, or None for no encryption", true},
        Method(),
        Layout(),
        Tolerance(),
        ReshardTimeout()},
       {"present my_stream num_shards=4 retention_hours=48 region=us-east-1",
        "present my_stream num_shards=12 enhanced_monitoring=ALL tags={team: data} test=True"},
       Present,
       ValidatePresent},
      {"absent",
       kState,
       "make sure a stream does not exist (Salt's state)",
       "Delete the stream if it exists; returns Salt's state result. Does not wait for the "
       "deletion to finish.",
       {Name(), Test()},
       {"absent my_stream region=us-east-1"},
       [](const Args& a) {
         return absent(a.String("name"), a.Bool("test", false), a.connection());
       }},
      {"apply",
       kState,
       "bring every stream of a YAML file to its desired state",
       "Runs present or absent for each stream of FILE (a mapping with optional connection keys "
       "and `streams`: name -> state, num_shards, retention_hours, enhanced_monitoring, "
       "stream_mode, tags, encryption, do_reshard, method). Connection keys given on the command "
       "line override the file's. Prints each result like Salt's state output and "
       "`N succeeded (M changed), K failed`.",
       {{"file", ArgType::kString, true, "", "the YAML file"}, Test()},
       {"apply streams.yaml", "apply streams.yaml test=True endpoint=http://127.0.0.1:4567"},
       Apply,
       nullptr,
       nullptr,
       true,
       ApplyText},
      {"reshard_to",
       kMore,
       "reach num_shards open shards in one call (stepped UpdateShardCount or split/merge)",
       "Reshard until the stream has num_shards open shards, waiting for ACTIVE between steps "
       "under one deadline. method=auto steps UpdateShardCount (2x up, half down per step) and "
       "falls back to split/merge toward a balanced layout when the service refuses it.",
       {StreamName(),
        {"num_shards", ArgType::kInt, true, "", "the target open shard count"},
        Method(),
        Layout(),
        Tolerance(),
        ReshardTimeout()},
       {"reshard_to my_stream 12 region=us-east-1", "reshard_to my_stream 5 method=split_merge"},
       [](const Args& a) {
         return reshard_to(a.String("stream_name"), *a.Int("num_shards"), ReshardOptionsFrom(a),
                           a.connection());
       },
       ValidateReshardOptions},
      {"update_stream_mode",
       kMore,
       "switch a stream between PROVISIONED and ON_DEMAND",
       "UpdateStreamMode (by the stream's ARN, looked up first).",
       {StreamName(), {"stream_mode", ArgType::kString, true, "", "PROVISIONED or ON_DEMAND"}},
       {"update_stream_mode my_stream ON_DEMAND"},
       [](const Args& a) {
         return update_stream_mode(a.String("stream_name"), a.String("stream_mode"),
                                   a.connection());
       }},
      {"add_tags_to_stream",
       kMore,
       "add or update tags",
       "AddTagsToStream (10 tags per call).",
       {StreamName(), {"tags", ArgType::kStringMap, true, "", "e.g. {team: data, env: prod}"}},
       {"add_tags_to_stream my_stream {team: data}"},
       [](const Args& a) {
         return add_tags_to_stream(a.String("stream_name"), a.StringMap("tags"), a.connection());
       }},
      {"remove_tags_from_stream",
       kMore,
       "remove tags by key",
       "RemoveTagsFromStream (10 keys per call).",
       {StreamName(), {"tag_keys", ArgType::kStringList, true, "", "e.g. [team, env]"}},
       {"remove_tags_from_stream my_stream [team]"},
       [](const Args& a) {
         return remove_tags_from_stream(a.String("stream_name"), a.StringList("tag_keys"),
                                        a.connection());
       }},
      {"list_tags_for_stream",
       kMore,
       "the stream's tags as a mapping",
       "ListTagsForStream, every page.",
       {StreamName()},
       {"list_tags_for_stream my_stream"},
       [](const Args& a) { return list_tags_for_stream(a.String("stream_name"), a.connection()); }},
      {"start_stream_encryption",
       kMore,
       "encrypt with a KMS key",
       "StartStreamEncryption with EncryptionType KMS.",
       {StreamName(), {"key_id", ArgType::kString, true, "", "KMS key id, ARN or alias"}},
       {"start_stream_encryption my_stream alias/aws/kinesis"},
       [](const Args& a) {
         return start_stream_encryption(a.String("stream_name"), a.String("key_id"),
                                        a.connection());
       }},
      {"stop_stream_encryption",
       kMore,
       "stop encrypting",
       "StopStreamEncryption; without key_id, the stream's current key.",
       {StreamName(), {"key_id", ArgType::kString, false, "", "KMS key id (default: current)"}},
       {"stop_stream_encryption my_stream"},
       [](const Args& a) {
         std::optional<std::string> key;
         if (a.Has("key_id")) key = a.String("key_id");
         return stop_stream_encryption(a.String("stream_name"), key, a.connection());
       }},
  };
  return *table;
}

}  // namespace kinesisctl::cli
