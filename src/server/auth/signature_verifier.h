// SignatureVerifier: `kinesisctl serve --credentials FILE`. Holds the access keys of an AWS
// shared-credentials file and verifies each request's SigV4 signature by rebuilding the canonical
// request from the received method, path, query, signed headers and body, with the same pure
// SigV4 functions the client signs with. Answers as AWS does: IncompleteSignatureException for an
// algorithm other than exactly AWS4-HMAC-SHA256, UnrecognizedClientException for an unknown key
// or a security token the key does not have, InvalidSignatureException for a wrong signature or
// a date more than 15 minutes off. A file giving one key id two different secrets is refused.
// Secrets never appear in messages. Immutable after loading; thread-safe.
#ifndef KINESISCTL_SERVER_AUTH_SIGNATURE_VERIFIER_H_
#define KINESISCTL_SERVER_AUTH_SIGNATURE_VERIFIER_H_

#include <map>
#include <string>

#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"
#include "server/http/http_types.h"

namespace kinesisctl::server {

class SignatureVerifier {
 public:
  // Reads `[name]` sections with aws_access_key_id / aws_secret_access_key (and, for temporary
  // credentials, aws_session_token).
  static StatusOr<SignatureVerifier> FromFile(const std::string& path);
  static StatusOr<SignatureVerifier> FromText(const std::string& text, const std::string& source);

  Status Verify(const HttpRequest& request, TimePoint now) const;

  size_t key_count() const { return secrets_.size(); }

 private:
  struct Key {
    std::string secret;
    std::string session_token;  // "" for a long-term key
    std::string section;
  };
  std::map<std::string, Key> secrets_;  // by access key id
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_AUTH_SIGNATURE_VERIFIER_H_
