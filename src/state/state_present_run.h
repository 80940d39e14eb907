// Internal to the present engine: the state of one `present` run (comment lines, old and new
// changes, the stream as last read) shared by the Salt steps (state_present.cc) and the
// beyond-Salt steps (state_present_extra.cc). Not thread-safe.
#ifndef KINESISCTL_STATE_STATE_PRESENT_RUN_H_
#define KINESISCTL_STATE_STATE_PRESENT_RUN_H_

#include <string>
#include <vector>

#include "functions/stream_ops.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/state.h"

namespace kinesisctl::admin {

struct PresentRun {
  StreamOps& ops;
  const std::string& name;
  bool test;
  Clock& clock;
  double wait_timeout_seconds;

  StateResult ret = {{"name", name}, {"result", true}, {"comment", ""}, {"changes", {}}};
  std::vector<std::string> comments;
  StateResult changes_old = StateResult::object();
  StateResult changes_new = StateResult::object();
  StreamState stream;

  // "Kinesis stream <name>: <text>".
  std::string Line(const std::string& text) const { return "Kinesis stream " + name + ": " + text; }
  void Note(const std::string& text) { comments.push_back(Line(text)); }
  void WouldChange(const std::string& text) {
    ret["result"] = nullptr;
    Note(text);
  }
  // Sets result False with `comment` (a whole line) and returns the result to hand back.
  StateResult Fail(const std::string& comment) {
    ret["result"] = false;
    comments.push_back(comment);
    return Finish();
  }
  // Salt's _add_changes: joins the comments and adds non-empty old/new changes.
  StateResult Finish() {
    std::string joined;
    for (size_t i = 0; i < comments.size(); ++i) joined += (i ? ",\n" : "") + comments[i];
    ret["comment"] = joined;
    if (!changes_old.empty()) ret["changes"]["old"] = changes_old;
    if (!changes_new.empty()) ret["changes"]["new"] = changes_new;
    if (ret["changes"].is_null()) ret["changes"] = StateResult::object();
    return ret;
  }
  // Waits for ACTIVE and refreshes `stream`; on error fails with Salt's line.
  bool Refresh();
  bool failed() const { return ret["result"].is_boolean() && !ret["result"].get<bool>(); }
};

// The beyond-Salt steps; each returns false when the run has failed (result set to False).
bool ConfigureStreamMode(PresentRun& run, const PresentSpec& spec);
bool ConfigureTags(PresentRun& run, const PresentSpec& spec);
bool ConfigureEncryption(PresentRun& run, const PresentSpec& spec);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_STATE_STATE_PRESENT_RUN_H_
