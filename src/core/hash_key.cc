#include "kinesisctl/hash_key.h"

#include <algorithm>

namespace kinesisctl {
namespace {

constexpr size_t kMaxDigits = 39;

Status BadHashKey(std::string_view text, std::string_view why) {
  std::string shown(text.substr(0, 64));
  if (text.size() > 64) shown += "...";
  return InvalidInputError("invalid hash key '" + shown + "': " + std::string(why) +
                           " (expected a decimal integer 0 .. 2^128-1 without sign, spaces or "
                           "leading zeros)");
}

}  // namespace

StatusOr<HashKey> HashKey::Parse(std::string_view text) {
  if (text.empty()) return BadHashKey(text, "empty");
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return BadHashKey(text, "not a plain decimal integer");
  }
  if (text.size() > 1 && text[0] == '0') return BadHashKey(text, "leading zero");
  if (text.size() > kMaxDigits) return BadHashKey(text, "larger than 2^128-1");
  uint128 value = 0;
  for (char c : text) {
    const uint128 digit = static_cast<uint128>(c - '0');
    if (value > (kMaxHashKey - digit) / 10) return BadHashKey(text, "larger than 2^128-1");
    value = value * 10 + digit;
  }
  return HashKey(value);
}

std::string Uint128ToString(uint128 value) {
  if (value == 0) return "0";
  std::string out;
  while (value != 0) {
    out.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string HashKey::ToString() const { return Uint128ToString(value_); }

}  // namespace kinesisctl
