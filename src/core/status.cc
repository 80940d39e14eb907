#include "kinesisctl/status.h"

namespace kinesisctl {

std::string Status::ToString() const {
  if (ok()) return "OK";
  if (message_.empty()) return code_;
  return code_ + ": " + message_;
}

}  // namespace kinesisctl
