// The engine behind `present` and `absent`: Salt's boto_kinesis state as logic
// over StreamOps, returning Salt's {"name", "result", "comment", "changes"}. Salt's steps, in
// order: existence (create), wait, retention, enhanced monitoring; then, beyond Salt, stream
// mode, tags and encryption; then the shard count (through ReshardTo). Deviations
// (docs/design/salt-compatibility.md): only ResourceNotFoundException means "absent"; metric lists
// in comments and changes are sorted; a bare "ALL" means all seven metrics. Not thread-safe.
#ifndef KINESISCTL_STATE_STATE_PRESENT_H_
#define KINESISCTL_STATE_STATE_PRESENT_H_

#include <string>
#include <vector>

#include "functions/progress.h"
#include "functions/stream_ops.h"
#include "kinesisctl/clock.h"
#include "kinesisctl/state.h"
#include "kinesisctl/status.h"

namespace kinesisctl::admin {

// Salt's forms of enhanced_monitoring to a sorted list of metric names: true, "ALL" or ["ALL"]
// give all seven; false, "None" or [] give none; a name or a list of names gives those.
// InvalidInput names an unknown metric or a value of another type.
StatusOr<std::vector<std::string>> NormalizeMetrics(const nlohmann::ordered_json& value);

// Checks the spec without any call (metric names, stream_mode, method, counts).
Status ValidatePresentSpec(const PresentSpec& spec);

StateResult Present(StreamOps& ops, const std::string& name, const PresentSpec& spec, bool test,
                    Clock& clock, ProgressSink* progress);

StateResult Absent(StreamOps& ops, const std::string& name, bool test);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_STATE_STATE_PRESENT_H_
