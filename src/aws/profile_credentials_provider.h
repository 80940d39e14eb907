// ProfileCredentialsProvider: everything one AWS profile can say about credentials, tried in
// botocore's order: an assume-role profile (role_arn with source_profile or credential_source,
// without web_identity_token_file), web identity (the AWS_* variables or the profile's
// web_identity_token_file), SSO (sso_session / sso_start_url), the keys of the credentials file,
// credential_process, the keys of the config file. The profile is the one given, else
// AWS_PROFILE / AWS_DEFAULT_PROFILE, else "default".
//
// Assume-role: the source credentials come from `credential_source` (Environment,
// Ec2InstanceMetadata, EcsContainer) or from `source_profile`, which is resolved the same way
// (its keys first, else its own role, else its web identity / SSO / process), so roles chain;
// a loop is an error listing the chain (a profile may name itself as source when it holds
// keys). STS AssumeRole is signed with the source credentials for the connection's region at
// the STS endpoint (sts_client.h: AWS_ENDPOINT_URL_STS, the profile's `services` sts block,
// ...). `mfa_serial` is refused: a non-interactive tool cannot prompt for a code.
//
// Answers not configured when the "default" profile is missing or a profile holds none of
// these; an error when an explicitly named profile is missing, a setting is incomplete or
// contradictory, or a step fails, naming the profile and the step and never a secret. No
// caching and no retries here: wrap the chain in CachingCredentialsProvider, which refreshes
// temporary credentials before their Expiration. Thread-safe when the Environment, the clock
// and the transport factories are.
#ifndef KINESISCTL_AWS_PROFILE_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_PROFILE_CREDENTIALS_PROVIDER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "aws/environment.h"
#include "aws/process_credentials_provider.h"
#include "kinesisctl/clock.h"
#include "signing/credentials.h"
#include "signing/http_transport.h"

namespace kinesisctl::aws {

struct ProfileCredentialsOptions {
  const Environment* env = nullptr;  // required
  Clock* clock = nullptr;            // required
  Random* random = nullptr;          // required (IMDS jitter for credential_source)
  std::string region = "us-east-1";  // STS signing region and regional endpoint
  // STS and SSO portal calls; nullptr: libcurl (CA bundle and proxies from the environment).
  std::function<std::unique_ptr<HttpTransport>()> service_transport;
  // Container / instance metadata for credential_source; required when that is used.
  std::function<std::unique_ptr<HttpTransport>()> metadata_transport;
  Duration service_timeout = std::chrono::seconds(10);
  Duration process_timeout = kDefaultCredentialProcessTimeout;
};

class ProfileCredentialsProvider final : public CredentialsProvider {
 public:
  ProfileCredentialsProvider(ProfileCredentialsOptions options, std::optional<std::string> profile)
      : options_(std::move(options)), profile_(std::move(profile)) {}
  StatusOr<std::optional<Credentials>> GetCredentials() override;

 private:
  ProfileCredentialsOptions options_;
  std::optional<std::string> profile_;
};

// KINESISCTL_CREDENTIAL_PROCESS_TIMEOUT (seconds, may be fractional) or the default; an error
// when it is not a positive number.
StatusOr<Duration> CredentialProcessTimeout(const Environment& env);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_PROFILE_CREDENTIALS_PROVIDER_H_
