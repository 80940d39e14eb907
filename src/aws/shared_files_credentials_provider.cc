#include "aws/shared_files_credentials_provider.h"

#include "aws/aws_shared_files.h"

namespace kinesisctl::aws {

StatusOr<std::optional<Credentials>> SharedFilesCredentialsProvider::GetCredentials() {
  const std::optional<std::string> named = profile_ ? profile_ : AwsProfileFromEnvironment(env_);
  const std::string name = named.value_or("default");
  KINESISCTL_ASSIGN_OR_RETURN(const auto profile, FindAwsProfile(env_, name));
  const std::string where = "AWS profile '" + name + "'";
  if (!profile) {
    if (!named) return std::optional<Credentials>();
    return Status(codes::kCredentials, where + " not found in " + AwsCredentialsFilePath(env_) +
                                           " or " + AwsConfigFilePath(env_));
  }
  const auto get = [&](const char* key) -> std::optional<std::string> {
    const auto it = profile->find(key);
    if (it == profile->end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  const auto id = get("aws_access_key_id");
  const auto key = get("aws_secret_access_key");
  if (!id && !key) {
    for (const char* unsupported :
         {"role_arn", "credential_process", "sso_session", "sso_start_url", "login_session"}) {
      if (get(unsupported)) {
        return Status(codes::kCredentials, where + " uses " + unsupported +
                                               ", which kinesisctl does not support; export "
                                               "credentials (e.g. `aws configure "
                                               "export-credentials`) instead");
      }
    }
    return std::optional<Credentials>();
  }
  if (!key) return Status(codes::kCredentials, where + ": aws_access_key_id without key");
  if (!id) return Status(codes::kCredentials, where + ": aws_secret_access_key without id");
  Credentials c;
  c.access_key_id = *id;
  c.secret_access_key = *key;
  c.session_token = get("aws_session_token").value_or(get("aws_security_token").value_or(""));
  c.source = "shared files (" + where + ")";
  return std::optional<Credentials>(std::move(c));
}

}  // namespace kinesisctl::aws
