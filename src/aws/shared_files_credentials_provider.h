// SharedFilesCredentialsProvider: aws_access_key_id / aws_secret_access_key / aws_session_token
// of one profile of the AWS shared credentials and config files (aws_shared_files.h). The
// profile is the one given, else AWS_PROFILE / AWS_DEFAULT_PROFILE, else "default". Answers:
// credentials; not configured when the "default" profile is missing or a profile holds no keys;
// an error when an explicitly named profile (given or from AWS_PROFILE) is missing, when only
// one of id and key is set, when a file is unreadable, or when the profile relies on a
// mechanism kinesisctl does not implement (role_arn, credential_process, sso_*), rather than
// silently falling through to other sources. Thread-safe when the Environment is.
#ifndef KINESISCTL_AWS_SHARED_FILES_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_SHARED_FILES_CREDENTIALS_PROVIDER_H_

#include <optional>
#include <string>

#include "aws/environment.h"
#include "signing/credentials.h"

namespace kinesisctl::aws {

class SharedFilesCredentialsProvider final : public CredentialsProvider {
 public:
  SharedFilesCredentialsProvider(const Environment& env, std::optional<std::string> profile)
      : env_(env), profile_(std::move(profile)) {}
  StatusOr<std::optional<Credentials>> GetCredentials() override;

 private:
  const Environment& env_;
  std::optional<std::string> profile_;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_SHARED_FILES_CREDENTIALS_PROVIDER_H_
