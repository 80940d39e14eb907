// Declarative request validation: each action lists its input members with their type and AWS's
// constraints (Smithy's required/min/max/length/pattern/enum), and Validate() answers as AWS's
// Coral front end does: a wrong JSON type is a SerializationException ("class java.lang.String
// can not be converted to an Integer"); broken constraints are one ValidationException "N
// validation error(s) detected: Value '...' at 'member' failed to satisfy constraint: ...",
// listing up to 10 problems in member order. Pure functions over immutable schemas; thread-safe.
#ifndef KINESISCTL_SERVER_VALIDATION_SCHEMA_H_
#define KINESISCTL_SERVER_VALIDATION_SCHEMA_H_

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kinesisctl/status.h"

namespace kinesisctl::server {

enum class FieldType {
  kString,
  kInteger,
  kLong,
  kBoolean,
  kTimestamp,
  kBlob,
  kList,
  kMap,
  kStructure
};

struct Field {
  std::string name;  // JSON member name, e.g. "StreamName"
  FieldType type = FieldType::kString;
  bool not_null = false;
  std::optional<int64_t> min_value;
  std::optional<int64_t> max_value;
  std::string pattern;  // full-match regular expression, as printed in the message
  std::optional<int64_t> min_length;
  std::optional<int64_t> max_length;
  std::vector<std::string> enum_values;
  // Lists of strings / maps of strings: bounds on each member's (key's, value's) length.
  std::optional<std::pair<int, int>> member_lengths;
  std::optional<std::pair<int, int>> key_lengths;
  std::optional<std::pair<int, int>> value_lengths;
  FieldType member_type = FieldType::kString;  // for kList and kMap
  std::vector<Field> members;                  // for kStructure, or a kList of structures
  std::string member_text;                     // how a list shows its structure members in messages
};

using Schema = std::vector<Field>;

// Checks `body` (a JSON object) against `schema`. OK, or a SerializationException or
// ValidationException Status with AWS's message. Integer and Long members are normalised in
// place to whole 64-bit numbers (Integer capped at 2^31-1), as AWS reads them.
Status Validate(const Schema& schema, nlohmann::json& body);

// Reusable fields.
Field StreamNameField(bool required = false, const std::string& name = "StreamName");
Field StreamArnField(bool required = false);
// StreamId ("Not Implemented. Reserved for future use."): validated, then ignored.
Field StreamIdField();
// MaxRecordSizeInKiB: an Integer from 1,024 to 10,240.
Field MaxRecordSizeField(bool required);
Field ShardIdField(const std::string& name, bool required);
Field HashKeyField(const std::string& name, bool required);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_VALIDATION_SCHEMA_H_
