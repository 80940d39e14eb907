// HashKey: an unsigned 128-bit Kinesis hash key (0 .. 2^128-1) with strict decimal parsing of
// AWS's HashKey pattern `0|([1-9]\d{0,38})` and exact decimal formatting. Hash keys are never
// floats: every value that crosses the wire goes through Parse and ToString. A plain value type,
// thread-compatible.
#ifndef KINESISCTL_HASH_KEY_H_
#define KINESISCTL_HASH_KEY_H_

#include <compare>
#include <string>
#include <string_view>

#include "kinesisctl/status.h"

namespace kinesisctl {

// __extension__: a GCC/clang builtin type, so -Wpedantic stays quiet in users' builds.
__extension__ typedef unsigned __int128 uint128;

inline constexpr uint128 kMaxHashKey = ~static_cast<uint128>(0);  // 2^128 - 1

class HashKey {
 public:
  constexpr HashKey() = default;
  constexpr explicit HashKey(uint128 value) : value_(value) {}

  static constexpr HashKey Max() { return HashKey(kMaxHashKey); }

  // Accepts exactly `0|([1-9]\d{0,38})` with a value of at most 2^128-1. Anything else (signs,
  // spaces, leading zeros, decimals, exponents, empty text, 2^128 and above) is an
  // InvalidInput error whose message quotes the input.
  static StatusOr<HashKey> Parse(std::string_view text);

  constexpr uint128 value() const { return value_; }
  std::string ToString() const;

  friend constexpr auto operator<=>(HashKey a, HashKey b) = default;

 private:
  uint128 value_ = 0;
};

// Decimal text of any unsigned 128-bit value.
std::string Uint128ToString(uint128 value);

}  // namespace kinesisctl

#endif  // KINESISCTL_HASH_KEY_H_
