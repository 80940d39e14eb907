// AddTagsToStream, RemoveTagsFromStream, ListTagsForStream.
#include "server/actions/actions.h"

namespace kinesisctl::server {
namespace {

constexpr size_t kMaxTags = 50;

// Tag text may hold Unicode letters, digits, white space and _ . / = + - % @ (the % answers with
// a second message, as AWS does).
bool HasInvalidTagChars(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || std::isalnum(c) || std::isspace(c)) continue;
    if (std::string("_./=+-%@:").find(static_cast<char>(c)) == std::string::npos) return true;
  }
  return false;
}

Status CheckTagText(const ActionContext& ctx, const std::vector<std::string>& texts,
                    const std::string& verb, const std::string& stream) {
  for (const auto& t : texts) {
    if (HasInvalidTagChars(t)) {
      return ApiError("InvalidArgumentException",
                      "Some tags contain invalid characters. Valid characters: Unicode letters, "
                      "digits, white space, _ . / = + - % @.");
    }
  }
  for (const auto& t : texts) {
    if (t.find('%') != std::string::npos) {
      return ApiError("InvalidArgumentException",
                      "Failed to " + verb + " stream " + stream + " under account " +
                          ctx.account() +
                          " because some tags contained illegal characters. The allowed "
                          "characters are Unicode letters, white-spaces, '_',',','/','=','+','-',"
                          "'@'.");
    }
  }
  return OkStatus();
}

StatusOr<Json> AddTags(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireNotCreatingOrDeleting(ctx, *s));
  std::vector<std::string> texts;
  for (const auto& [k, v] : req["Tags"].items()) {
    texts.push_back(k);
    texts.push_back(v.get<std::string>());
  }
  KINESISCTL_RETURN_IF_ERROR(CheckTagText(ctx, texts, "add tags to", s->name));
  auto merged = s->tags;
  for (const auto& [k, v] : req["Tags"].items()) merged[k] = v.get<std::string>();
  if (merged.size() > kMaxTags) {
    return ApiError(
        "InvalidArgumentException",
        "Failed to add tags to stream " + s->name + " under account " + ctx.account() +
            " because a given stream cannot have more than 50 tags associated with it.");
  }
  s->tags = std::move(merged);
  return Json::object();
}

StatusOr<Json> RemoveTags(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireNotCreatingOrDeleting(ctx, *s));
  std::vector<std::string> keys = req["TagKeys"].get<std::vector<std::string>>();
  KINESISCTL_RETURN_IF_ERROR(CheckTagText(ctx, keys, "remove tags from", s->name));
  for (const auto& k : keys) s->tags.erase(k);
  return Json::object();
}

StatusOr<Json> ListTags(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  const int64_t limit = req.value("Limit", 50);
  const std::string after = StringMember(req, "ExclusiveStartTagKey");
  Json tags = Json::array();
  bool more = false;
  for (auto it = after.empty() ? s->tags.begin() : s->tags.upper_bound(after); it != s->tags.end();
       ++it) {
    if (static_cast<int64_t>(tags.size()) >= limit) {
      more = true;
      break;
    }
    tags.push_back({{"Key", it->first}, {"Value", it->second}});
  }
  return Json{{"Tags", tags}, {"HasMoreTags", more}};
}

}  // namespace

void RegisterTagActions(std::vector<ActionSpec>& out) {
  Field tags{.name = "Tags", .type = FieldType::kMap, .not_null = true};
  tags.min_length = 1;
  tags.max_length = 200;
  tags.key_lengths = std::make_pair(1, 128);
  tags.value_lengths = std::make_pair(0, 256);
  Field keys{.name = "TagKeys", .type = FieldType::kList, .not_null = true};
  keys.min_length = 1;
  keys.max_length = 50;
  keys.member_lengths = std::make_pair(1, 128);
  Field start{.name = "ExclusiveStartTagKey", .type = FieldType::kString};
  start.min_length = 1;
  start.max_length = 128;
  Field limit{.name = "Limit", .type = FieldType::kInteger};
  limit.min_value = 1;
  limit.max_value = 50;
  const Field name = StreamNameField(), arn = StreamArnField();
  out.push_back({"AddTagsToStream", {tags, name, arn}, &AddTags});
  out.push_back({"RemoveTagsFromStream", {keys, name, arn}, &RemoveTags});
  out.push_back({"ListTagsForStream", {start, limit, name, arn}, &ListTags, false});
}

}  // namespace kinesisctl::server
