#include "state/state_present.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <string>

#include "core/json_utf8.h"
#include "core/log.h"
#include "core/seconds_text.h"
#include "core/shard_metrics.h"
#include "functions/py_repr.h"
#include "state/reshard_to.h"
#include "state/state_present_run.h"

namespace kinesisctl::admin {
namespace {

std::string MetricsOrNone(const std::vector<std::string>& metrics) {
  return metrics.empty() ? "None" : PyRepr(metrics);
}

StateResult MetricsChange(const std::vector<std::string>& metrics) {
  if (metrics.empty()) return "None";
  return StateResult(metrics);
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Salt step 4: enhanced monitoring. False when the run failed.
bool ConfigureMonitoring(PresentRun& run, const std::vector<std::string>& desired) {
  const std::vector<std::string> old = Sorted(run.stream.metrics);
  const std::set<std::string> want(desired.begin(), desired.end());
  const std::set<std::string> have(old.begin(), old.end());
  std::vector<std::string> enable, disable;
  for (const std::string& m : want) {
    if (!have.count(m)) enable.push_back(m);
  }
  for (const std::string& m : have) {
    if (!want.count(m)) disable.push_back(m);
  }
  if (!enable.empty()) {
    if (run.test) {
      run.WouldChange("would enable enhanced monitoring for " + PyRepr(enable));
    } else {
      Status s = run.ops.EnableMonitoring(run.name, enable);
      if (!s.ok()) {
        run.Fail(run.Line("failed to enable enhanced monitoring: " + PyError(s)));
        return false;
      }
      run.Note("enhanced monitoring was enabled for shard-level metrics " + PyRepr(enable));
    }
  }
  if (!disable.empty()) {
    if (run.test) {
      run.WouldChange("would disable enhanced monitoring for " + PyRepr(disable));
    } else {
      Status s = run.ops.DisableMonitoring(run.name, disable);
      if (!s.ok()) {
        run.Fail(run.Line("failed to disable enhanced monitoring: " + PyError(s)));
        return false;
      }
      run.Note("enhanced monitoring was disabled for shard-level metrics " + PyRepr(disable));
    }
  }
  if (enable.empty() && disable.empty()) {
    run.Note("enhanced monitoring did not require change, already set at " + MetricsOrNone(old));
  } else if (!run.test) {
    run.changes_old["enhanced_monitoring"] = MetricsChange(old);
    run.changes_new["enhanced_monitoring"] = MetricsChange(desired);
  }
  return true;
}

// Salt step 3: retention. False when the run failed.
bool ConfigureRetention(PresentRun& run, int64_t hours) {
  const int64_t old = run.stream.retention_hours;
  if (old == hours) {
    run.Note("retention hours did not require change, already set at " + std::to_string(old));
    return true;
  }
  if (run.test) {
    run.WouldChange("retention hours would be updated to " + std::to_string(hours));
    return true;
  }
  Status s = old > hours ? run.ops.DecreaseRetention(run.name, hours)
                         : run.ops.IncreaseRetention(run.name, hours);
  if (!s.ok()) {
    run.Fail(run.Line("failed to update retention hours: " + PyError(s)));
    return false;
  }
  run.Note("retention hours was successfully updated");
  run.changes_old["retention_hours"] = old;
  run.changes_new["retention_hours"] = hours;
  return run.Refresh();
}

// Salt step 5: the shard count, through ReshardTo.
void ConfigureShards(PresentRun& run, const PresentSpec& spec, ProgressSink* progress) {
  const int64_t old = static_cast<int64_t>(run.stream.open_shards.size());
  if (!spec.num_shards || !spec.do_reshard) {
    run.Note("did not reshard, remains at " + std::to_string(old) + " shards");
    return;
  }
  const int64_t want = *spec.num_shards;
  if (old == want) {
    run.Note("did not require resharding, remains at " + std::to_string(old) + " shards");
    return;
  }
  if (run.stream.stream_mode == "ON_DEMAND") {
    run.Note("is ON_DEMAND, AWS manages its shards: did not reshard, remains at " +
             std::to_string(old) + " shards");
    return;
  }
  if (run.test) {
    run.WouldChange("would be resharded from " + std::to_string(old) + " to " +
                    std::to_string(want) + " shards");
    return;
  }
  LogInfo("Resharding stream from " + std::to_string(old) + " to " + std::to_string(want) +
          " shards, this could take a while");
  StatusOr<ReshardToReport> report =
      ReshardTo(run.ops, run.name, want, spec.reshard, run.clock, progress);
  if (!report.ok()) {
    run.Fail("Encountered error while resharding " + run.name + ": " + PyError(report.status()));
    return;
  }
  run.Note("successfully resharded to " + std::to_string(want) + " shards");
  run.changes_old["num_shards"] = old;
  run.changes_new["num_shards"] = want;
}

}  // namespace

bool PresentRun::Refresh() {
  const TimePoint deadline = clock.Now() + SecondsToDuration(wait_timeout_seconds);
  StatusOr<StreamState> s = ops.WaitActive(name, deadline, {});
  if (!s.ok()) {
    Fail(Line("error getting description: " + PyError(s.status())));
    return false;
  }
  stream = std::move(s).value();
  return true;
}

StatusOr<std::vector<std::string>> NormalizeMetrics(const nlohmann::ordered_json& value) {
  const auto& all = AllShardLevelMetrics();
  std::vector<std::string> out;
  if (value.is_boolean()) {
    if (value.get<bool>()) out = all;
  } else if (value.is_string()) {
    const std::string s = value.get<std::string>();
    if (s == "ALL") {
      out = all;
    } else if (s != "None") {
      out = {s};
    }
  } else if (value.is_array()) {
    for (const auto& item : value) {
      if (!item.is_string()) {
        return InvalidInputError("enhanced_monitoring must list metric names, got " +
                                 DumpForMessage(item));
      }
      out.push_back(item.get<std::string>());
    }
    if (out == std::vector<std::string>{"ALL"}) out = all;
  } else {
    return InvalidInputError(
        "enhanced_monitoring must be a list of metric names, True, False, ALL or None, got " +
        DumpForMessage(value));
  }
  for (const std::string& m : out) {
    if (std::find(all.begin(), all.end(), m) == all.end()) {
      return InvalidInputError("unknown shard-level metric '" + m + "' (expected one of " +
                               PyRepr(Sorted(all)) + ", or ALL)");
    }
  }
  out = Sorted(out);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status ValidatePresentSpec(const PresentSpec& spec) {
  if (spec.num_shards && *spec.num_shards < 1) {
    return InvalidInputError("num_shards must be at least 1, got " +
                             std::to_string(*spec.num_shards));
  }
  // AWS keeps data 24 hours to 365 days; anything else is refused before any call is made.
  if (spec.retention_hours && (*spec.retention_hours < 24 || *spec.retention_hours > 8760)) {
    return InvalidInputError("retention_hours must be between 24 and 8760, got " +
                             std::to_string(*spec.retention_hours));
  }
  if (spec.enhanced_monitoring)
    KINESISCTL_RETURN_IF_ERROR(NormalizeMetrics(*spec.enhanced_monitoring));
  if (spec.stream_mode && *spec.stream_mode != "PROVISIONED" && *spec.stream_mode != "ON_DEMAND") {
    return InvalidInputError("stream_mode must be PROVISIONED or ON_DEMAND, not '" +
                             *spec.stream_mode + "'");
  }
  if (spec.encryption && *spec.encryption && spec.encryption->value().empty()) {
    return InvalidInputError("encryption needs a KMS key id, or None to stop encrypting");
  }
  return ValidateReshardToOptions(spec.num_shards.value_or(1), spec.reshard);
}

StateResult Present(StreamOps& ops, const std::string& name, const PresentSpec& spec, bool test,
                    Clock& clock, ProgressSink* progress) {
  PresentRun run{ops, name, test, clock, spec.wait_timeout_seconds};
  if (Status bad = ValidatePresentSpec(spec); !bad.ok()) {
    return run.Fail("Invalid arguments for stream " + name + ": " + bad.message());
  }
  // 1. Existence. Only ResourceNotFoundException means absent (docs/design/salt-compatibility.md).
  StatusOr<bool> exists = ops.Exists(name);
  if (!exists.ok()) {
    return run.Fail("Failed to check whether stream " + name +
                    " exists: " + PyError(exists.status()));
  }
  if (!*exists) {
    if (test) {
      run.ret["result"] = nullptr;
      run.comments.push_back("Kinesis stream " + name + " would be created");
      return run.Finish();
    }
    const bool on_demand = spec.stream_mode.value_or("") == "ON_DEMAND";
    if (!spec.num_shards && !on_demand) {
      return run.Fail("Failed to create stream " + name +
                      ": num_shards is required to create a PROVISIONED stream");
    }
    Status created = ops.Create(name, on_demand ? std::nullopt : spec.num_shards, spec.stream_mode);
    if (!created.ok()) {
      return run.Fail("Failed to create stream " + name + ": " + PyError(created));
    }
    run.comments.push_back("Kinesis stream " + name + " successfully created");
    run.changes_new["name"] = name;
    run.changes_new["num_shards"] =
        spec.num_shards && !on_demand ? StateResult(*spec.num_shards) : StateResult(nullptr);
    if (spec.stream_mode) run.changes_new["stream_mode"] = *spec.stream_mode;
  } else {
    run.comments.push_back("Kinesis stream " + name + " already exists");
  }
  // 2. Wait for ACTIVE.
  if (!run.Refresh()) return run.Finish();
  // 3. Retention.
  if (spec.retention_hours) {
    if (!ConfigureRetention(run, *spec.retention_hours)) return run.Finish();
  } else {
    run.Note("did not configure retention hours");
  }
  // 4. Enhanced monitoring.
  if (spec.enhanced_monitoring) {
    if (!ConfigureMonitoring(run, *NormalizeMetrics(*spec.enhanced_monitoring))) {
      return run.Finish();
    }
  } else {
    run.Note("did not configure enhanced monitoring");
  }
  // Beyond Salt: stream mode, tags, encryption (no comment line when not configured).
  if (!ConfigureStreamMode(run, spec) || !ConfigureTags(run, spec) ||
      !ConfigureEncryption(run, spec)) {
    return run.Finish();
  }
  // 5. Shards.
  ConfigureShards(run, spec, progress);
  return run.Finish();
}

StateResult Absent(StreamOps& ops, const std::string& name, bool test) {
  StateResult ret = {{"name", name}, {"result", true}, {"comment", ""}};
  ret["changes"] = StateResult::object();
  StatusOr<bool> exists = ops.Exists(name);
  if (!exists.ok()) {
    ret["result"] = false;
    ret["comment"] =
        "Failed to check whether stream " + name + " exists: " + PyError(exists.status());
    return ret;
  }
  if (!*exists) {
    ret["comment"] = "Kinesis stream " + name + " does not exist";
    return ret;
  }
  if (test) {
    ret["comment"] = "Kinesis stream " + name + " would be deleted";
    ret["result"] = nullptr;
    return ret;
  }
  Status deleted = ops.Delete(name);
  if (!deleted.ok()) {
    ret["comment"] = "Failed to delete stream " + name + ": " + PyError(deleted);
    ret["result"] = false;
    return ret;
  }
  ret["comment"] = "Deleted stream " + name;
  ret["changes"]["old"] = "Stream " + name + " exists";
  ret["changes"]["new"] = "Stream " + name + " deleted";
  return ret;
}

}  // namespace kinesisctl::admin
