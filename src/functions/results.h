// Salt's result shapes for the boto_kinesis functions: {"result": true}, {"result": <value>},
// {"error": {"Code", "Message"}, "result": null} for a service or local error, and Salt's
// {"error": "Tried to execute function ..."} (no "result") when retries run out. Pure
// functions; thread-safe.
#ifndef KINESISCTL_FUNCTIONS_RESULTS_H_
#define KINESISCTL_FUNCTIONS_RESULTS_H_

#include <functional>
#include <string>

#include "kinesisctl/boto_kinesis.h"
#include "kinesisctl/status.h"

namespace kinesisctl::admin {

Result OkResult(Result value = true);
Result ErrorResult(const Status& status);
// {"error": "<text>"}: Salt's shape for errors of its own algorithms.
Result TextErrorResult(const std::string& text);

// Runs `body`, a function that reads the service's answers with nlohmann::json's lenient
// accessors, and turns an answer of a shape it did not expect (which the library reports by an
// exception) into an InvalidResponse error naming `function`: no exception leaves the public API.
Result GuardAnswers(const std::string& function, const std::function<Result()>& body);

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_RESULTS_H_
