#include "server/subscriptions/event_stream.h"

#include <zlib.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace kinesisctl::server {
namespace {

constexpr uint8_t kStringType = 7;

void PutU32(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>((v >> 24) & 0xff));
  out.push_back(static_cast<char>((v >> 16) & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}

}  // namespace

uint32_t Crc32(std::string_view bytes, uint32_t crc) {
  // zlib's length is a uInt: feed large inputs in pieces.
  uLong value = crc;
  while (!bytes.empty()) {
    const size_t n = std::min<size_t>(bytes.size(), 1u << 30);
    value = crc32(value, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n));
    bytes.remove_prefix(n);
  }
  return static_cast<uint32_t>(value);
}

std::string EncodeEventMessage(const EventHeaders& headers, std::string_view payload) {
  std::string encoded_headers;
  for (const auto& [name, value] : headers) {
    const size_t name_len = std::min<size_t>(name.size(), 255);
    const size_t value_len = std::min<size_t>(value.size(), 65535);
    encoded_headers.push_back(static_cast<char>(name_len));
    encoded_headers.append(name, 0, name_len);
    encoded_headers.push_back(static_cast<char>(kStringType));
    encoded_headers.push_back(static_cast<char>((value_len >> 8) & 0xff));
    encoded_headers.push_back(static_cast<char>(value_len & 0xff));
    encoded_headers.append(value, 0, value_len);
  }
  const size_t total = 12 + encoded_headers.size() + payload.size() + 4;
  std::string out;
  out.reserve(total);
  PutU32(out, static_cast<uint32_t>(total));
  PutU32(out, static_cast<uint32_t>(encoded_headers.size()));
  PutU32(out, Crc32(out));
  out += encoded_headers;
  out.append(payload);
  PutU32(out, Crc32(out));
  return out;
}

std::string InitialResponseMessage() {
  return EncodeEventMessage({{":message-type", "event"}, {":event-type", "initial-response"}},
                            "{}");
}

std::string JsonEventMessage(const std::string& event_type, std::string_view json_payload) {
  return EncodeEventMessage({{":message-type", "event"},
                             {":event-type", event_type},
                             {":content-type", "application/json"}},
                            json_payload);
}

std::string ExceptionMessage(const std::string& code, const std::string& message) {
  const nlohmann::json body = {{"message", message}};
  return EncodeEventMessage({{":message-type", "exception"},
                             {":exception-type", code},
                             {":content-type", "application/json"}},
                            body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace kinesisctl::server
