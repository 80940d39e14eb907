// EventStreamDecoder: the client side of the AWS event stream encoding (content type
// application/vnd.amazon.eventstream) that carries SubscribeToShard's events. Bytes are fed as
// they arrive, in pieces of any size; each complete message is checked (lengths, the prelude's
// CRC32 and the message's CRC32, ISO-HDLC as zlib computes it) and returned with its headers and
// payload. After an error the decoder stays failed: the stream cannot be resynchronised. Not
// thread-safe: one decoder per stream.
#ifndef KINESISCTL_CORE_EVENT_STREAM_DECODER_H_
#define KINESISCTL_CORE_EVENT_STREAM_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kinesisctl/status.h"

namespace kinesisctl {

struct EventMessage {
  // Headers with string or bytes values (types 6 and 7) as their bytes, booleans as
  // "true"/"false", integers and timestamps in decimal, UUIDs in hex; in message order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string payload;

  // The first header of that name; empty when absent.
  std::string Header(std::string_view name) const;
};

// CRC32 (ISO-HDLC, zlib's crc32) of `bytes`, continuing from `crc`.
uint32_t EventStreamCrc32(std::string_view bytes, uint32_t crc = 0);

class EventStreamDecoder {
 public:
  // Messages larger than `max_message_bytes` are an error (AWS's limit is 16 MiB).
  explicit EventStreamDecoder(size_t max_message_bytes = size_t{16} << 20)
      : max_message_bytes_(max_message_bytes) {}

  // Appends `bytes` and returns the messages they complete, or an InvalidResponse error.
  StatusOr<std::vector<EventMessage>> Feed(std::string_view bytes);

  // True when no partial message is buffered (a clean end of stream).
  bool idle() const { return buffer_.empty(); }

 private:
  size_t max_message_bytes_;
  std::string buffer_;
  Status failed_;
};

}  // namespace kinesisctl

#endif  // KINESISCTL_CORE_EVENT_STREAM_DECODER_H_
