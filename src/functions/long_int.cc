#include "kinesisctl/boto_kinesis.h"
#include "kinesisctl/hash_key.h"

namespace kinesisctl {

Result long_int(std::string_view hash_key) {
  StatusOr<HashKey> key = HashKey::Parse(hash_key);
  Result out;
  if (!key.ok()) {
    out["error"] = key.status().message();
    out["result"] = nullptr;
    return out;
  }
  out["result"] = key->ToString();
  return out;
}

}  // namespace kinesisctl
