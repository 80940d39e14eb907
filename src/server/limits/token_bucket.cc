#include "server/limits/token_bucket.h"

#include <algorithm>

namespace kinesisctl::server {

TokenBucket::TokenBucket(double rate_per_s, double capacity, int64_t now_ms)
    : rate_per_s_(rate_per_s), capacity_(capacity), tokens_(capacity), last_ms_(now_ms) {}

void TokenBucket::Refill(int64_t now_ms) {
  // A clock that steps back refills nothing (and does not move last_ms_ back).
  if (now_ms <= last_ms_) return;
  tokens_ =
      std::min(capacity_, tokens_ + rate_per_s_ * static_cast<double>(now_ms - last_ms_) / 1000.0);
  last_ms_ = now_ms;
}

bool TokenBucket::Take(double amount, int64_t now_ms) {
  Refill(now_ms);
  if (tokens_ < amount) return false;
  tokens_ -= amount;
  return true;
}

void TokenBucket::Charge(double amount, int64_t now_ms) {
  Refill(now_ms);
  tokens_ -= amount;
}

double TokenBucket::Available(int64_t now_ms) {
  Refill(now_ms);
  return tokens_;
}

}  // namespace kinesisctl::server
