// Resolution of a ConnectionParams into what a Kinesis client needs: the signing region, the
// endpoint URL and the credentials provider chain, in the order of docs/design/credentials.md
// (argument, profile, kinesis.* config keys, AWS environment, AWS profile (assume-role, web
// identity, SSO, keys, credential_process: profile_credentials_provider.h), container and
// EC2 instance credentials; region default us-east-1; endpoint default the regional AWS one).
// All environment access goes through the given Environment, so tests are hermetic. Pure apart
// from reading config files; thread-safe when the Environment is.
#ifndef KINESISCTL_AWS_CONNECTION_RESOLVER_H_
#define KINESISCTL_AWS_CONNECTION_RESOLVER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "aws/environment.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/connection.h"
#include "kinesisctl/status.h"
#include "signing/credentials.h"
#include "signing/http_transport.h"

namespace kinesisctl::aws {

struct ResolveContext {
  const Environment* env = nullptr;  // nullptr: the process environment
  Clock* clock = nullptr;            // nullptr: the system clock (credential expiry)
  Random* random = nullptr;          // nullptr: the system's (IMDS refresh jitter)
  // Builds the transport for container and instance-metadata requests; nullptr: libcurl.
  std::function<std::unique_ptr<HttpTransport>()> metadata_transport;
  // Builds the transport for STS and SSO portal calls; nullptr: libcurl.
  std::function<std::unique_ptr<HttpTransport>()> service_transport;
  // The last config file location; tests point it at a path that does not exist.
  std::string system_config_path = "/etc/kinesisctl/config.yaml";
};

struct ResolvedConnection {
  std::string region;
  std::string endpoint;  // absolute http(s) URL
  std::shared_ptr<CredentialsProvider> credentials;
  std::string region_source;    // where the region came from, e.g. "AWS_REGION"
  std::string endpoint_source;  // where the endpoint came from, e.g. "AWS_ENDPOINT_URL"
  // From the argument, the profile or the kinesis.* config keys; unset: the client's defaults.
  std::optional<Duration> call_timeout;
  std::optional<Duration> connect_timeout;
};

// The regional AWS endpoint: https://kinesis.<region>.amazonaws.com (amazonaws.com.cn for cn-*).
std::string DefaultKinesisEndpoint(const std::string& region);

// Fails without network I/O on: a profile name found nowhere, a keyid without a key (or the
// reverse), an unreadable or invalid config file, a malformed endpoint or region.
StatusOr<ResolvedConnection> ResolveConnection(const ConnectionParams& params,
                                               const ResolveContext& context = {});

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_CONNECTION_RESOLVER_H_
