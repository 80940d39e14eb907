#include "server/validation/echo.h"

namespace kinesisctl::server {

std::string Echo(std::string_view text) {
  if (text.size() <= kMaxEchoBytes) return std::string(text);
  size_t cut = kMaxEchoBytes;
  // Back up over UTF-8 continuation bytes so that no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace kinesisctl::server
