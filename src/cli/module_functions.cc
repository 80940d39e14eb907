// The descriptor-table group of Salt's boto_kinesis module functions, plus describe_stream,
// describe_stream_summary and list_shards. Each entry is data; its handler only maps the bound
// arguments onto the library call.
#include <yaml-cpp/yaml.h>

#include "cli/args.h"
#include "cli/functions.h"
#include "core/bounded_file.h"

namespace kinesisctl::cli {
namespace {

constexpr char kSalt[] = "Salt's boto_kinesis module";
constexpr char kMore[] = "Beyond Salt";

ParamSpec StreamName() { return {"stream_name", ArgType::kString, true, "", "the stream's name"}; }
ParamSpec Timeout() {
  return {
      "timeout", ArgType::kNumber, false, "1800", "seconds to wait for the stream to become ACTIVE",
      true};
}

// get_info_for_reshard's argument: a stream name, a mapping holding a StreamDescription, or
// @FILE naming a YAML/JSON file with one.
Result InfoForReshard(const Args& args) {
  const Json& v = args.Value("stream_details");
  if (v.is_object()) return get_info_for_reshard(v);
  const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  if (!text.empty() && text[0] == '@') {
    const std::string path = text.substr(1);
    StatusOr<std::string> content = ReadBoundedFile(path, codes::kInvalidInput);
    if (!content.ok()) {
      return Json{{"error", {{"Code", "InvalidInput"}, {"Message", content.status().message()}}},
                  {"result", nullptr}};
    }
    StatusOr<Json> doc = TypeWord(*content);
    if (doc.ok()) {
      Status utf8 = CheckUtf8(*doc, "get_info_for_reshard: " + path);
      if (!utf8.ok()) doc = utf8;
    }
    if (!doc.ok()) {
      return Json{{"error", {{"Code", "InvalidInput"}, {"Message", doc.status().message()}}},
                  {"result", nullptr}};
    }
    return get_info_for_reshard(*doc);
  }
  Result described = describe_stream(text, args.connection());
  if (described.contains("error")) return described;
  return get_info_for_reshard(described["result"]);
}

std::string ValidateCreate(const Args& args) {
  if (!args.Has("num_shards") && args.String("stream_mode") != "ON_DEMAND") {
    return "create_stream: missing required argument num_shards (optional only with "
           "stream_mode=ON_DEMAND)";
  }
  return "";
}

std::string ValidateReshard(const Args& args) {
  const std::string layout = args.String("layout", "aws");
  if (layout != "aws" && layout != "salt") return "reshard: layout must be aws or salt";
  if (args.Has("tolerance") && !HashKey::Parse(args.String("tolerance")).ok()) {
    return "reshard: tolerance must be a non-negative integer, got '" + args.String("tolerance") +
           "'";
  }
  return "";
}

}  // namespace

const std::vector<FunctionSpec>& ModuleFunctions() {
  static const auto* table = new std::vector<FunctionSpec>{
      {"create_stream",
       kSalt,
       "create a stream with num_shards shards (does not wait)",
       "Create a stream with name stream_name and initial number of shards num_shards.",
       {StreamName(),
        {"num_shards", ArgType::kInt, false, "", "initial shard count (required unless ON_DEMAND)"},
        {"stream_mode", ArgType::kString, false, "PROVISIONED", "PROVISIONED or ON_DEMAND", true},
        {"tags", ArgType::kStringMap, false, "", "tags, e.g. {team: data}", true}},
       {"create_stream my_stream 4 region=us-east-1"},
       [](const Args& a) {
         CreateStreamOptions o;
         if (a.Has("stream_mode")) o.stream_mode = a.String("stream_mode");
         o.tags = a.StringMap("tags");
         return create_stream(a.String("stream_name"), a.Int("num_shards"), a.connection(), o);
       },
       ValidateCreate},
      {"delete_stream",
       kSalt,
       "delete a stream (cannot be undone; does not wait)",
       "Delete the stream with name stream_name. This cannot be undone! All data will be lost!!",
       {StreamName()},
       {"delete_stream my_stream region=us-east-1"},
       [](const Args& a) { return delete_stream(a.String("stream_name"), a.connection()); }},
      {"exists",
       kSalt,
       "whether a stream exists (exit status 1 when it does not)",
       "Check if the stream exists. Returns False and the error if it does not.",
       {StreamName()},
       {"exists my_stream region=us-east-1"},
       [](const Args& a) { return exists(a.String("stream_name"), a.connection()); }},
      {"get_stream_when_active",
       kSalt,
       "wait until a stream is ACTIVE, then describe it fully",
       "Get complete stream info, returning only when the stream is ACTIVE. Checks at once, then "
       "polls with backoff; gives up after timeout seconds naming the last status.",
       {StreamName(), Timeout()},
       {"get_stream_when_active my_stream region=us-east-1"},
       [](const Args& a) {
         return get_stream_when_active(a.String("stream_name"), a.connection(),
                                       a.Number("timeout", kDefaultActiveTimeoutSeconds));
       }},
      {"increase_stream_retention_period",
       kSalt,
       "raise the retention period to retention_hours",
       "Increase stream retention period to retention_hours.",
       {StreamName(), {"retention_hours", ArgType::kInt, true, "", "new retention in hours"}},
       {"increase_stream_retention_period my_stream 48 region=us-east-1"},
       [](const Args& a) {
         return increase_stream_retention_period(a.String("stream_name"), *a.Int("retention_hours"),
                                                 a.connection());
       }},
      {"decrease_stream_retention_period",
       kSalt,
       "lower the retention period to retention_hours",
       "Decrease stream retention period to retention_hours.",
       {StreamName(), {"retention_hours", ArgType::kInt, true, "", "new retention in hours"}},
       {"decrease_stream_retention_period my_stream 24 region=us-east-1"},
       [](const Args& a) {
         return decrease_stream_retention_period(a.String("stream_name"), *a.Int("retention_hours"),
                                                 a.connection());
       }},
      {"enable_enhanced_monitoring",
       kSalt,
       "enable shard-level metrics",
       "Enable enhanced monitoring for the specified shard-level metrics on stream stream_name.",
       {StreamName(), {"metrics", ArgType::kStringList, true, "", "shard-level metrics, or [ALL]"}},
       {"enable_enhanced_monitoring my_stream [\"IncomingBytes\", \"OutgoingBytes\"] "
        "region=us-east-1"},
       [](const Args& a) {
         return enable_enhanced_monitoring(a.String("stream_name"), a.StringList("metrics"),
                                           a.connection());
       }},
      {"disable_enhanced_monitoring",
       kSalt,
       "disable shard-level metrics",
       "Disable enhanced monitoring for the specified shard-level metrics on stream stream_name.",
       {StreamName(), {"metrics", ArgType::kStringList, true, "", "shard-level metrics, or [ALL]"}},
       {"disable_enhanced_monitoring my_stream [\"IncomingBytes\", \"OutgoingBytes\"] "
        "region=us-east-1"},
       [](const Args& a) {
         return disable_enhanced_monitoring(a.String("stream_name"), a.StringList("metrics"),
                                            a.connection());
       }},
      {"get_info_for_reshard",
       kSalt,
       "open shards sorted by hash key, with the min and max hash keys",
       "Collect some data: number of open shards, key range, etc. Returns [min_hash_key, "
       "max_hash_key, stream_details] with stream_details.OpenShards added. The argument is a "
       "stream name (described first), a mapping holding a StreamDescription, or @FILE.",
       {{"stream_details", ArgType::kAny, true, "",
         "stream name, {StreamDescription: ...} mapping, or @FILE (YAML or JSON)"}},
       {"get_info_for_reshard my_stream", "get_info_for_reshard @stream.json"},
       InfoForReshard},
      {"long_int",
       kSalt,
       "a hash key as an exact 128-bit integer",
       "The hash key is a 128-bit integer, sent as a decimal string; this checks it against "
       "AWS's pattern 0|([1-9]\\d{0,38}) up to 2^128-1.",
       {{"hash_key", ArgType::kHashKey, true, "", "decimal hash key"}},
       {"long_int 113427455640312821154458202477256070485"},
       [](const Args& a) { return long_int(a.String("hash_key")); }},
      {"reshard",
       kSalt,
       "one split or merge toward desired_size balanced shards (dry run unless force)",
       "Reshard a stream: wait until ACTIVE, then make a single split or merge toward a balanced "
       "partition of desired_size shards. result True: an operation was found (dry run: not "
       "performed, see 'operation') or done; False: nothing to do (exit status 1). Repeat with "
       "force True until it returns False.",
       {StreamName(),
        {"desired_size", ArgType::kInt, true, "", "target number of open shards (>= 1)"},
        {"force", ArgType::kBool, false, "False", "True performs the operation"},
        {"layout", ArgType::kString, false, "aws",
         "aws: AWS's own layout (within tolerance); salt: Salt's layout exactly", true},
        {"tolerance", ArgType::kHashKey, false, "N keys (aws), 0 (salt)",
         "how far a boundary may lie from its ideal position", true},
        Timeout()},
       {"reshard my_stream 4 True region=us-east-1", "reshard my_stream 3 layout=salt"},
       [](const Args& a) {
         ReshardOptions o;
         o.layout = a.String("layout", "aws");
         if (a.Has("tolerance")) o.tolerance = *HashKey::Parse(a.String("tolerance"));
         o.timeout_seconds = a.Number("timeout", kDefaultActiveTimeoutSeconds);
         return reshard(a.String("stream_name"), *a.Int("desired_size"), a.Bool("force", false),
                        a.connection(), o);
       },
       ValidateReshard},
      {"list_streams",
       kSalt,
       "names of every stream (all pages)",
       "List all streams, following NextToken when the service sends one, else "
       "ExclusiveStartStreamName while HasMoreStreams.",
       {},
       {"list_streams region=us-east-1"},
       [](const Args& a) { return list_streams(a.connection()); }},
      {"describe_stream",
       kMore,
       "full description with every shard (DescribeStream's shape)",
       "",
       {StreamName()},
       {"describe_stream my_stream"},
       [](const Args& a) { return describe_stream(a.String("stream_name"), a.connection()); }},
      {"describe_stream_summary",
       kMore,
       "DescribeStreamSummary",
       "",
       {StreamName()},
       {"describe_stream_summary my_stream"},
       [](const Args& a) {
         return describe_stream_summary(a.String("stream_name"), a.connection());
       }},
      {"list_shards",
       kMore,
       "every shard of a stream (ListShards, all pages)",
       "",
       {StreamName()},
       {"list_shards my_stream"},
       [](const Args& a) { return list_shards(a.String("stream_name"), a.connection()); }},
  };
  return *table;
}

}  // namespace kinesisctl::cli
