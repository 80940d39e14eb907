// The production JsonRpc for Kinesis: resolves a ConnectionParams (region, endpoint, credentials
// chain; docs/design/credentials.md) and returns a JsonRpc that signs every attempt with SigV4 and
// sends it over a keep-alive libcurl transport with the retry policy given. Not thread-safe:
// use one per thread.
#ifndef KINESISCTL_KINESIS_KINESIS_RPC_H_
#define KINESISCTL_KINESIS_KINESIS_RPC_H_

#include <chrono>
#include <memory>

#include "kinesis/json_rpc.h"
#include "kinesis/kinesis_json_rpc.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/connection.h"
#include "kinesisctl/status.h"
#include "signing/credentials.h"

namespace kinesisctl::aws {

struct RpcOptions {
  RetryPolicy retry;
  // Defaults; a timeout or connect_timeout that the connection resolves to (argument, profile,
  // config file) replaces them.
  Duration connect_timeout = kDefaultConnectTimeout;
  Duration request_timeout = std::chrono::seconds(60);  // one attempt
  Duration call_timeout = kDefaultCallTimeout;          // one call, retries included
  // Injected for tests; nullptr means the system's.
  Clock* clock = nullptr;
  Sleeper* sleeper = nullptr;
  Random* random = nullptr;
  // Replaces the credentials that `params` resolve to; nullptr: those.
  std::shared_ptr<CredentialsProvider> credentials;
};

// Fails (no network I/O yet) when the connection cannot be resolved: a profile found nowhere, a
// keyid without a key, an unreadable config file, a malformed endpoint.
StatusOr<std::unique_ptr<JsonRpc>> MakeKinesisRpc(const ConnectionParams& params,
                                                  const RpcOptions& options = {});

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_KINESIS_KINESIS_RPC_H_
