// EnvironmentCredentialsProvider: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
// (or the legacy AWS_SECURITY_TOKEN), with AWS_CREDENTIAL_EXPIRATION when set. Not configured
// when neither id nor key is set; an error when only one is. Reads the Environment on every
// call; thread-safe when the Environment is.
#ifndef KINESISCTL_AWS_ENVIRONMENT_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_ENVIRONMENT_CREDENTIALS_PROVIDER_H_

#include "aws/environment.h"
#include "signing/credentials.h"

namespace kinesisctl::aws {

class EnvironmentCredentialsProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentCredentialsProvider(const Environment& env) : env_(env) {}
  StatusOr<std::optional<Credentials>> GetCredentials() override;

 private:
  const Environment& env_;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_ENVIRONMENT_CREDENTIALS_PROVIDER_H_
