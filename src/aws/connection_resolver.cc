#include "aws/connection_resolver.h"

#include "aws/environment_credentials_provider.h"
#include "aws/static_credentials_provider.h"
#include "aws/url.h"

namespace kinesisctl::aws {
namespace {

// First-step resolution: explicit arguments, then the environment. The full chain replaces it.
class FirstOfProvider final : public CredentialsProvider {
 public:
  FirstOfProvider(std::shared_ptr<CredentialsProvider> a, std::shared_ptr<CredentialsProvider> b)
      : a_(std::move(a)), b_(std::move(b)) {}
  StatusOr<std::optional<Credentials>> GetCredentials() override {
    auto first = a_->GetCredentials();
    if (!first.ok() || first->has_value()) return first;
    return b_->GetCredentials();
  }

 private:
  std::shared_ptr<CredentialsProvider> a_, b_;
};

}  // namespace

std::string DefaultKinesisEndpoint(const std::string& region) {
  const bool china = region.starts_with("cn-");
  return "https://kinesis." + region + (china ? ".amazonaws.com.cn" : ".amazonaws.com");
}

StatusOr<ResolvedConnection> ResolveConnection(const ConnectionParams& params,
                                               const ResolveContext& context) {
  const Environment& env = context.env ? *context.env : DefaultEnvironment();
  ResolvedConnection out;
  out.region =
      params.region.value_or(env.First({"AWS_REGION", "AWS_DEFAULT_REGION"}).value_or("us-east-1"));
  if (params.endpoint) {
    out.endpoint = *params.endpoint;
    out.endpoint_source = "argument";
  } else if (auto e = env.Get("AWS_ENDPOINT_URL_KINESIS")) {
    out.endpoint = *e;
    out.endpoint_source = "AWS_ENDPOINT_URL_KINESIS";
  } else if (auto e2 = env.Get("AWS_ENDPOINT_URL")) {
    out.endpoint = *e2;
    out.endpoint_source = "AWS_ENDPOINT_URL";
  } else {
    out.endpoint = DefaultKinesisEndpoint(out.region);
    out.endpoint_source = "regional default";
  }
  RETURN_IF_ERROR(ParseUrl(out.endpoint));
  auto explicit_args = std::make_shared<StaticCredentialsProvider>(params.keyid, params.key,
                                                                   params.token, "arguments");
  RETURN_IF_ERROR(explicit_args->GetCredentials());
  out.credentials = std::make_shared<FirstOfProvider>(
      explicit_args, std::make_shared<EnvironmentCredentialsProvider>(env));
  return out;
}

}  // namespace kinesisctl::aws
