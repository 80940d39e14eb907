// Lenient reading of fields from a Kinesis answer: a string or an object member, with a fallback
// when the field is missing, null or of another type, so an unexpected answer never throws.
// Used wherever the functions and the state engine map a description onto their own values.
// Pure functions; thread-safe.
#ifndef KINESISCTL_FUNCTIONS_JSON_FIELDS_H_
#define KINESISCTL_FUNCTIONS_JSON_FIELDS_H_

#include <string>

#include "kinesis/kinesis_client.h"

namespace kinesisctl::admin {

// The string at `key`, or `fallback` when it is missing, null or not a string.
inline std::string Text(const kinesis::Json& obj, const char* key,
                        const std::string& fallback = "") {
  if (!obj.is_object()) return fallback;
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// The object at `key`, or an empty object when it is missing or not an object.
inline const kinesis::Json& Member(const kinesis::Json& obj, const char* key) {
  static const kinesis::Json kEmpty = kinesis::Json::object();
  if (!obj.is_object()) return kEmpty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? *it : kEmpty;
}

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_JSON_FIELDS_H_
