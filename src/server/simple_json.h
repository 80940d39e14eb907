// A fast parser for the JSON that SDKs actually send: objects, arrays, plain strings (printable
// ASCII without escapes), whole numbers, true, false and null. It builds the same
// nlohmann::json document that nlohmann::json::parse builds, but copies each string at once
// instead of character by character, which is most of the parsing cost of a PutRecords batch
// (500 base64 blobs). Anything outside that subset -- escapes, non-ASCII text, fractions or
// exponents, very deep nesting, and all invalid JSON -- is declined (nullopt), and the caller
// falls back to nlohmann::json::parse, so answers and error messages do not change.
// Pure; thread-safe.
#ifndef KINESISCTL_SERVER_SIMPLE_JSON_H_
#define KINESISCTL_SERVER_SIMPLE_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace kinesisctl::server {

std::optional<nlohmann::json> ParseSimpleJson(std::string_view text);

// Equal values of equal JSON types all the way down (a positive whole number is "unsigned" in
// nlohmann, a negative one "integer"). For the tests and the fuzz target that compare the two
// parsers.
bool SameDocument(const nlohmann::json& a, const nlohmann::json& b);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_SIMPLE_JSON_H_
