// The server's sequence numbers, written and read in one place: 56 decimal digits, "49" +
// 16-digit millisecond time + 20-digit counter + 18-digit shard index. Increasing with (time,
// counter) within a shard; a child's first number (its creation time, after its parents were
// closed) is above every number of its parents. Pure functions; thread-safe.
#ifndef KINESISCTL_SERVER_MODEL_SEQUENCE_NUMBER_H_
#define KINESISCTL_SERVER_MODEL_SEQUENCE_NUMBER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kinesisctl::server {

inline constexpr size_t kSequenceNumberLength = 56;
inline constexpr uint64_t kMaxSequenceCounter = 99'999'999'999'999'999ULL;

// The number of the `counter`-th record of `time_ms` in shard `shard_index`.
std::string FormatSequenceNumber(int64_t time_ms, uint64_t counter, int shard_index);

// The (time, counter) of a number of kSequenceNumberLength digits; nullopt when it has another
// length or its time or counter digits do not parse.
struct SequenceNumberParts {
  int64_t time_ms = 0;
  uint64_t counter = 0;
};
std::optional<SequenceNumberParts> ParseSequenceNumber(std::string_view sequence);

// True when `sequence` has our length and ends with the digits of shard `shard_index`.
bool IsSequenceNumberOfShard(std::string_view sequence, int shard_index);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_MODEL_SEQUENCE_NUMBER_H_
