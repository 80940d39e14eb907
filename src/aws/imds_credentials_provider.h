// ImdsCredentialsProvider: the EC2 instance profile over IMDSv2. PUT /latest/api/token (TTL
// header 21600) for a session token, GET /latest/meta-data/iam/security-credentials/ for the
// role name, then GET .../<role> for the credentials JSON, each with a 1 s timeout. The address
// is AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://[fd00:ec2::254] when
// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is IPv6, else http://169.254.169.254.
// AWS_EC2_METADATA_DISABLED=true turns it off. No IMDSv1 fallback. Not configured when disabled,
// when the metadata service cannot be reached or refuses a token (not on EC2), or when no role
// is attached; an error when the service misbehaves after that. Credentials IMDS hands out
// already inside the refresh window get a local expiry a few minutes ahead ("static
// stability"), so the cache does not hammer a degraded IMDS. Not thread-safe; wrap it in the
// cache, which refreshes before Expiration.
#ifndef KINESISCTL_AWS_IMDS_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_IMDS_CREDENTIALS_PROVIDER_H_

#include <chrono>
#include <memory>
#include <string>

#include "aws/environment.h"
#include "kinesisctl/clock.h"
#include "signing/credentials.h"
#include "signing/http_transport.h"

namespace kinesisctl::aws {

inline constexpr char kImdsDefaultEndpoint[] = "http://169.254.169.254";
inline constexpr char kImdsIpv6Endpoint[] = "http://[fd00:ec2::254]";

// The IMDS base URL from the environment (no trailing slash).
std::string ImdsEndpoint(const Environment& env);

class ImdsCredentialsProvider final : public CredentialsProvider {
 public:
  // `refresh_window`: credentials expiring sooner than this are treated as stale by IMDS.
  ImdsCredentialsProvider(const Environment& env, std::unique_ptr<HttpTransport> transport,
                          Clock& clock, Random& random,
                          Duration refresh_window = std::chrono::minutes(15),
                          Duration timeout = std::chrono::seconds(1))
      : env_(env),
        transport_(std::move(transport)),
        clock_(clock),
        random_(random),
        refresh_window_(refresh_window),
        timeout_(timeout) {}
  StatusOr<std::optional<Credentials>> GetCredentials() override;

 private:
  const Environment& env_;
  std::unique_ptr<HttpTransport> transport_;
  Clock& clock_;
  Random& random_;
  Duration refresh_window_;
  Duration timeout_;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_IMDS_CREDENTIALS_PROVIDER_H_
