// Web identity federation (EKS IRSA, CI systems): an OIDC token read from a file is exchanged
// for role credentials with STS AssumeRoleWithWebIdentity, which is not signed. The settings
// come from AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME (each winning
// over the profile, as in botocore, when `use_environment`) or the profile's
// web_identity_token_file, role_arn and role_session_name. The token file is read on every
// call (it rotates). Errors name the profile and the step, never the token. Thread-safe when
// ServiceAccess is.
#ifndef KINESISCTL_AWS_WEB_IDENTITY_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_WEB_IDENTITY_CREDENTIALS_PROVIDER_H_

#include <optional>
#include <string>

#include "aws/sts_client.h"
#include "signing/credentials.h"
#include "signing/ini_file.h"

namespace kinesisctl::aws {

// Not configured (nullopt) when no token file is set. `sts_endpoint` is where STS is called;
// `profile_name` names the profile in messages.
StatusOr<std::optional<Credentials>> GetWebIdentityCredentials(const ServiceAccess& access,
                                                               const std::string& profile_name,
                                                               const IniSection& profile,
                                                               bool use_environment,
                                                               const std::string& sts_endpoint);

// "kinesisctl-session-<unix seconds>", the session name used when none is configured.
std::string DefaultRoleSessionName(TimePoint now);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_WEB_IDENTITY_CREDENTIALS_PROVIDER_H_
