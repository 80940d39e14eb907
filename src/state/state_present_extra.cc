// The beyond-Salt steps of `present`, in Salt's style: one comment line per outcome ("did not
// require change, already set at ...", "would ...", "... was successfully updated", "failed to
// ...: <error>"), and old/new changes when something changed outside test mode. They run after
// enhanced monitoring and before the shard count; a step that is not configured adds no line.
#include <string>
#include <vector>

#include "functions/py_repr.h"
#include "state/state_present_run.h"

namespace kinesisctl::admin {
namespace {

std::string TagsOrNone(const Tags& tags) { return tags.empty() ? "None" : PyRepr(tags); }

StateResult TagsChange(const Tags& tags) {
  if (tags.empty()) return "None";
  StateResult out = StateResult::object();
  for (const auto& [k, v] : tags) out[k] = v;
  return out;
}

}  // namespace

bool ConfigureStreamMode(PresentRun& run, const PresentSpec& spec) {
  if (!spec.stream_mode) return true;
  const std::string& want = *spec.stream_mode;
  const std::string old = run.stream.stream_mode;
  if (old == want) {
    run.Note("stream mode did not require change, already set at " + old);
    return true;
  }
  if (run.test) {
    run.WouldChange("stream mode would be updated to " + want);
    return true;
  }
  Status s = run.ops.UpdateStreamMode(run.stream.arn, want);
  if (!s.ok()) {
    run.Fail(run.Line("failed to update stream mode: " + PyError(s)));
    return false;
  }
  run.Note("stream mode was successfully updated to " + want);
  run.changes_old["stream_mode"] = old;
  run.changes_new["stream_mode"] = want;
  return run.Refresh();
}

bool ConfigureTags(PresentRun& run, const PresentSpec& spec) {
  if (!spec.tags) return true;
  const Tags& want = *spec.tags;
  StatusOr<Tags> listed = run.ops.ListTags(run.name);
  if (!listed.ok()) {
    run.Fail(run.Line("failed to list tags: " + PyError(listed.status())));
    return false;
  }
  const Tags& old = *listed;
  Tags add;
  std::vector<std::string> remove;
  for (const auto& [k, v] : want) {
    auto it = old.find(k);
    if (it == old.end() || it->second != v) add[k] = v;
  }
  for (const auto& [k, v] : old) {
    if (!want.count(k)) remove.push_back(k);
  }
  if (add.empty() && remove.empty()) {
    run.Note("tags did not require change, already set at " + TagsOrNone(old));
    return true;
  }
  if (!add.empty()) {
    if (run.test) {
      run.WouldChange("would add tags " + PyRepr(add));
    } else {
      Status s = run.ops.AddTags(run.name, add);
      if (!s.ok()) {
        run.Fail(run.Line("failed to add tags: " + PyError(s)));
        return false;
      }
      run.Note("tags were added " + PyRepr(add));
    }
  }
  if (!remove.empty()) {
    if (run.test) {
      run.WouldChange("would remove tags " + PyRepr(remove));
    } else {
      Status s = run.ops.RemoveTags(run.name, remove);
      if (!s.ok()) {
        run.Fail(run.Line("failed to remove tags: " + PyError(s)));
        return false;
      }
      run.Note("tags were removed " + PyRepr(remove));
    }
  }
  if (!run.test) {
    run.changes_old["tags"] = TagsChange(old);
    run.changes_new["tags"] = TagsChange(want);
  }
  return true;
}

bool ConfigureEncryption(PresentRun& run, const PresentSpec& spec) {
  if (!spec.encryption) return true;
  const std::optional<std::string>& want = *spec.encryption;
  const bool encrypted = run.stream.encryption_type == "KMS";
  const std::string old_text = encrypted ? "KMS key " + run.stream.key_id : "None";
  const std::string new_text = want ? "KMS key " + *want : "None";
  if ((!want && !encrypted) || (want && encrypted && run.stream.key_id == *want)) {
    run.Note("encryption did not require change, already set at " + old_text);
    return true;
  }
  if (run.test) {
    run.WouldChange("encryption would be updated to " + new_text);
    return true;
  }
  Status s = want ? run.ops.StartEncryption(run.name, *want)
                  : run.ops.StopEncryption(run.name, run.stream.key_id);
  if (!s.ok()) {
    run.Fail(run.Line("failed to update encryption: " + PyError(s)));
    return false;
  }
  run.Note("encryption was successfully updated to " + new_text);
  run.changes_old["encryption"] = encrypted ? StateResult(run.stream.key_id) : StateResult("None");
  run.changes_new["encryption"] = want ? StateResult(*want) : StateResult("None");
  return run.Refresh();
}

}  // namespace kinesisctl::admin
