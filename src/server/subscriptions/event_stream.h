// The AWS event stream encoding (content type application/vnd.amazon.eventstream) that carries
// SubscribeToShard's events: each message is a 12-byte prelude (total length, headers length,
// CRC32 of those 8 bytes), the headers (1-byte name length, name, value type, value), the payload
// and a CRC32 of everything before it; integers big-endian, CRC32 as zlib computes it. Also the
// three messages SubscribeToShard sends: the initial response, an event and an exception. Pure
// functions; thread-safe.
#ifndef KINESISCTL_SERVER_SUBSCRIPTIONS_EVENT_STREAM_H_
#define KINESISCTL_SERVER_SUBSCRIPTIONS_EVENT_STREAM_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kinesisctl::server {

// String-valued headers (value type 7), in the order given.
using EventHeaders = std::vector<std::pair<std::string, std::string>>;

// One encoded message. Header names over 255 bytes or values over 65,535 bytes are cut.
std::string EncodeEventMessage(const EventHeaders& headers, std::string_view payload);

// CRC32 (ISO-HDLC, as zlib's crc32) of `bytes`, continuing from `crc`.
uint32_t Crc32(std::string_view bytes, uint32_t crc = 0);

// :message-type event, :event-type initial-response, payload "{}".
std::string InitialResponseMessage();
// :message-type event, :event-type EVENT_TYPE, :content-type application/json.
std::string JsonEventMessage(const std::string& event_type, std::string_view json_payload);
// :message-type exception, :exception-type CODE, payload {"message": MESSAGE}.
std::string ExceptionMessage(const std::string& code, const std::string& message);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_SUBSCRIPTIONS_EVENT_STREAM_H_
