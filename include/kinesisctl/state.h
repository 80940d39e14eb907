// Desired state for Kinesis streams, after Salt's boto_kinesis state: `present` and `absent`
// return Salt's state result {"name", "result", "comment", "changes"} with Salt's step order,
// comment lines and changes (deviations: docs/design/salt-compatibility.md), extended
// with stream mode, tags and encryption; `reshard_to` reaches a shard count in one call
// (stepped UpdateShardCount, or split/merge toward a balanced layout with the fewest operations);
// the small beyond-Salt functions behind those steps; and `apply`, many streams from one YAML
// document. Results are JSON documents like those of boto_kinesis.h. Free functions;
// thread-safe (each thread uses its own cached client).
#ifndef KINESISCTL_STATE_H_
#define KINESISCTL_STATE_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kinesisctl/connection.h"
#include "kinesisctl/hash_key.h"

namespace kinesisctl {

using StateResult = nlohmann::ordered_json;

struct ReshardToOptions {
  std::string method = "auto";       // auto | update_shard_count | split_merge
  std::string layout = "aws";        // split/merge target: aws | salt
  std::optional<HashKey> tolerance;  // split/merge: unset means N keys (aws) or 0 (salt)
  double timeout_seconds = 7200;     // overall deadline of the whole reshard
  bool show_progress = true;         // one line on stderr, only when stderr is a terminal
};

struct PresentSpec {
  std::optional<int64_t> num_shards;
  std::optional<int64_t> retention_hours;
  // A list of metric names, true/false, "ALL", ["ALL"] or "None" (Salt's forms; a bare "ALL"
  // also means all seven metrics).
  std::optional<nlohmann::ordered_json> enhanced_monitoring;
  bool do_reshard = true;
  std::optional<std::string> stream_mode;                  // PROVISIONED | ON_DEMAND
  std::optional<std::map<std::string, std::string>> tags;  // exactly these tags
  // Encryption: set with a KMS key id to encrypt with that key, set with nullopt to stop
  // encrypting; unset to leave it alone.
  std::optional<std::optional<std::string>> encryption;
  double wait_timeout_seconds = 1800;  // each wait for ACTIVE outside the reshard
  ReshardToOptions reshard;
};

StateResult present(std::string_view name, const PresentSpec& spec, bool test = false,
                    const ConnectionParams& conn = {});
StateResult absent(std::string_view name, bool test = false, const ConnectionParams& conn = {});

// {"result": {"from": N0, "to": N, "method": "...", "steps": k}} or an error result.
StateResult reshard_to(std::string_view name, int64_t num_shards,
                       const ReshardToOptions& options = {}, const ConnectionParams& conn = {});

// Beyond Salt, one API call each (UpdateStreamMode finds the StreamARN first).
StateResult update_stream_mode(std::string_view name, std::string_view stream_mode,
                               const ConnectionParams& conn = {});
StateResult add_tags_to_stream(std::string_view name,
                               const std::map<std::string, std::string>& tags,
                               const ConnectionParams& conn = {});
StateResult remove_tags_from_stream(std::string_view name, const std::vector<std::string>& keys,
                                    const ConnectionParams& conn = {});
StateResult list_tags_for_stream(std::string_view name, const ConnectionParams& conn = {});
StateResult start_stream_encryption(std::string_view name, std::string_view key_id,
                                    const ConnectionParams& conn = {});
// Without a key id, the stream's current key is used.
StateResult stop_stream_encryption(std::string_view name, std::optional<std::string> key_id = {},
                                   const ConnectionParams& conn = {});

// The outcome of `apply`: each stream's state result in file order, and the counts.
struct ApplyOutcome {
  std::vector<StateResult> results;
  std::vector<std::string> functions;  // "present" or "absent", per result
  int succeeded = 0;                   // result True or None
  int changed = 0;  // succeeded with changes (or, in test mode, with changes pending)
  int failed = 0;   // result False
};

// Runs the streams of a YAML document (see docs: a mapping with optional connection keys
// region/key/keyid/token/profile/endpoint and `streams`, a mapping of stream name to its keys
// state/num_shards/retention_hours/enhanced_monitoring/stream_mode/tags/encryption/do_reshard/
// method). Fields of `overrides` that are set replace the document's connection keys. A
// malformed document or an unknown key is an InvalidInput error before anything runs.
struct ApplyError {
  std::string message;
};
std::optional<ApplyError> ApplyDocument(std::string_view yaml_text, bool test,
                                        const ConnectionParams& overrides, ApplyOutcome* out);

// Salt's state output for one result, and the summary line `N succeeded (M changed), K failed`.
std::string FormatStateResult(const StateResult& result, std::string_view function);
std::string FormatApplySummary(const ApplyOutcome& outcome);

}  // namespace kinesisctl

#endif  // KINESISCTL_STATE_H_
