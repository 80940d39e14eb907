// The process-wide context of the boto_kinesis functions, like Salt's __context__: the default
// clients (public kinesisctl::Client objects), one per distinct connection (ConnectionParams) and
// thread, so repeated calls reuse a client and its keep-alive connection; the factory that builds
// a client's JsonRpc (aws::MakeKinesisRpc in production, a fake in tests); and the Clock, Sleeper
// and Random that the default clients and their waits use. GetClient is thread-safe (a mutex guards
// the cache); a returned client must only be used by the calling thread. ScopedTestContext swaps
// the factory and time sources for a test.
#ifndef KINESISCTL_FUNCTIONS_CONTEXT_H_
#define KINESISCTL_FUNCTIONS_CONTEXT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "kinesis/json_rpc.h"
#include "kinesis/kinesis_client.h"
#include "kinesisctl/client.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/connection.h"
#include "kinesisctl/status.h"

namespace kinesisctl::admin {

using RpcFactory = std::function<StatusOr<std::unique_ptr<aws::JsonRpc>>(
    const ConnectionParams& params, Clock& clock, Sleeper& sleeper, Random& random)>;

// A default client plus what has been learned about its endpoint.
struct Connection {
  explicit Connection(Client c) : client(std::move(c)) {}
  Client client;
  // Whether DescribeStreamSummary + ListShards work there (unknown until first tried).
  std::optional<bool> summary_and_list_shards;
};

// The default client for `params` and the calling thread, built on first use. Fails when the
// connection cannot be resolved (profile found nowhere, keyid without key, bad config file).
StatusOr<Connection*> GetConnection(const ConnectionParams& params);

// A new JsonRpc for `params` from the current factory (the data-plane functions own theirs: a
// put or a tail runs long on one connection), plus the clock, sleeper and random of the context.
struct DataRpc {
  std::unique_ptr<aws::JsonRpc> rpc;
  Clock* clock = nullptr;
  Sleeper* sleeper = nullptr;
  Random* random = nullptr;
};
StatusOr<DataRpc> NewDataRpc(const ConnectionParams& params);

// Sets a client's deadline for the lifetime of this object (when earlier than the one it has),
// then restores the previous one.
class ScopedClientDeadline {
 public:
  ScopedClientDeadline(Client& client, TimePoint deadline)
      : client_(client), previous_(client.Deadline()) {
    if (!previous_ || deadline < *previous_) client_.SetDeadline(deadline);
  }
  ~ScopedClientDeadline() { client_.SetDeadline(previous_); }
  ScopedClientDeadline(const ScopedClientDeadline&) = delete;
  ScopedClientDeadline& operator=(const ScopedClientDeadline&) = delete;

 private:
  Client& client_;
  std::optional<TimePoint> previous_;
};

// Bounds a whole function call by `params.timeout` when it is given (seconds; nothing otherwise):
// every request the call makes, retries included, stops at that deadline.
class ScopedCallTimeout {
 public:
  ScopedCallTimeout(Connection& connection, const ConnectionParams& params) {
    if (params.timeout && *params.timeout > 0) {
      deadline_.emplace(connection.client, connection.client.clock().Now() +
                                               std::chrono::duration_cast<Duration>(
                                                   std::chrono::duration<double>(*params.timeout)));
    }
  }

 private:
  std::optional<ScopedClientDeadline> deadline_;
};

// Drops every cached client.
void ClearConnectionCache();

// For tests: while alive, clients come from `factory` and waits use the given time sources;
// the cache is cleared on entry and exit.
class ScopedTestContext {
 public:
  ScopedTestContext(RpcFactory factory, Clock& clock, Sleeper& sleeper, Random& random);
  ~ScopedTestContext();
  ScopedTestContext(const ScopedTestContext&) = delete;
  ScopedTestContext& operator=(const ScopedTestContext&) = delete;
};

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_CONTEXT_H_
