// What every action receives: the server's settings, the model (already advanced to `now`), the
// request's region (from the SigV4 credential scope) and the time. Also the helpers the actions
// share: resolving a stream by StreamName or StreamARN with AWS's not-found text, the not-ACTIVE
// check, error construction and the JSON forms of shards and streams. Used under the router's
// lock; not thread-safe by itself.
#ifndef KINESISCTL_SERVER_ACTIONS_CONTEXT_H_
#define KINESISCTL_SERVER_ACTIONS_CONTEXT_H_

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kinesisctl/status.h"
#include "server/actions/answer_writer.h"
#include "server/actions/plain_put_records.h"
#include "server/model/model.h"
#include "server/model/undo_log.h"
#include "server/storage/storage.h"

namespace kinesisctl::server {

class ShardLimits;

struct ServerConfig {
  std::string account_id = "000000000000";
  int64_t create_delay_ms = 500;
  int64_t update_delay_ms = 500;
  int64_t delete_delay_ms = 500;
  int64_t consumer_delay_ms = 500;  // RegisterStreamConsumer / DeregisterStreamConsumer
  int shard_limit = 500;
  int on_demand_stream_limit = 50;
  bool enforce_limits = false;  // AWS's throughput limits (server/limits/shard_limits.h)
  // How long a minimum throughput billing commitment lasts at least once enabled.
  int64_t commitment_window_ms = 24 * 3'600'000;
};

struct ActionContext {
  const ServerConfig& config;
  Model& model;
  std::string region;
  int64_t now_ms = 0;
  Storage* storage = nullptr;
  // Held while the action runs; an action that is done with the model (GetRecords) may release
  // it before reading records from storage.
  std::unique_lock<std::mutex>* lock = nullptr;
  // Streams the action changed (saved by the router) and records it appended, as (region, name).
  bool mutating = false;
  std::set<std::pair<std::string, std::string>> dirty;
  std::vector<NewRecord> records;
  // Set only with --enforce-limits: the data actions then check AWS's per-shard limits.
  ShardLimits* limits = nullptr;
  // Before-images of what the action changed; the router restores them when the request fails.
  UndoLog undo;
  bool account_dirty = false;  // the region's account settings changed (saved by the router)
  // The format the client reads; only the actions that write their answer text (TextActionFn)
  // look at it.
  AnswerFormat answer_format = AnswerFormat::kJson;
  // PutRecords: the entries, when the front door read the body as PlainPutRecords (already
  // valid; the request document then holds the stream name only).
  const PlainPutRecords* plain_put_records = nullptr;

  Region& region_state() { return model.regions[region]; }
  const std::string& account() const { return config.account_id; }
  // Call before the first change of a stream (for a new stream: before adding it to the model).
  void Touch(const Stream& stream) {
    undo.SaveStream(model, stream.region, stream.name);
    dirty.emplace(stream.region, stream.name);
  }
};

using Json = nlohmann::json;
using ActionFn = StatusOr<Json> (*)(ActionContext&, const Json&);
// An action that writes its answer itself, in ctx.answer_format (the data plane's large
// answers, where building a document first would cost more than the action).
using TextActionFn = StatusOr<std::string> (*)(ActionContext&, const Json&);

// The answer of an action without output members (CreateStream, SplitShard, ...): AWS sends an
// empty body for these, not `{}`; the router writes a null answer as "".
inline Json NoOutput() { return Json(); }

Status ApiError(const std::string& code, const std::string& message);

// "Stream NAME under account ACCOUNT"
std::string StreamPhrase(const ActionContext& ctx, const std::string& name);

// Finds the stream named by StreamName or StreamARN (an ARN may name another region); a
// mutating action's stream is marked dirty.
StatusOr<Stream*> ResolveStream(ActionContext& ctx, const Json& request);

// ResourceInUseException unless the stream is ACTIVE.
Status RequireActive(const ActionContext& ctx, const Stream& stream);

// ResourceInUseException while CREATING or DELETING (UPDATING streams still take this change).
Status RequireNotCreatingOrDeleting(const ActionContext& ctx, const Stream& stream);

// Puts the stream in UPDATING until the update delay has passed, then `t` completes.
void StartUpdate(ActionContext& ctx, Stream& stream, Transition t);

// The stream name a request gives: StreamName, or the name part of StreamARN (for messages).
std::string RequestedStreamName(const Json& request);

// The canonical id ("shardId-000000000001") of a shard id written loosely as AWS accepts it
// ("shardId-1", "1", "x-1"); nullopt when it names no shard number (see ParseShardId).
std::optional<std::string> CanonicalShardId(const std::string& text);

// ExclusiveStartShardId and the like: the canonical id when `text` names a shard number, else
// `text` itself (compared as text with the canonical ids).
std::string LooseShardId(const std::string& text);

// "Could not find shard ID in stream NAME under account ACCOUNT." (ResourceNotFoundException)
Status ShardNotFound(const ActionContext& ctx, const std::string& shard, const std::string& stream);

// A member as a string, or "" when absent.
std::string StringMember(const Json& request, const char* name);

// A closed shard whose records have all passed the retention period; listings omit it.
bool ShardExpired(const Stream& stream, const Shard& shard, int64_t now_ms);

// A request's epoch-seconds Timestamp in milliseconds, converted as Java converts a double to a
// long (AWS's front end is Java): beyond the int64 range it saturates, NaN is 0. Never undefined
// behaviour, whatever the number.
int64_t TimestampMillis(const Json& seconds);

Json ShardJson(const Shard& shard);
Json MetricsJson(const Stream& stream);
Json TimestampJson(int64_t ms);

// Opaque pagination tokens: a JSON object hex-encoded, with the time it was issued. Decode
// answers InvalidArgumentException for garbage and ExpiredNextTokenException after 300 s.
std::string EncodeToken(Json fields, int64_t now_ms);
StatusOr<Json> DecodeToken(const std::string& token, int64_t now_ms);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_CONTEXT_H_
