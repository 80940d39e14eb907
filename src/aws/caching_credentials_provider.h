// CachingCredentialsProvider: remembers what its provider answered (credentials or "not
// configured"; errors are not cached) and asks again only when the credentials come within
// `refresh_before` of their Expiration. If that refresh fails while the old credentials are
// still good for more than `mandatory_before`, it keeps them and logs a warning (botocore's
// advisory and mandatory refresh windows, 15 and 10 minutes). Thread-safe: a mutex serialises
// refreshes.
#ifndef KINESISCTL_AWS_CACHING_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_CACHING_CREDENTIALS_PROVIDER_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "kinesisctl/clock.h"
#include "signing/credentials.h"

namespace kinesisctl::aws {

class CachingCredentialsProvider final : public CredentialsProvider {
 public:
  CachingCredentialsProvider(std::shared_ptr<CredentialsProvider> inner, Clock& clock,
                             Duration refresh_before = std::chrono::minutes(15),
                             Duration mandatory_before = std::chrono::minutes(10))
      : inner_(std::move(inner)),
        clock_(clock),
        refresh_before_(refresh_before),
        mandatory_before_(mandatory_before) {}
  StatusOr<std::optional<Credentials>> GetCredentials() override;

 private:
  std::shared_ptr<CredentialsProvider> inner_;
  Clock& clock_;
  Duration refresh_before_;
  Duration mandatory_before_;
  std::mutex mu_;
  bool have_answer_ = false;
  std::optional<Credentials> cached_;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_CACHING_CREDENTIALS_PROVIDER_H_
