// KinesisJsonRpc: the JsonRpc behind MakeKinesisRpc, built from already-resolved parts (endpoint,
// region, credentials provider, transport, clock, sleeper, random) so tests can drive it with
// fakes. Each attempt fetches credentials, signs afresh (new X-Amz-Date), sends
// `POST <endpoint>` with Content-Type application/x-amz-json-1.1 and X-Amz-Target
// Kinesis_20131202.<Operation>, and retries per retry.h until max_attempts or the deadline (the
// earliest of the policy's, the call's and start + call_timeout); no attempt's timeout reaches
// past it. The final error names the last attempt's cause (e.g. "connection refused to URL").
// Every attempt is logged at debug level (operation, endpoint, attempt, HTTP status or error
// code), never headers, credentials or signatures; error messages are scrubbed of the secret
// key, session token and signature. Not thread-safe.
#ifndef KINESISCTL_KINESIS_KINESIS_JSON_RPC_H_
#define KINESISCTL_KINESIS_KINESIS_JSON_RPC_H_

#include <memory>
#include <string>

#include "kinesis/json_rpc.h"
#include "kinesisctl/clock.h"
#include "signing/credentials.h"
#include "signing/http_transport.h"

namespace kinesisctl::aws {

inline constexpr char kKinesisTargetPrefix[] = "Kinesis_20131202.";
inline constexpr char kKinesisSigningName[] = "kinesis";
// The default deadline of one call (retries included) and of one connection attempt
// (docs/reliability.md, "Time to fail").
inline constexpr Duration kDefaultCallTimeout = std::chrono::seconds(120);
inline constexpr Duration kDefaultConnectTimeout = std::chrono::seconds(3);

struct KinesisRpcConfig {
  std::string endpoint;  // absolute http(s) URL; the request goes to its path, "/" when none
  std::string region;    // signing region
  std::shared_ptr<CredentialsProvider> credentials;
  RetryPolicy retry;
  // The most one attempt may take (capped by what is left of the deadline).
  Duration request_timeout = std::chrono::seconds(60);
  // The most one call may take, its retries and backoff included: every call has this deadline
  // from its start, on top of RetryPolicy.deadline and CallOptions.deadline (the earliest wins).
  Duration call_timeout = kDefaultCallTimeout;
};

// Fails when the endpoint is not a valid http(s) URL or no credentials provider is given.
StatusOr<std::unique_ptr<JsonRpc>> NewKinesisJsonRpc(KinesisRpcConfig config,
                                                     std::unique_ptr<HttpTransport> transport,
                                                     Clock& clock, Sleeper& sleeper,
                                                     Random& random);

// Replaces every occurrence of each non-empty secret in `text` with "<redacted>".
std::string RedactSecrets(std::string text, std::initializer_list<std::string_view> secrets);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_KINESIS_KINESIS_JSON_RPC_H_
