// Options: everything a kinesisctl Client needs to reach Kinesis: where (region, endpoint), as
// whom (a credentials provider, or Salt-style connection arguments resolved in the order of
// docs/design/credentials.md), how hard to retry (attempts, backoff cap, an overall deadline),
// how long to wait for the network (connect and request timeouts), and the time sources used for
// backoff, waits and credential expiry (injected, so tests never sleep). Fields left unset take
// the defaults below. A plain value type, thread-compatible; the clock, sleeper and random it
// points to are not owned and must outlive every client built from it.
#ifndef KINESISCTL_OPTIONS_H_
#define KINESISCTL_OPTIONS_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "kinesisctl/clock.h"
#include "kinesisctl/connection.h"
#include "kinesisctl/credentials.h"

namespace kinesisctl {

// How a call is retried: transport errors, HTTP 5xx and 429, throttling and (for calls that change
// an existing stream) ResourceInUseException, with full-jitter backoff
// min(U * 2^attempt s, max_delay).
struct RetryPolicy {
  int max_attempts = 18;  // Salt's
  Duration max_delay = std::chrono::seconds(10);
};

struct Options {
  // Overrides of the region and the endpoint (e.g. "http://127.0.0.1:4567"); unset: resolved from
  // `connection`, the config file and the AWS environment.
  std::optional<std::string> region;
  std::optional<std::string> endpoint;
  // Credentials for every request; nullptr: the provider chain that `connection` resolves to.
  std::shared_ptr<CredentialsProvider> credentials;
  // Salt-style connection arguments (key, keyid, token, profile, config file) used for whatever
  // is not set above.
  ConnectionParams connection;

  RetryPolicy retry;
  // Connecting (TCP, then TLS) may take connect_timeout; one attempt request_timeout; one call,
  // its retries and backoff included, call_timeout (docs/reliability.md, "Time to fail"). A
  // timeout or connect_timeout in `connection` (argument, profile or config file) replaces these.
  Duration connect_timeout = std::chrono::seconds(3);
  Duration request_timeout = std::chrono::seconds(60);
  Duration call_timeout = std::chrono::seconds(120);
  // No attempt starts and no backoff sleeps past this time, whatever call_timeout says.
  std::optional<TimePoint> deadline;

  // Time sources (not owned); nullptr: the system's.
  Clock* clock = nullptr;
  Sleeper* sleeper = nullptr;
  Random* random = nullptr;
};

// A provider that always answers with the given keys (e.g. from a secret store).
std::shared_ptr<CredentialsProvider> MakeStaticCredentialsProvider(std::string access_key_id,
                                                                   std::string secret_access_key,
                                                                   std::string session_token = "");

}  // namespace kinesisctl

#endif  // KINESISCTL_OPTIONS_H_
