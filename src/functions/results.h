// Salt's result shapes for the boto_kinesis functions: {"result": true}, {"result": <value>},
// {"error": {"Code", "Message"}, "result": null} for a service or local error, and Salt's
// {"error": "Tried to execute function ..."} (no "result") when retries run out. Pure
// functions; thread-safe.
#ifndef KINESISCTL_FUNCTIONS_RESULTS_H_
#define KINESISCTL_FUNCTIONS_RESULTS_H_

#include <string>

#include "kinesisctl/boto_kinesis.h"
#include "kinesisctl/status.h"

namespace kinesisctl::admin {

Result OkResult(Result value = true);
Result ErrorResult(const Status& status);
// {"error": "<text>"}: Salt's shape for errors of its own algorithms.
Result TextErrorResult(const std::string& text);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_RESULTS_H_
