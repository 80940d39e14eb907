#include "server/actions/tag_text.h"

#include <cstdint>
#include <string_view>

namespace kinesisctl::server {
namespace {

// The next code point of `s` from `i` (advanced), or -1 for bytes that are not UTF-8.
int32_t NextCodePoint(std::string_view s, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  int length = 0;
  int32_t cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    length = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    length = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    length = 4;
    cp = c & 0x07;
  } else {
    return -1;
  }
  if (i + length > s.size()) return -1;
  for (int k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return cp;
}

bool AllowedCodePoint(int32_t cp) {
  if (cp < 0) return false;
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view(" _./=+-%@").find(c) != std::string_view::npos;
  }
  return (cp >= 0xC0 && cp <= 0x1FFF) || (cp >= 0x2C00 && cp <= 0xD7FF);
}

}  // namespace

bool HasInvalidTagChars(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    if (!AllowedCodePoint(NextCodePoint(text, i))) return true;
  }
  return false;
}

Status CheckTagText(const ActionContext& ctx, const std::vector<std::string>& texts,
                    const std::string& verb, const std::string& resource) {
  for (const auto& t : texts) {
    if (HasInvalidTagChars(t)) {
      return ApiError("InvalidArgumentException",
                      "Some tags contain invalid characters. Valid characters: Unicode letters, "
                      "digits, white space, _ . / = + - % @.");
    }
  }
  for (const auto& t : texts) {
    if (t.find('%') != std::string::npos) {
      return ApiError("InvalidArgumentException",
                      "Failed to " + verb + " " + resource + " under account " + ctx.account() +
                          " because some tags contained illegal characters. The allowed "
                          "characters are Unicode letters, white-spaces, '_',',','/','=','+','-',"
                          "'@'.");
    }
  }
  return OkStatus();
}

}  // namespace kinesisctl::server
