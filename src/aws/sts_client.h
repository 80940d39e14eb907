// The two AWS STS calls the credential chain needs, over the Query protocol (form-encoded POST,
// XML answers): AssumeRole, signed with SigV4 (service "sts") by the source credentials, and
// AssumeRoleWithWebIdentity, unsigned. One attempt each (no retries: a broken role setup must
// not turn into a storm of calls). Also where an AWS service endpoint comes from, as botocore
// picks it: AWS_ENDPOINT_URL_<SERVICE>, the `endpoint_url` of the service's block in the
// profile's `services` section, AWS_ENDPOINT_URL, the profile's `endpoint_url` (all ignored with
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true), else the regional AWS endpoint. Error messages
// carry STS's code and message, never credentials or tokens. Thread-safe when the transport
// factory and the Environment are.
#ifndef KINESISCTL_AWS_STS_CLIENT_H_
#define KINESISCTL_AWS_STS_CLIENT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/environment.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"
#include "signing/credentials.h"
#include "signing/http_transport.h"
#include "signing/ini_file.h"

namespace kinesisctl::aws {

// What calls to AWS services (STS, the SSO portal) are made with.
struct ServiceAccess {
  const Environment* env = nullptr;  // required
  Clock* clock = nullptr;            // required: signing time
  // Builds the transport for one call; nullptr: libcurl with AWS_CA_BUNDLE and the proxy
  // variables of the environment.
  std::function<std::unique_ptr<HttpTransport>()> transport;
  Duration timeout = std::chrono::seconds(10);  // the whole exchange
};

// Sends one request through `access`'s transport.
StatusOr<HttpResponse> SendServiceRequest(const ServiceAccess& access, const HttpRequest& request);

// The endpoint of `service` ("sts", "sso") for `profile` (its keys; may be empty), or
// `regional_default`; `source` receives where it came from (for debug logs).
StatusOr<std::string> ServiceEndpoint(const Environment& env, const IniSection& profile,
                                      std::string_view service, std::string regional_default,
                                      std::string* source = nullptr);

// https://sts.REGION.amazonaws.com (.amazonaws.com.cn for cn-*).
std::string DefaultStsEndpoint(const std::string& region);

struct AssumeRoleParams {
  std::string role_arn;
  std::string session_name;
  std::optional<std::string> external_id;
  std::optional<int> duration_seconds;
};

// AssumeRole at `endpoint`, signed for `region` with `source`.
StatusOr<Credentials> StsAssumeRole(const ServiceAccess& access, const std::string& endpoint,
                                    const std::string& region, const Credentials& source,
                                    const AssumeRoleParams& params);

// AssumeRoleWithWebIdentity at `endpoint`, unsigned; `token` is the OIDC token.
StatusOr<Credentials> StsAssumeRoleWithWebIdentity(const ServiceAccess& access,
                                                   const std::string& endpoint,
                                                   const AssumeRoleParams& params,
                                                   const std::string& token);

// Decodes the Credentials of an AssumeRole* answer body (exposed for tests).
StatusOr<Credentials> ParseStsCredentials(std::string_view xml);
// "Code: Message" of an STS ErrorResponse body, or "" when it is not one (exposed for tests).
std::string ParseStsError(std::string_view xml);

// application/x-www-form-urlencoded encoding of one value (exposed for tests).
std::string FormEncode(std::string_view value);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_STS_CLIENT_H_
