// The two request ids AWS puts on every answer: x-amzn-RequestId (a UUID-shaped id) and
// x-amz-id-2 (72 random bytes in base64, 96 characters). Not cryptographic: they identify
// answers, they protect nothing. Thread-safe (per-thread generators).
#ifndef KINESISCTL_SERVER_HTTP_REQUEST_IDS_H_
#define KINESISCTL_SERVER_HTTP_REQUEST_IDS_H_

#include <string>

namespace kinesisctl::server {

std::string RequestId();
std::string ExtendedRequestId();

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_HTTP_REQUEST_IDS_H_
