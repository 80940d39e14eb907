#include "server/model/sequence_number.h"

#include <charconv>
#include <cstdio>
#include <system_error>

namespace kinesisctl::server {
namespace {

// `value`'s last `width` decimal digits into out[0, width), which already holds zeros: the
// loop ends with the value's digits (the counter and the shard index are mostly short).
void PutDigits(char* out, int width, uint64_t value) {
  for (int i = width - 1; i >= 0 && value != 0; --i, value /= 10) {
    out[i] = static_cast<char>('0' + value % 10);
  }
}

}  // namespace

std::string FormatSequenceNumber(int64_t time_ms, uint64_t counter, int shard_index) {
  // Every PutRecords entry gets one, so the common case avoids printf.
  if (time_ms >= 0 && time_ms < 10'000'000'000'000'000 && shard_index >= 0) {
    std::string out(56, '0');
    out[0] = '4';
    out[1] = '9';
    PutDigits(&out[2], 16, static_cast<uint64_t>(time_ms));
    PutDigits(&out[18], 20, counter);
    PutDigits(&out[38], 18, static_cast<uint64_t>(shard_index));
    return out;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "49%016lld%020llu%018d", static_cast<long long>(time_ms),
                static_cast<unsigned long long>(counter), shard_index);
  return buf;
}

std::optional<SequenceNumberParts> ParseSequenceNumber(std::string_view sequence) {
  if (sequence.size() != kSequenceNumberLength) return std::nullopt;
  const char* p = sequence.data();
  SequenceNumberParts parts;
  if (std::from_chars(p + 2, p + 18, parts.time_ms).ec != std::errc() ||
      std::from_chars(p + 18, p + 38, parts.counter).ec != std::errc()) {
    return std::nullopt;
  }
  return parts;
}

bool IsSequenceNumberOfShard(std::string_view sequence, int shard_index) {
  return sequence.size() == kSequenceNumberLength &&
         sequence.substr(38) ==
             std::string_view(FormatSequenceNumber(0, 0, shard_index)).substr(38);
}

}  // namespace kinesisctl::server
