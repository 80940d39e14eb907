// The credentials types of the signing code: the public Credentials and CredentialsProvider
// (include/kinesisctl/credentials.h), under the names the aws and signing layers use.
// Thread-safety as there.
#ifndef KINESISCTL_SIGNING_CREDENTIALS_H_
#define KINESISCTL_SIGNING_CREDENTIALS_H_

#include "kinesisctl/credentials.h"

namespace kinesisctl::aws {

using ::kinesisctl::Credentials;
using ::kinesisctl::CredentialsProvider;

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_SIGNING_CREDENTIALS_H_
