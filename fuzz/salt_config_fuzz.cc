// libFuzzer target: the Salt-style YAML config parser on any text. yaml-cpp throws on bad
// input; the parser must turn every such case into an error Status, never let it escape.
#include <cstdint>
#include <string>

#include "aws/salt_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto config = kinesisctl::aws::ParseSaltConfig(text, "fuzz.yaml");
  (void)config;
  return 0;
}
