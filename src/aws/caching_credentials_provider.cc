#include "aws/caching_credentials_provider.h"

#include "core/log.h"

namespace kinesisctl::aws {

StatusOr<std::optional<Credentials>> CachingCredentialsProvider::GetCredentials() {
  std::lock_guard<std::mutex> lock(mu_);
  const TimePoint now = clock_.Now();
  if (have_answer_) {
    if (!cached_ || !cached_->expiration || *cached_->expiration - now > refresh_before_) {
      return cached_;
    }
  }
  auto fresh = inner_->GetCredentials();
  if (!fresh.ok()) {
    if (have_answer_ && cached_ && cached_->expiration &&
        *cached_->expiration - now > mandatory_before_) {
      LogWarning("refreshing credentials from " + cached_->source +
                 " failed; using the current ones until closer to their expiry: " +
                 fresh.status().message());
      return cached_;
    }
    return fresh.status();
  }
  if (fresh->has_value() && (*fresh)->expiration && *(*fresh)->expiration <= now) {
    return Status(codes::kCredentials, "credentials from " + (*fresh)->source + " have expired");
  }
  have_answer_ = true;
  cached_ = *fresh;
  return cached_;
}

}  // namespace kinesisctl::aws
