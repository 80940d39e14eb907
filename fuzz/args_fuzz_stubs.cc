// The function groups of the CLI's table, empty: the args fuzz target binds words to a spec of
// its own and must not link the Kinesis client and the state engine.
#include "cli/functions.h"

namespace kinesisctl::cli {

const std::vector<FunctionSpec>& ModuleFunctions() {
  static const std::vector<FunctionSpec> kNone;
  return kNone;
}

const std::vector<FunctionSpec>& StateFunctions() {
  static const std::vector<FunctionSpec> kNone;
  return kNone;
}

const std::vector<FunctionSpec>& RecordFunctions() {
  static const std::vector<FunctionSpec> kNone;
  return kNone;
}

}  // namespace kinesisctl::cli
