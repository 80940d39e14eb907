// StaticCredentialsProvider: credentials given explicitly (Salt's `key`/`keyid` arguments plus
// `token`, or the values of a profile). Not configured when neither key nor keyid is set; an
// error when only one of them is. Immutable after construction: thread-safe.
#ifndef KINESISCTL_AWS_STATIC_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_STATIC_CREDENTIALS_PROVIDER_H_

#include <optional>
#include <string>

#include "signing/credentials.h"

namespace kinesisctl::aws {

class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  // `source` names where the values came from in errors, e.g. "arguments" or "profile 'prod'".
  StaticCredentialsProvider(std::optional<std::string> keyid, std::optional<std::string> key,
                            std::optional<std::string> token, std::string source);
  StatusOr<std::optional<Credentials>> GetCredentials() override;

 private:
  std::optional<std::string> keyid_;
  std::optional<std::string> key_;
  std::optional<std::string> token_;
  std::string source_;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_STATIC_CREDENTIALS_PROVIDER_H_
