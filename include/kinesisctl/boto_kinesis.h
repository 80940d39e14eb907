// The functions of Salt's boto_kinesis execution module, with Salt's names, argument order and
// result shapes: {"result": true}, {"result": <response>}, {"error": {...}, "result": null}.
// Results are JSON documents (nlohmann::ordered_json, keys in Salt's order); hash keys inside
// them are decimal strings. Functions that talk to Kinesis are added by the functions issue.
// Free functions; thread-safe.
#ifndef KINESISCTL_BOTO_KINESIS_H_
#define KINESISCTL_BOTO_KINESIS_H_

#include <nlohmann/json.hpp>
#include <string_view>

namespace kinesisctl {

using Result = nlohmann::ordered_json;

// Salt's long_int: the hash key as an exact integer. {"result": "<decimal>"} for a valid key;
// {"error": "<why>", "result": null} for anything outside AWS's HashKey pattern.
Result long_int(std::string_view hash_key);

}  // namespace kinesisctl

#endif  // KINESISCTL_BOTO_KINESIS_H_
