// Codecs of the data plane: base64 (Data blobs), MD5 partition-key hashing to a 128-bit
// big-endian hash key, and opaque shard iterators (base64 of a small JSON object). Pure
// functions; thread-safe.
#ifndef KINESISCTL_SERVER_ACTIONS_DATA_CODEC_H_
#define KINESISCTL_SERVER_ACTIONS_DATA_CODEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kinesisctl/hash_key.h"

namespace kinesisctl::server {

std::string Base64Encode(std::string_view bytes);
// nullopt for text that is not canonical base64.
std::optional<std::string> Base64Decode(std::string_view text);

// MD5 of the partition key's UTF-8 bytes, read as an unsigned big-endian 128-bit number.
HashKey PartitionKeyHash(std::string_view partition_key);

struct ShardIterator {
  std::string region;
  std::string stream;
  int64_t stream_created_ms = 0;
  int shard = 0;
  std::string sequence;  // position; "" = before the first record
  bool inclusive = false;
  int64_t timestamp_ms = 0;  // AT_TIMESTAMP: records that arrived at or after this time
  int64_t issued_ms = 0;
};

std::string EncodeIterator(const ShardIterator& it);
std::optional<ShardIterator> DecodeIterator(std::string_view text);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_DATA_CODEC_H_
