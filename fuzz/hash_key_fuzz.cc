// libFuzzer target: HashKey::Parse on any text. A successful parse must format back to the
// same text (the grammar admits exactly one spelling per value); anything else must be an
// error, never a crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kinesisctl/hash_key.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto key = kinesisctl::HashKey::Parse(text);
  if (key.ok() && key->ToString() != text) std::abort();
  if (!key.ok() && key.status().message().empty()) std::abort();
  return 0;
}
