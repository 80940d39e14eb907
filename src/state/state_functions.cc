// The public desired-state functions of kinesisctl/state.h over the cached connection:
// present, absent, reshard_to, and the beyond-Salt single-call functions.
#include <memory>
#include <string>

#include "functions/context.h"
#include "functions/describe.h"
#include "functions/json_fields.h"
#include "functions/kinesis_stream_ops.h"
#include "functions/progress.h"
#include "functions/results.h"
#include "functions/with_connection.h"
#include "kinesisctl/state.h"
#include "state/reshard_to.h"
#include "state/state_present.h"

namespace kinesisctl {
namespace {

using admin::Connection;
using admin::ErrorResult;
using admin::OkResult;
using admin::Text;
using admin::WithConnection;
using kinesis::Json;

StateResult StateError(std::string_view name, const std::string& comment) {
  return {{"name", std::string(name)},
          {"result", false},
          {"comment", comment},
          {"changes", StateResult::object()}};
}

StateResult Done(const Status& status) { return status.ok() ? OkResult() : ErrorResult(status); }

std::unique_ptr<admin::ProgressSink> MakeProgress(bool wanted) {
  if (!wanted) return nullptr;
  auto terminal = std::make_unique<admin::TerminalProgress>();
  if (!terminal->active()) return nullptr;
  return terminal;
}

StatusOr<Json> Summary(Connection& c, std::string_view name) {
  KINESISCTL_ASSIGN_OR_RETURN(Json s, admin::DescribeSummary(c, std::string(name)));
  auto it = s.find("StreamDescriptionSummary");
  if (it == s.end() || !it->is_object()) {
    return Status(codes::kInternal, "DescribeStreamSummary returned no StreamDescriptionSummary");
  }
  return *it;
}

}  // namespace

StateResult present(std::string_view name, const PresentSpec& spec, bool test,
                    const ConnectionParams& conn) {
  StatusOr<Connection*> c = admin::GetConnection(conn);
  if (!c.ok()) {
    return StateError(
        name, "Failed to connect for stream " + std::string(name) + ": " + c.status().message());
  }
  const admin::ScopedCallTimeout call_timeout(**c, conn);
  admin::KinesisStreamOps ops(**c);
  auto progress = MakeProgress(spec.reshard.show_progress);
  try {
    return admin::Present(ops, std::string(name), spec, test, (*c)->client.clock(), progress.get());
  } catch (const std::exception& e) {
    return StateError(name, "Kinesis stream " + std::string(name) +
                                ": unexpected answer from the service: " + e.what());
  }
}

StateResult absent(std::string_view name, bool test, const ConnectionParams& conn) {
  StatusOr<Connection*> c = admin::GetConnection(conn);
  if (!c.ok()) {
    return StateError(
        name, "Failed to connect for stream " + std::string(name) + ": " + c.status().message());
  }
  const admin::ScopedCallTimeout call_timeout(**c, conn);
  admin::KinesisStreamOps ops(**c);
  try {
    return admin::Absent(ops, std::string(name), test);
  } catch (const std::exception& e) {
    return StateError(name, "Kinesis stream " + std::string(name) +
                                ": unexpected answer from the service: " + e.what());
  }
}

StateResult reshard_to(std::string_view name, int64_t num_shards, const ReshardToOptions& options,
                       const ConnectionParams& conn) {
  if (Status bad = admin::ValidateReshardToOptions(num_shards, options); !bad.ok()) {
    return ErrorResult(bad);
  }
  return WithConnection(conn, [&](Connection& c) {
    admin::KinesisStreamOps ops(c);
    auto progress = MakeProgress(options.show_progress);
    StatusOr<admin::ReshardToReport> report = admin::ReshardTo(
        ops, std::string(name), num_shards, options, c.client.clock(), progress.get());
    if (!report.ok()) return ErrorResult(report.status());
    Json out = {{"from", report->from},
                {"to", report->to},
                {"method", report->method},
                {"steps", report->steps}};
    if (!report->notes.empty()) out["notes"] = report->notes;
    return OkResult(out);
  });
}

StateResult update_stream_mode(std::string_view name, std::string_view stream_mode,
                               const ConnectionParams& conn) {
  if (stream_mode != "PROVISIONED" && stream_mode != "ON_DEMAND") {
    return ErrorResult(InvalidInputError("stream_mode must be PROVISIONED or ON_DEMAND, not '" +
                                         std::string(stream_mode) + "'"));
  }
  return WithConnection(conn, [&](Connection& c) {
    StatusOr<Json> summary = Summary(c, name);
    if (!summary.ok()) return ErrorResult(summary.status());
    return Done(c.client.UpdateStreamMode({Text(*summary, "StreamARN"), std::string(stream_mode)}));
  });
}

StateResult add_tags_to_stream(std::string_view name,
                               const std::map<std::string, std::string>& tags,
                               const ConnectionParams& conn) {
  if (tags.empty()) return ErrorResult(InvalidInputError("tags must name at least one tag"));
  return WithConnection(conn, [&](Connection& c) {
    admin::KinesisStreamOps ops(c);
    Status s = ops.AddTags(std::string(name), tags);
    return s.ok() ? OkResult() : ErrorResult(s);
  });
}

StateResult remove_tags_from_stream(std::string_view name, const std::vector<std::string>& keys,
                                    const ConnectionParams& conn) {
  if (keys.empty()) return ErrorResult(InvalidInputError("tag_keys must name at least one key"));
  return WithConnection(conn, [&](Connection& c) {
    admin::KinesisStreamOps ops(c);
    Status s = ops.RemoveTags(std::string(name), keys);
    return s.ok() ? OkResult() : ErrorResult(s);
  });
}

StateResult list_tags_for_stream(std::string_view name, const ConnectionParams& conn) {
  return WithConnection(conn, [&](Connection& c) {
    admin::KinesisStreamOps ops(c);
    StatusOr<admin::Tags> tags = ops.ListTags(std::string(name));
    if (!tags.ok()) return ErrorResult(tags.status());
    Json out = Json::object();
    for (const auto& [k, v] : *tags) out[k] = v;
    return OkResult(out);
  });
}

StateResult start_stream_encryption(std::string_view name, std::string_view key_id,
                                    const ConnectionParams& conn) {
  if (key_id.empty()) return ErrorResult(InvalidInputError("key_id must name a KMS key"));
  return WithConnection(conn, [&](Connection& c) {
    return Done(c.client.StartStreamEncryption({std::string(name), "KMS", std::string(key_id)}));
  });
}

StateResult stop_stream_encryption(std::string_view name, std::optional<std::string> key_id,
                                   const ConnectionParams& conn) {
  return WithConnection(conn, [&](Connection& c) {
    if (!key_id) {
      StatusOr<Json> summary = Summary(c, name);
      if (!summary.ok()) return ErrorResult(summary.status());
      if (Text(*summary, "EncryptionType", "NONE") != "KMS") {
        return ErrorResult(InvalidInputError("stream " + std::string(name) + " is not encrypted"));
      }
      key_id = Text(*summary, "KeyId");
    }
    return Done(c.client.StopStreamEncryption({std::string(name), "KMS", *key_id}));
  });
}

}  // namespace kinesisctl
