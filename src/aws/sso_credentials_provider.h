// SSO credentials, as `aws sso login` leaves them: a profile with `sso_session` (whose
// `[sso-session NAME]` section of the config file gives sso_start_url and sso_region) or with
// the older inline `sso_start_url` + `sso_region`, plus `sso_account_id` and `sso_role_name`.
// The access token is read from the CLI's cache, ~/.aws/sso/cache/<sha1 hex>.json, keyed by the
// session name (or, for the inline form, the start URL); GetRoleCredentials of the SSO portal
// (https://portal.sso.REGION.amazonaws.com/federation/credentials, header
// x-amz-sso_bearer_token; endpoint overrides as sts_client.h describes, service "sso") turns it
// into role credentials. A missing, unreadable or expired token, or a token the portal rejects,
// is an error telling to run `aws sso login --profile NAME`; kinesisctl does not refresh the
// token itself. Errors never quote the token or the answer. Thread-safe when ServiceAccess is.
#ifndef KINESISCTL_AWS_SSO_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_SSO_CREDENTIALS_PROVIDER_H_

#include <optional>
#include <string>

#include "aws/sts_client.h"
#include "signing/credentials.h"
#include "signing/ini_file.h"

namespace kinesisctl::aws {

struct SsoConfig {
  std::string start_url;
  std::string region;  // of the SSO portal
  std::string account_id;
  std::string role_name;
  std::optional<std::string> session_name;  // sso_session, when used
};

// True when `profile` has sso_account_id or sso_role_name (the SSO provider then owns it, or
// rejects it when incomplete).
bool HasSsoConfig(const IniSection& profile);

// The SSO settings of AWS profile `profile_name`; an error naming what is missing or
// inconsistent.
StatusOr<SsoConfig> LoadSsoConfig(const Environment& env, const std::string& profile_name,
                                  const IniSection& profile);

// The token cache file of `config`: <home>/.aws/sso/cache/<sha1 hex of session or URL>.json.
std::string SsoCacheFile(const Environment& env, const SsoConfig& config);

// Reads the cached token and calls GetRoleCredentials.
StatusOr<Credentials> GetSsoCredentials(const ServiceAccess& access,
                                        const std::string& profile_name, const IniSection& profile,
                                        const SsoConfig& config);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_SSO_CREDENTIALS_PROVIDER_H_
