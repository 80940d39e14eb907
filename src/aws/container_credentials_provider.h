// ContainerCredentialsProvider: the ECS/EKS container credentials endpoint. With
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI the address is http://169.254.170.2<uri>; with
// AWS_CONTAINER_CREDENTIALS_FULL_URI it is that URL, allowed over plain http only for loopback
// and the ECS/EKS link-local hosts (as botocore). The Authorization header comes from
// AWS_CONTAINER_AUTHORIZATION_TOKEN or the file named by AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE.
// Not configured when neither URI variable is set; an error when the endpoint fails or answers
// nonsense. Not thread-safe (owns a transport); wrap it in the cache.
#ifndef KINESISCTL_AWS_CONTAINER_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_CONTAINER_CREDENTIALS_PROVIDER_H_

#include <chrono>
#include <memory>

#include "aws/environment.h"
#include "signing/credentials.h"
#include "signing/http_transport.h"

namespace kinesisctl::aws {

inline constexpr char kContainerCredentialsHost[] = "http://169.254.170.2";

class ContainerCredentialsProvider final : public CredentialsProvider {
 public:
  ContainerCredentialsProvider(const Environment& env, std::unique_ptr<HttpTransport> transport,
                               Duration timeout = std::chrono::seconds(2))
      : env_(env), transport_(std::move(transport)), timeout_(timeout) {}
  StatusOr<std::optional<Credentials>> GetCredentials() override;

 private:
  const Environment& env_;
  std::unique_ptr<HttpTransport> transport_;
  Duration timeout_;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_CONTAINER_CREDENTIALS_PROVIDER_H_
