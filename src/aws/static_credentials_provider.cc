#include "aws/static_credentials_provider.h"

#include <utility>

namespace kinesisctl::aws {

StaticCredentialsProvider::StaticCredentialsProvider(std::optional<std::string> keyid,
                                                     std::optional<std::string> key,
                                                     std::optional<std::string> token,
                                                     std::string source)
    : keyid_(std::move(keyid)),
      key_(std::move(key)),
      token_(std::move(token)),
      source_(std::move(source)) {
  if (keyid_ && keyid_->empty()) keyid_.reset();
  if (key_ && key_->empty()) key_.reset();
  if (token_ && token_->empty()) token_.reset();
}

StatusOr<std::optional<Credentials>> StaticCredentialsProvider::GetCredentials() {
  if (!keyid_ && !key_) {
    if (token_) {
      return Status(codes::kCredentials, source_ + ": a token was given without keyid and key");
    }
    return std::optional<Credentials>();
  }
  if (!key_) return Status(codes::kCredentials, source_ + ": keyid given without key");
  if (!keyid_) return Status(codes::kCredentials, source_ + ": key given without keyid");
  Credentials c;
  c.access_key_id = *keyid_;
  c.secret_access_key = *key_;
  c.session_token = token_.value_or("");
  c.source = source_;
  return std::optional<Credentials>(std::move(c));
}

}  // namespace kinesisctl::aws
