// TokenBucket: a rate limiter that holds up to `capacity` tokens and refills continuously at
// `rate_per_s` tokens per second. Time is passed in (milliseconds), never read here, so tests
// drive it with made-up times. Take() spends tokens only when enough are left; Charge() spends
// them unconditionally and may leave the bucket in debt (for costs known only after the work,
// such as the bytes a read returned); a bucket in debt refuses everything until it refills.
// A plain value; not thread-safe (ShardLimits guards its buckets with a mutex).
#ifndef KINESISCTL_SERVER_LIMITS_TOKEN_BUCKET_H_
#define KINESISCTL_SERVER_LIMITS_TOKEN_BUCKET_H_

#include <cstdint>

namespace kinesisctl::server {

class TokenBucket {
 public:
  // Starts full at time `now_ms`.
  TokenBucket(double rate_per_s, double capacity, int64_t now_ms);

  // Spends `amount` tokens and returns true when at least that many are available at now_ms;
  // otherwise spends nothing and returns false.
  bool Take(double amount, int64_t now_ms);

  // Spends `amount` tokens even when fewer are left (the balance may go below zero).
  void Charge(double amount, int64_t now_ms);

  // The balance at now_ms (negative while in debt).
  double Available(int64_t now_ms);

 private:
  void Refill(int64_t now_ms);

  double rate_per_s_;
  double capacity_;
  double tokens_;
  int64_t last_ms_;
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_LIMITS_TOKEN_BUCKET_H_
