// libFuzzer target: the AWS shared-files ini parser (credentials and config files) on any
// text. It must return a value or an error naming the problem, never crash or hang.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "signing/ini_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ini = kinesisctl::aws::ParseIni(text, "fuzz.ini");
  if (!ini.ok() && ini.status().message().find("fuzz.ini") == std::string::npos) std::abort();
  return 0;
}
