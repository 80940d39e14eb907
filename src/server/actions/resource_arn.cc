#include "server/actions/resource_arn.h"

#include <vector>

namespace kinesisctl::server {
namespace {

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<ResourceArn> ParseResourceArn(const std::string& arn) {
  // Five ':'-separated fields, then the resource ("stream/..."), which may itself hold ':'.
  std::vector<std::string> parts;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const size_t colon = arn.find(':', start);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts[0] != "arn" || parts[1].rfind("aws", 0) != 0 || parts[2] != "kinesis" ||
      parts[3].empty() || parts[4].size() != 12 || !AllDigits(parts[4])) {
    return std::nullopt;
  }
  std::string rest = arn.substr(start);
  if (rest.rfind("stream/", 0) != 0) return std::nullopt;
  rest.erase(0, 7);
  ResourceArn out;
  out.partition = parts[1];
  out.region = parts[3];
  out.account = parts[4];
  const size_t consumer = rest.find("/consumer/");
  if (consumer == std::string::npos) {
    if (rest.empty()) return std::nullopt;
    out.stream = rest;
    return out;
  }
  out.kind = ResourceArn::Kind::kConsumer;
  out.stream = rest.substr(0, consumer);
  const std::string tail = rest.substr(consumer + 10);
  const size_t colon = tail.rfind(':');
  if (out.stream.empty() || colon == std::string::npos || colon == 0) return std::nullopt;
  out.consumer = tail.substr(0, colon);
  out.creation = tail.substr(colon + 1);
  if (!AllDigits(out.creation)) return std::nullopt;
  return out;
}

StatusOr<Resource> ResolveResourceArn(ActionContext& ctx, const std::string& arn) {
  const auto parsed = ParseResourceArn(arn);
  if (!parsed) {
    return ApiError("InvalidArgumentException",
                    "Resource ARN " + arn + " is neither a Kinesis stream ARN nor a consumer ARN.");
  }
  const std::string phrase = "Stream " + parsed->stream + " under account " + parsed->account;
  const bool is_consumer = parsed->kind == ResourceArn::Kind::kConsumer;
  auto consumer_not_found = [&] {
    return ApiError("ResourceNotFoundException", "Consumer " + parsed->consumer + " under stream " +
                                                     parsed->stream + " under account " +
                                                     parsed->account + " not found.");
  };
  if (parsed->account != ctx.account()) {
    return is_consumer ? consumer_not_found()
                       : ApiError("ResourceNotFoundException", phrase + " not found.");
  }
  auto& streams = ctx.model.regions[parsed->region].streams;
  auto it = streams.find(parsed->stream);
  if (it == streams.end()) {
    return is_consumer ? consumer_not_found()
                       : ApiError("ResourceNotFoundException", phrase + " not found.");
  }
  Stream& stream = it->second;
  Resource out;
  out.stream = &stream;
  if (is_consumer) {
    // The ARN's creation time must match too: a consumer registered again under the same name
    // is another resource.
    Consumer* c = stream.FindConsumer(parsed->consumer);
    if (!c || c->arn != arn) return consumer_not_found();
    out.consumer = c;
    out.tags = &c->tags;
    out.policy = &c->policy;
    out.phrase = "consumer " + c->name;
  } else {
    out.tags = &stream.tags;
    out.policy = &stream.policy;
    out.phrase = "stream " + stream.name;
  }
  if (ctx.mutating) ctx.Touch(stream);
  return out;
}

}  // namespace kinesisctl::server
