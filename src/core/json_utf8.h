// Checks that every string and key of a JSON value is UTF-8 as nlohmann::json's dump() requires
// (IsValidUtf8 of core/base64.h: no stray continuation bytes, overlong forms, surrogates or code
// points past U+10FFFF). Values from users (command-line words typed as YAML, apply and config
// files, JSON lines) are checked with these at the boundary, so nothing later throws on dump().
// Pure functions; thread-safe.
#ifndef KINESISCTL_CORE_JSON_UTF8_H_
#define KINESISCTL_CORE_JSON_UTF8_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace kinesisctl {

// Where in `value` the first text that is not UTF-8 sits, in words for an error message: "" for
// the value itself (a string), "item 3" (0-based, in a list), "key 'x'" (a mapping key),
// "'x'" (the value of key x), "'x', item 2" (nested); nullopt when all of it is UTF-8.
std::optional<std::string> FindNonUtf8(const nlohmann::ordered_json& value);
std::optional<std::string> FindNonUtf8(const nlohmann::json& value);

// dump() for messages: never throws; text that is not UTF-8 shows U+FFFD.
std::string DumpForMessage(const nlohmann::ordered_json& value);

}  // namespace kinesisctl

#endif  // KINESISCTL_CORE_JSON_UTF8_H_
