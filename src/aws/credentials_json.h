// Decoding of the credentials JSON that the container credentials endpoint and EC2 instance
// metadata return: AccessKeyId, SecretAccessKey, Token, Expiration (ISO 8601 UTC), and for IMDS
// an optional Code that must be "Success". Pure; thread-safe. Error messages never quote the
// document (it holds secrets).
#ifndef KINESISCTL_AWS_CREDENTIALS_JSON_H_
#define KINESISCTL_AWS_CREDENTIALS_JSON_H_

#include <string>
#include <string_view>

#include "kinesisctl/status.h"
#include "signing/credentials.h"

namespace kinesisctl::aws {

StatusOr<Credentials> ParseCredentialsJson(std::string_view body, const std::string& source);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_CREDENTIALS_JSON_H_
