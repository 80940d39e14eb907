// WithConnection: runs a function or state body with the Kinesis client of a connection
// (GetConnection, one cached client per connection and thread) under the call's `timeout` when
// the connection names one, turning a connection error or
// an exception from reading an unexpected service answer into the function's error result.
// Thread-safe as GetConnection is.
#ifndef KINESISCTL_FUNCTIONS_WITH_CONNECTION_H_
#define KINESISCTL_FUNCTIONS_WITH_CONNECTION_H_

#include <exception>
#include <string>

#include "functions/context.h"
#include "functions/results.h"
#include "kinesisctl/connection.h"
#include "kinesisctl/status.h"

namespace kinesisctl::admin {

template <typename F>
Result WithConnection(const ConnectionParams& params, F&& body) {
  StatusOr<Connection*> conn = GetConnection(params);
  if (!conn.ok()) return ErrorResult(conn.status());
  const ScopedCallTimeout call_timeout(**conn, params);
  try {
    return body(**conn);
  } catch (const std::exception& e) {
    return ErrorResult(
        Status(codes::kInternal, std::string("unexpected answer from the service: ") + e.what()));
  }
}

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_WITH_CONNECTION_H_
