// ChainCredentialsProvider: asks its providers in order. The first credentials win; the first
// error stops the chain ("broken" is not "missing": a malformed source must not silently fall
// through to another identity); when every provider is not configured, so is the chain. Logs at
// debug which link answered (its name only). Thread-safe when its providers are.
#ifndef KINESISCTL_AWS_CHAIN_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_CHAIN_CREDENTIALS_PROVIDER_H_

#include <memory>
#include <string>
#include <vector>

#include "signing/credentials.h"

namespace kinesisctl::aws {

class ChainCredentialsProvider final : public CredentialsProvider {
 public:
  struct Link {
    std::string name;
    std::shared_ptr<CredentialsProvider> provider;
  };
  explicit ChainCredentialsProvider(std::vector<Link> links) : links_(std::move(links)) {}
  StatusOr<std::optional<Credentials>> GetCredentials() override;

  const std::vector<Link>& links() const { return links_; }

 private:
  std::vector<Link> links_;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_CHAIN_CREDENTIALS_PROVIDER_H_
