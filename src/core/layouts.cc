#include "kinesisctl/layouts.h"

#include <string>

namespace kinesisctl {

HashKey AwsLayoutStart(uint64_t i, uint64_t n) {
  // 2^128 = q*n + r, derived from 2^128-1 = q0*n + r0 without needing 129 bits.
  uint128 q = kMaxHashKey / n;
  uint128 r = kMaxHashKey % n + 1;
  if (r == n) {
    ++q;
    r = 0;
  }
  // floor(i*2^128/n) = i*q + floor(i*r/n); i*r < n^2 <= 2^128 for n <= 2^64.
  return HashKey(static_cast<uint128>(i) * q + static_cast<uint128>(i) * r / n);
}

StatusOr<std::vector<HashRange>> AwsLayout(uint64_t n) {
  if (n == 0) return InvalidInputError("a layout needs at least 1 shard");
  std::vector<HashRange> ranges;
  ranges.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    const HashKey end = i + 1 == n ? HashKey::Max() : HashKey(AwsLayoutStart(i + 1, n).value() - 1);
    ranges.push_back({AwsLayoutStart(i, n), end});
  }
  return ranges;
}

StatusOr<std::vector<HashRange>> SaltLayout(uint64_t n, HashKey max_key) {
  const uint128 max = max_key.value();
  if (n == 0) return InvalidInputError("a layout needs at least 1 shard");
  if (max != kMaxHashKey && n > max + 1) {
    return InvalidInputError("cannot lay out " + std::to_string(n) + " shards over " +
                             Uint128ToString(max + 1) + " hash keys");
  }
  const uint128 q = max / n;
  std::vector<HashRange> ranges;
  ranges.reserve(n);
  for (uint64_t k = 0; k < n; ++k) {
    // k*(q+1) cannot wrap: k < n and q+1 <= 2^128/n; it may pass max only on tiny spaces.
    const uint128 start = static_cast<uint128>(k) * (q + 1);
    if (k > 0 && start > max) {
      return InvalidInputError("Salt's layout of " + std::to_string(n) + " shards does not fit " +
                               Uint128ToString(max + 1) + " hash keys");
    }
    const uint128 end = start > max - q ? max : start + q;  // min(start + q, max) without overflow
    ranges.push_back({HashKey(start), HashKey(end)});
  }
  return ranges;
}

}  // namespace kinesisctl
