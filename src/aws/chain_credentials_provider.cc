#include "aws/chain_credentials_provider.h"

#include "core/log.h"

namespace kinesisctl::aws {

StatusOr<std::optional<Credentials>> ChainCredentialsProvider::GetCredentials() {
  for (const Link& link : links_) {
    auto result = link.provider->GetCredentials();
    if (!result.ok()) {
      LogDebug("credentials: " + link.name + " failed: " + result.status().code());
      return result.status();
    }
    if (result->has_value()) {
      LogDebug("credentials: using " + link.name);
      return result;
    }
    LogDebug("credentials: " + link.name + " not configured");
  }
  return std::optional<Credentials>();
}

}  // namespace kinesisctl::aws
