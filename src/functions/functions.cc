// The boto_kinesis module functions that map onto one or a few Kinesis calls: create, delete,
// exists, waiting, retention, enhanced monitoring, listing and describing.
#include <string>
#include <vector>

#include "functions/context.h"
#include "functions/describe.h"
#include "functions/results.h"
#include "functions/with_connection.h"
#include "kinesisctl/boto_kinesis.h"

namespace kinesisctl {
namespace {

using admin::Connection;
using admin::ErrorResult;
using admin::OkResult;
using admin::WithConnection;
using kinesis::Json;

// {"result": true} or the error.
Result Done(const Status& status) { return status.ok() ? OkResult() : ErrorResult(status); }
Result Done(const StatusOr<Json>& response) { return Done(response.status()); }

Result Value(StatusOr<Json> response) {
  return response.ok() ? OkResult(std::move(response).value()) : ErrorResult(response.status());
}

}  // namespace

Result create_stream(std::string_view stream_name, std::optional<int64_t> num_shards,
                     const ConnectionParams& conn, const CreateStreamOptions& options) {
  if (!num_shards && options.stream_mode.value_or("") != "ON_DEMAND") {
    return ErrorResult(InvalidInputError("num_shards is required unless stream_mode=ON_DEMAND"));
  }
  return WithConnection(conn, [&](Connection& c) {
    kinesis::CreateStreamRequest request{std::string(stream_name), num_shards, options.stream_mode,
                                         options.tags};
    return Done(c.client.CreateStream(request));
  });
}

Result delete_stream(std::string_view stream_name, const ConnectionParams& conn) {
  return WithConnection(conn, [&](Connection& c) {
    return Done(c.client.DeleteStream({std::string(stream_name), std::nullopt}));
  });
}

Result exists(std::string_view stream_name, const ConnectionParams& conn) {
  return admin::GuardAnswers("exists", [&] {
    StatusOr<Connection*> c = admin::GetConnection(conn);
    std::optional<admin::ScopedCallTimeout> call_timeout;
    if (c.ok()) call_timeout.emplace(**c, conn);
    StatusOr<std::string> status =
        c.ok() ? admin::GetStreamStatus(**c, std::string(stream_name)) : c.status();
    if (status.ok()) return OkResult(true);
    Result out = OkResult(false);
    out["error"] = ErrorResult(status.status())["error"];
    return out;
  });
}

Result get_stream_when_active(std::string_view stream_name, const ConnectionParams& conn,
                              double timeout_seconds) {
  return WithConnection(conn, [&](Connection& c) {
    admin::TerminalProgress progress;
    return Value(admin::WaitForActive(c, std::string(stream_name), timeout_seconds, &progress));
  });
}

Result increase_stream_retention_period(std::string_view stream_name, int64_t retention_hours,
                                        const ConnectionParams& conn) {
  return WithConnection(conn, [&](Connection& c) {
    return Done(
        c.client.IncreaseStreamRetentionPeriod({std::string(stream_name), retention_hours}));
  });
}

Result decrease_stream_retention_period(std::string_view stream_name, int64_t retention_hours,
                                        const ConnectionParams& conn) {
  return WithConnection(conn, [&](Connection& c) {
    return Done(
        c.client.DecreaseStreamRetentionPeriod({std::string(stream_name), retention_hours}));
  });
}

Result enable_enhanced_monitoring(std::string_view stream_name,
                                  const std::vector<std::string>& metrics,
                                  const ConnectionParams& conn) {
  return WithConnection(conn, [&](Connection& c) {
    return Done(
        c.client.connection().EnableEnhancedMonitoring({std::string(stream_name), metrics}));
  });
}

Result disable_enhanced_monitoring(std::string_view stream_name,
                                   const std::vector<std::string>& metrics,
                                   const ConnectionParams& conn) {
  return WithConnection(conn, [&](Connection& c) {
    return Done(
        c.client.connection().DisableEnhancedMonitoring({std::string(stream_name), metrics}));
  });
}

Result list_streams(const ConnectionParams& conn) {
  return WithConnection(conn, [&](Connection& c) -> Result {
    StatusOr<std::vector<std::string>> names = c.client.ListStreamNames();
    if (!names.ok()) return ErrorResult(names.status());
    return OkResult(Json(*names));
  });
}

Result describe_stream(std::string_view stream_name, const ConnectionParams& conn) {
  return WithConnection(
      conn, [&](Connection& c) { return Value(admin::DescribeFull(c, std::string(stream_name))); });
}

Result describe_stream_summary(std::string_view stream_name, const ConnectionParams& conn) {
  return WithConnection(conn, [&](Connection& c) {
    return Value(admin::DescribeSummary(c, std::string(stream_name)));
  });
}

Result list_shards(std::string_view stream_name, const ConnectionParams& conn) {
  return WithConnection(conn, [&](Connection& c) {
    return Value(admin::ListAllShards(c, std::string(stream_name)));
  });
}

}  // namespace kinesisctl
