// Hash-key layouts: where the N shards of a balanced stream start and end. Two layouts exist:
// AWS's own (CreateStream and UpdateShardCount), start_i = floor(i * 2^128 / N), and Salt's
// boto_kinesis target, start_k = k*(q+1), end_k = min(start_k + q, max) with q = floor(max / N).
// Both are pure functions computed with exact, overflow-safe 128-bit arithmetic. Thread-safe.
#ifndef KINESISCTL_LAYOUTS_H_
#define KINESISCTL_LAYOUTS_H_

#include <cstdint>
#include <vector>

#include "kinesisctl/hash_key.h"
#include "kinesisctl/status.h"

namespace kinesisctl {

// An inclusive hash-key range [start, end].
struct HashRange {
  HashKey start;
  HashKey end;
  friend bool operator==(const HashRange&, const HashRange&) = default;
};

// Starting hash key of shard i (0 <= i < n) in AWS's layout over [0, 2^128-1].
HashKey AwsLayoutStart(uint64_t i, uint64_t n);

// AWS's layout for n shards (n >= 1) over the whole hash space.
StatusOr<std::vector<HashRange>> AwsLayout(uint64_t n);

// Salt's layout for n shards over [0, max_key] (Salt's min_hash_key is always 0). Requires
// 1 <= n <= max_key + 1.
StatusOr<std::vector<HashRange>> SaltLayout(uint64_t n, HashKey max_key = HashKey::Max());

}  // namespace kinesisctl

#endif  // KINESISCTL_LAYOUTS_H_
