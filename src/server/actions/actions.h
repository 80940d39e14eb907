// The Kinesis actions the server implements, each a pure function of (context, validated request)
// declared next to its validation schema. Each group file registers its actions; the router looks
// them up by the operation name of X-Amz-Target. Immutable after startup; thread-safe to read.
#ifndef KINESISCTL_SERVER_ACTIONS_ACTIONS_H_
#define KINESISCTL_SERVER_ACTIONS_ACTIONS_H_

#include <string>
#include <vector>

#include "server/actions/context.h"
#include "server/validation/schema.h"

namespace kinesisctl::server {

struct ActionSpec {
  std::string name;  // "CreateStream"
  Schema schema;
  ActionFn run = nullptr;
  bool mutates = true;              // false for pure reads
  TextActionFn run_text = nullptr;  // instead of run
};

void RegisterStreamActions(std::vector<ActionSpec>& out);    // create, delete, describe, list
void RegisterShardActions(std::vector<ActionSpec>& out);     // list shards, split, merge, resize
void RegisterSettingsActions(std::vector<ActionSpec>& out);  // retention, metrics, KMS, mode, ...
void RegisterTagActions(std::vector<ActionSpec>& out);       // add, remove, list tags
void RegisterDataActions(std::vector<ActionSpec>& out);      // put, iterators, get records
void RegisterResourceActions(std::vector<ActionSpec>& out);  // tags and policies by ARN
void RegisterAccountActions(std::vector<ActionSpec>& out);   // account settings
void RegisterConsumerActions(std::vector<ActionSpec>& out);  // consumers, SubscribeToShard checks

// GetShardIterator's answer for a validated request naming the stream, shard and position (used
// by SubscribeToShard to turn its StartingPosition into an iterator).
StatusOr<Json> GetShardIteratorFor(ActionContext& ctx, const Json& request);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_ACTIONS_H_
