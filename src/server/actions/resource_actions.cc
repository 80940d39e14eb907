// The actions on a resource named by ARN (a stream, or a consumer): TagResource, UntagResource,
// ListTagsForResource, PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy. A stream's tags
// are the ones AddTagsToStream sets; a consumer has its own, under the same rules. A resource
// policy is validated as a JSON policy document, stored with its resource and returned as given,
// never evaluated.
#include "server/actions/actions.h"
#include "server/actions/resource_arn.h"
#include "server/actions/tag_store.h"
#include "server/validation/patterns.h"

namespace kinesisctl::server {
namespace {

const std::string& ResourceArnOf(const Json& req) {
  return req["ResourceARN"].get_ref<const std::string&>();
}

// A change needs a stream that is neither CREATING nor DELETING and, for a consumer, one that is
// not DELETING (a CREATING consumer takes tags, as AWS documents for RegisterStreamConsumer).
Status RequireChangeable(const ActionContext& ctx, const Resource& r) {
  KINESISCTL_RETURN_IF_ERROR(RequireNotCreatingOrDeleting(ctx, *r.stream));
  if (r.consumer && r.consumer->status == ConsumerStatus::kDeleting) {
    return ApiError("ResourceInUseException", "Consumer " + r.consumer->name + " under stream " +
                                                  r.stream->name + " under account " +
                                                  ctx.account() + " is in DELETING state.");
  }
  return OkStatus();
}

StatusOr<Json> TagResource(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Resource r, ResolveResourceArn(ctx, ResourceArnOf(req)));
  KINESISCTL_RETURN_IF_ERROR(RequireChangeable(ctx, r));
  KINESISCTL_RETURN_IF_ERROR(AddTags(ctx, *r.tags, req["Tags"], r.phrase));
  return NoOutput();
}

StatusOr<Json> UntagResource(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Resource r, ResolveResourceArn(ctx, ResourceArnOf(req)));
  KINESISCTL_RETURN_IF_ERROR(RequireChangeable(ctx, r));
  KINESISCTL_RETURN_IF_ERROR(RemoveTags(ctx, *r.tags, req["TagKeys"], r.phrase));
  return NoOutput();
}

StatusOr<Json> ListTagsForResource(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Resource r, ResolveResourceArn(ctx, ResourceArnOf(req)));
  Json tags = Json::array();
  for (const auto& [k, v] : *r.tags) tags.push_back({{"Key", k}, {"Value", v}});
  return Json{{"Tags", tags}};
}

// An IAM policy document in outline: a JSON object whose Statement is one statement object or
// a non-empty list of them, each with Effect Allow or Deny; Version, when given, one of IAM's
// two. Nothing is evaluated.
Status CheckPolicyDocument(const std::string& text) {
  auto bad = [](const std::string& why) {
    return ApiError("InvalidArgumentException", "Invalid policy document: " + why);
  };
  const Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return bad("the policy is not valid JSON.");
  if (!doc.is_object()) return bad("the policy must be a JSON object.");
  if (auto v = doc.find("Version"); v != doc.end()) {
    if (!v->is_string() || (*v != "2012-10-17" && *v != "2008-10-17")) {
      return bad("Version must be \"2012-10-17\" or \"2008-10-17\".");
    }
  }
  auto st = doc.find("Statement");
  if (st == doc.end()) return bad("the policy has no Statement.");
  Json statements = st->is_array() ? *st : Json::array({*st});
  if (statements.empty()) return bad("Statement is empty.");
  for (const Json& one : statements) {
    if (!one.is_object()) return bad("each Statement must be a JSON object.");
    auto effect = one.find("Effect");
    if (effect == one.end() || !effect->is_string() || (*effect != "Allow" && *effect != "Deny")) {
      return bad("each Statement needs an Effect of \"Allow\" or \"Deny\".");
    }
  }
  return OkStatus();
}

StatusOr<Json> PutResourcePolicy(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Resource r, ResolveResourceArn(ctx, ResourceArnOf(req)));
  KINESISCTL_RETURN_IF_ERROR(RequireChangeable(ctx, r));
  const std::string& policy = req["Policy"].get_ref<const std::string&>();
  KINESISCTL_RETURN_IF_ERROR(CheckPolicyDocument(policy));
  *r.policy = policy;
  return NoOutput();
}

StatusOr<Json> GetResourcePolicy(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Resource r, ResolveResourceArn(ctx, ResourceArnOf(req)));
  if (r.policy->empty()) {
    return ApiError("ResourceNotFoundException",
                    "No resource policy exists for " + ResourceArnOf(req) + ".");
  }
  return Json{{"Policy", *r.policy}};
}

StatusOr<Json> DeleteResourcePolicy(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Resource r, ResolveResourceArn(ctx, ResourceArnOf(req)));
  KINESISCTL_RETURN_IF_ERROR(RequireChangeable(ctx, r));
  r.policy->clear();  // deleting a policy that is not there succeeds
  return NoOutput();
}

}  // namespace

void RegisterResourceActions(std::vector<ActionSpec>& out) {
  Field arn{.name = "ResourceARN", .type = FieldType::kString, .not_null = true};
  arn.pattern = kResourceArnPattern;
  arn.min_length = 1;
  arn.max_length = 2048;
  const Field id = StreamIdField();
  Field policy{.name = "Policy", .type = FieldType::kString, .not_null = true};
  out.push_back({"TagResource", {TagsField(), arn, id}, &TagResource});
  out.push_back({"UntagResource", {TagKeysField(), arn, id}, &UntagResource});
  out.push_back({"ListTagsForResource", {arn, id}, &ListTagsForResource, false});
  out.push_back({"PutResourcePolicy", {arn, id, policy}, &PutResourcePolicy});
  out.push_back({"GetResourcePolicy", {arn, id}, &GetResourcePolicy, false});
  out.push_back({"DeleteResourcePolicy", {arn, id}, &DeleteResourcePolicy});
}

}  // namespace kinesisctl::server
