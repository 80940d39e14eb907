#include "signing/http_transport.h"

#include <strings.h>

namespace kinesisctl::aws {

std::string HttpResponse::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.c_str(), name.c_str(), key.size()) == 0) {
      return value;
    }
  }
  return "";
}

}  // namespace kinesisctl::aws
