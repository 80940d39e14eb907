// AddTagsToStream, RemoveTagsFromStream, ListTagsForStream, and the tag rules they share with
// TagResource / UntagResource (tag_store.h).
#include "server/actions/actions.h"
#include "server/actions/tag_store.h"
#include "server/actions/tag_text.h"

namespace kinesisctl::server {
namespace {

constexpr size_t kMaxTags = 50;

StatusOr<Json> AddTagsToStream(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireNotCreatingOrDeleting(ctx, *s));
  KINESISCTL_RETURN_IF_ERROR(AddTags(ctx, s->tags, req["Tags"], "stream " + s->name));
  return NoOutput();
}

StatusOr<Json> RemoveTagsFromStream(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  KINESISCTL_RETURN_IF_ERROR(RequireNotCreatingOrDeleting(ctx, *s));
  KINESISCTL_RETURN_IF_ERROR(RemoveTags(ctx, s->tags, req["TagKeys"], "stream " + s->name));
  return NoOutput();
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

Status AddTags(const ActionContext& ctx, TagMap& tags, const Json& tag_map,
               const std::string& resource) {
  std::vector<std::string> texts;
  for (const auto& [k, v] : tag_map.items()) {
    texts.push_back(k);
    texts.push_back(v.get<std::string>());
  }
  KINESISCTL_RETURN_IF_ERROR(CheckTagText(ctx, texts, "add tags to", resource));
  TagMap merged = tags;
  for (const auto& [k, v] : tag_map.items()) merged[k] = v.get<std::string>();
  if (merged.size() > kMaxTags) {
    const std::string kind = resource.substr(0, resource.find(' '));  // "stream", "consumer"
    return ApiError("InvalidArgumentException",
                    "Failed to add tags to " + resource + " under account " + ctx.account() +
                        " because a given " + kind +
                        " cannot have more than 50 tags associated with it.");
  }
  tags = std::move(merged);
  return OkStatus();
}

Status RemoveTags(const ActionContext& ctx, TagMap& tags, const Json& keys,
                  const std::string& resource) {
  const std::vector<std::string> names = keys.get<std::vector<std::string>>();
  KINESISCTL_RETURN_IF_ERROR(CheckTagText(ctx, names, "remove tags from", resource));
  for (const auto& k : names) tags.erase(k);
  return OkStatus();
}

Field TagsField() {
  Field tags{.name = "Tags", .type = FieldType::kMap, .not_null = true};
  tags.min_length = 1;
  tags.max_length = 200;
  tags.key_lengths = std::make_pair(1, 128);
  tags.value_lengths = std::make_pair(0, 256);
  return tags;
}

Field TagKeysField() {
  Field keys{.name = "TagKeys", .type = FieldType::kList, .not_null = true};
  keys.min_length = 1;
  keys.max_length = 50;
  keys.member_lengths = std::make_pair(1, 128);
  return keys;
}

void RegisterTagActions(std::vector<ActionSpec>& out) {
  const Field tags = TagsField(), keys = TagKeysField();
  Field start{.name = "ExclusiveStartTagKey", .type = FieldType::kString};
  start.min_length = 1;
  start.max_length = 128;
  Field limit{.name = "Limit", .type = FieldType::kInteger};
  limit.min_value = 1;
  limit.max_value = 50;
  const Field name = StreamNameField(), arn = StreamArnField();
  out.push_back({"AddTagsToStream", {tags, name, arn}, &AddTagsToStream});
  out.push_back({"RemoveTagsFromStream", {keys, name, arn}, &RemoveTagsFromStream});
  out.push_back({"ListTagsForStream", {start, limit, name, arn}, &ListTags, false});
}

}  // namespace kinesisctl::server
