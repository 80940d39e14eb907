#include "aws/environment_credentials_provider.h"

#include "signing/iso8601.h"

namespace kinesisctl::aws {

StatusOr<std::optional<Credentials>> EnvironmentCredentialsProvider::GetCredentials() {
  const auto id = env_.Get("AWS_ACCESS_KEY_ID");
  const auto key = env_.Get("AWS_SECRET_ACCESS_KEY");
  if (!id && !key) return std::optional<Credentials>();
  if (!key) {
    return Status(codes::kCredentials, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  }
  if (!id) {
    return Status(codes::kCredentials, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
  }
  Credentials c;
  c.access_key_id = *id;
  c.secret_access_key = *key;
  c.session_token = env_.First({"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"}).value_or("");
  if (auto expiration = env_.Get("AWS_CREDENTIAL_EXPIRATION")) {
    auto parsed = ParseIso8601(*expiration);
    if (!parsed.ok()) {
      return Status(codes::kCredentials, "AWS_CREDENTIAL_EXPIRATION: " + parsed.status().message());
    }
    c.expiration = *parsed;
  }
  c.source = "environment";
  return std::optional<Credentials>(std::move(c));
}

}  // namespace kinesisctl::aws
