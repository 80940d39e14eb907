// AWS credentials and the provider interface every credential source implements (explicit
// arguments, Salt config, environment, shared files, container, EC2 instance profile) and that
// the chain and the cache wrap. A provider answers with credentials, with "not configured"
// (std::nullopt: the chain moves on) or with an error (the chain stops). Credentials never
// appear in logs or error messages. Providers document their own thread-safety.
#ifndef KINESISCTL_SIGNING_CREDENTIALS_H_
#define KINESISCTL_SIGNING_CREDENTIALS_H_

#include <optional>
#include <string>

#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"

namespace kinesisctl::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;            // empty when none
  std::optional<TimePoint> expiration;  // set for temporary credentials
  std::string source;                   // which provider produced them, e.g. "environment"
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual StatusOr<std::optional<Credentials>> GetCredentials() = 0;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_SIGNING_CREDENTIALS_H_
