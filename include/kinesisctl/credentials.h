// AWS credentials and the provider interface behind them. Every credential source of kinesisctl
// (explicit arguments, the config file, the AWS environment and shared files, container and EC2
// instance credentials, and the chain and cache around them) implements CredentialsProvider, and
// a user can pass their own through Options::credentials. A provider answers with credentials,
// with "not configured" (std::nullopt: a chain moves on) or with an error (a chain stops).
// Credentials never appear in logs or error messages. Providers document their own
// thread-safety; the ones kinesisctl builds are used by one connection, on one thread.
#ifndef KINESISCTL_CREDENTIALS_H_
#define KINESISCTL_CREDENTIALS_H_

#include <optional>
#include <string>

#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"

namespace kinesisctl {

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

}  // namespace kinesisctl

#endif  // KINESISCTL_CREDENTIALS_H_
