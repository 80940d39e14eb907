#include "core/event_stream_decoder.h"

#include <array>

namespace kinesisctl {
namespace {

uint32_t U32(std::string_view b, size_t at) {
  return (uint32_t{static_cast<uint8_t>(b[at])} << 24) |
         (uint32_t{static_cast<uint8_t>(b[at + 1])} << 16) |
         (uint32_t{static_cast<uint8_t>(b[at + 2])} << 8) |
         uint32_t{static_cast<uint8_t>(b[at + 3])};
}

uint64_t BigEndian(std::string_view b, size_t at, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(b[at + i]);
  return v;
}

const std::array<uint32_t, 256>& CrcTable() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  return table;
}

Status Bad(const std::string& why) { return Status("InvalidResponse", "event stream: " + why); }

// The headers block of one message.
Status ParseHeaders(std::string_view b, EventMessage& out) {
  size_t i = 0;
  while (i < b.size()) {
    const size_t name_len = static_cast<uint8_t>(b[i++]);
    if (name_len == 0 || i + name_len + 1 > b.size()) return Bad("truncated header name");
    std::string name(b.substr(i, name_len));
    i += name_len;
    const int type = static_cast<uint8_t>(b[i++]);
    std::string value;
    static constexpr std::array<size_t, 10> kFixed = {0, 0, 1, 2, 4, 8, 0, 0, 8, 16};
    if (type == 0 || type == 1) {
      value = type == 0 ? "true" : "false";
    } else if (type == 6 || type == 7) {
      if (i + 2 > b.size()) return Bad("truncated header value");
      const size_t len = BigEndian(b, i, 2);
      i += 2;
      if (i + len > b.size()) return Bad("truncated header value");
      value = std::string(b.substr(i, len));
      i += len;
    } else if (type < 10) {
      const size_t n = kFixed[static_cast<size_t>(type)];
      if (i + n > b.size()) return Bad("truncated header value");
      if (type == 9) {
        static constexpr char kHex[] = "0123456789abcdef";
        for (size_t k = 0; k < n; ++k) {
          const auto c = static_cast<uint8_t>(b[i + k]);
          value.push_back(kHex[c >> 4]);
          value.push_back(kHex[c & 15]);
        }
      } else {
        uint64_t v = BigEndian(b, i, n);
        if (n < 8 && (v >> (n * 8 - 1)) != 0) v |= ~uint64_t{0} << (n * 8);  // sign-extend
        value = std::to_string(static_cast<int64_t>(v));
      }
      i += n;
    } else {
      return Bad("unknown header value type " + std::to_string(type));
    }
    out.headers.emplace_back(std::move(name), std::move(value));
  }
  return Status();
}

}  // namespace

std::string EventMessage::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return "";
}

uint32_t EventStreamCrc32(std::string_view bytes, uint32_t crc) {
  const auto& table = CrcTable();
  uint32_t c = ~crc;
  for (const char ch : bytes) c = table[(c ^ static_cast<uint8_t>(ch)) & 0xff] ^ (c >> 8);
  return ~c;
}

StatusOr<std::vector<EventMessage>> EventStreamDecoder::Feed(std::string_view bytes) {
  if (!failed_.ok()) return failed_;
  buffer_.append(bytes);
  std::vector<EventMessage> out;
  size_t at = 0;
  while (buffer_.size() - at >= 12) {
    const std::string_view rest(buffer_.data() + at, buffer_.size() - at);
    const uint32_t total = U32(rest, 0);
    const uint32_t headers_len = U32(rest, 4);
    if (EventStreamCrc32(rest.substr(0, 8)) != U32(rest, 8)) {
      failed_ = Bad("prelude CRC mismatch");
      return failed_;
    }
    if (total < 16 || headers_len > total - 16 || total > max_message_bytes_) {
      failed_ = Bad("bad message length " + std::to_string(total));
      return failed_;
    }
    if (rest.size() < total) break;
    if (EventStreamCrc32(rest.substr(0, total - 4)) != U32(rest, total - 4)) {
      failed_ = Bad("message CRC mismatch");
      return failed_;
    }
    EventMessage message;
    if (Status s = ParseHeaders(rest.substr(12, headers_len), message); !s.ok()) {
      failed_ = s;
      return failed_;
    }
    message.payload = std::string(rest.substr(12 + headers_len, total - 16 - headers_len));
    out.push_back(std::move(message));
    at += total;
  }
  buffer_.erase(0, at);
  return out;
}

}  // namespace kinesisctl
