#include "server/validation/schema.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "server/validation/echo.h"
#include "server/validation/patterns.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;

Status SerializationError(std::string message) {
  return Status("SerializationException", std::move(message), 400);
}

const char* JavaTypeName(FieldType t) {
  switch (t) {
    case FieldType::kInteger:
      return "Integer";
    case FieldType::kLong:
      return "Long";
    case FieldType::kBoolean:
      return "Boolean";
    default:
      return "String";
  }
}

constexpr char kBigNumber[] = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";

// Length in bytes of the data a valid base64 text decodes to.
int64_t Base64DecodedLength(const std::string& s) {
  int64_t pad = 0;
  if (!s.empty() && s.back() == '=') ++pad;
  if (s.size() > 1 && s[s.size() - 2] == '=') ++pad;
  return static_cast<int64_t>(s.size() / 4 * 3) - pad;
}

Status CheckBlob(const std::string& s) {
  if (s.size() % 4 != 0) {
    return SerializationError("'" + Echo(s) +
                              "' can not be converted to a Blob: Base64 encoded length is "
                              "expected a multiple of 4 bytes but found: " +
                              std::to_string(s.size()));
  }
  if (const size_t bad = FirstBadBase64Char(s); bad != std::string_view::npos) {
    return SerializationError("'" + Echo(s) +
                              "' can not be converted to a Blob: Invalid Base64 "
                              "character: '" +
                              std::string(1, s[bad]) + "'");
  }
  return OkStatus();
}

Status CheckType(json& v, FieldType type, const Field* field);

// Numbers for Integer and Long members become whole numbers as Coral reads them: fractions
// dropped, Integer capped at 2^31-1, everything kept inside the 64-bit range.
json ToInteger(const json& v, FieldType type) {
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    return static_cast<int64_t>(
        std::min<uint64_t>(u, type == FieldType::kInteger ? 2147483647ULL : INT64_MAX));
  }
  double d =
      v.is_number_float() ? std::floor(v.get<double>()) : static_cast<double>(v.get<int64_t>());
  const double hi = type == FieldType::kInteger ? 2147483647.0 : 9.2e18;
  const double lo = type == FieldType::kInteger ? -2147483648.0 : -9.2e18;
  d = std::max(lo, std::min(hi, d));
  return static_cast<int64_t>(d);
}

Status CheckMembers(json& object, const std::vector<Field>& members) {
  for (const Field& f : members) {
    auto it = object.find(f.name);
    if (it == object.end() || it->is_null()) continue;
    KINESISCTL_RETURN_IF_ERROR(CheckType(*it, f.type, &f));
  }
  return OkStatus();
}

Status CheckType(json& v, FieldType type, const Field* field) {
  const bool list = v.is_array(), object = v.is_object();
  switch (type) {
    case FieldType::kBoolean:
      if (v.is_number())
        return SerializationError(std::string(kBigNumber) + " can not be converted to an Boolean");
      if (v.is_string()) {
        std::string upper = v.get<std::string>();
        std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
        return SerializationError("'" + upper + "' can not be converted to an Boolean");
      }
      break;
    case FieldType::kInteger:
    case FieldType::kLong:
      if (v.is_boolean())
        return SerializationError(
            std::string("class java.lang.Boolean can not be converted to an ") +
            JavaTypeName(type));
      if (v.is_string())
        return SerializationError(
            std::string("class java.lang.String can not be converted to an ") + JavaTypeName(type));
      if (v.is_number()) v = ToInteger(v, type);
      break;
    case FieldType::kString:
      if (v.is_boolean())
        return SerializationError("class java.lang.Boolean can not be converted to an String");
      if (v.is_number())
        return SerializationError(std::string(kBigNumber) + " can not be converted to an String");
      break;
    case FieldType::kTimestamp:
      if (v.is_boolean())
        return SerializationError(
            "class java.lang.Boolean can not be converted to milliseconds since epoch");
      if (v.is_string())
        return SerializationError(
            "class java.lang.String can not be converted to milliseconds since epoch");
      break;
    case FieldType::kBlob:
      if (v.is_boolean())
        return SerializationError("class java.lang.Boolean can not be converted to a Blob");
      if (v.is_number())
        return SerializationError(std::string(kBigNumber) + " can not be converted to a Blob");
      if (v.is_string()) return CheckBlob(v.get_ref<const std::string&>());
      break;
    case FieldType::kList:
      if (!list && !object) return SerializationError("Expected list or null");
      if (object) return SerializationError("Start of structure or map found where not expected.");
      for (json& m : v) {
        if (m.is_null()) continue;
        KINESISCTL_RETURN_IF_ERROR(CheckType(m,
                                             field && !field->members.empty()
                                                 ? FieldType::kStructure
                                             : field ? field->member_type
                                                     : FieldType::kString,
                                             field));
      }
      return OkStatus();
    case FieldType::kMap:
      if (!list && !object) return SerializationError("Expected map or null");
      if (list) return SerializationError("Start of list found where not expected");
      for (auto& [k, m] : v.items()) {
        if (!m.is_null())
          KINESISCTL_RETURN_IF_ERROR(
              CheckType(m, field ? field->member_type : FieldType::kString, nullptr));
      }
      return OkStatus();
    case FieldType::kStructure:
      if (!list && !object) return SerializationError("Expected null");
      if (list) return SerializationError("Start of list found where not expected");
      return field ? CheckMembers(v, field->members) : OkStatus();
  }
  if (list) return SerializationError("Start of list found where not expected");
  if (object) return SerializationError("Start of structure or map found where not expected.");
  return OkStatus();
}

// Characters as Java counts them (UTF-16 code units).
int64_t JavaLength(const std::string& s) {
  int64_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) n += (c >= 0xF0) ? 2 : 1;
  }
  return n;
}

std::string Scalar(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::floor(d) == d && std::fabs(d) < 9e15) return std::to_string(static_cast<int64_t>(d));
  }
  return v.dump();
}

std::string ValueText(const Field& f, const json& v) {
  if (v.is_null()) return "null";
  std::string text;
  if (f.type == FieldType::kBlob) {
    const auto len = std::to_string(Base64DecodedLength(v.get<std::string>()));
    text = "java.nio.HeapByteBuffer[pos=0 lim=" + len + " cap=" + len + "]";
  } else if (v.is_array()) {
    for (const json& m : v) {
      text += (text.empty() ? "" : ", ") + (f.member_text.empty() ? Scalar(m) : f.member_text);
    }
    text = "[" + text + "]";
  } else if (v.is_object()) {
    for (const auto& [k, m] : v.items()) {
      text += (text.empty() ? "" : ", ") + k + "=" + Scalar(m);
    }
    text = "{" + text + "}";
  } else {
    text = Scalar(v);
  }
  return "'" + Echo(text) + "'";
}

// Appends a member name as AWS writes it in a path: first letter lower case.
void AppendLowerFirst(std::string& out, const std::string& name) {
  if (name.empty()) return;
  out += static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  out.append(name, 1);
}

std::string LengthsText(std::pair<int, int> b) {
  return "[Member must have length less than or equal to " + std::to_string(b.second) +
         ", Member must have length greater than or equal to " + std::to_string(b.first) + "]";
}

class Checker {
 public:
  // `path` is the member path so far ("records.3.member."); it is extended in place while a
  // member is checked and restored afterwards, so a large request costs no path strings.
  void Members(const std::vector<Field>& fields, const json& object, std::string& path) {
    static const json kNull;
    const size_t base = path.size();
    for (const Field& f : fields) {
      auto it = object.is_object() ? object.find(f.name) : object.end();
      AppendLowerFirst(path, f.name);
      One(f, it == object.end() ? kNull : *it, path);
      path.resize(base);
    }
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  void Fail(const Field& f, const json& v, const std::string& path, const std::string& what) {
    if (errors_.size() >= 10) return;
    errors_.push_back("Value " + ValueText(f, v) + " at '" + path +
                      "' failed to satisfy constraint: " + what);
  }

  int64_t Integer(const json& v) {
    if (v.is_number_integer()) return v.get<int64_t>();
    // Clamped before the conversion: a Timestamp of 1e20 must not overflow it.
    return static_cast<int64_t>(std::max(-9.2e18, std::min(9.2e18, std::floor(v.get<double>()))));
  }

  int64_t Length(const Field& f, const json& v) {
    if (f.type == FieldType::kBlob) return Base64DecodedLength(v.get_ref<const std::string&>());
    if (v.is_string()) return JavaLength(v.get_ref<const std::string&>());
    return static_cast<int64_t>(v.size());
  }

  void One(const Field& f, const json& v, std::string& path) {
    if (v.is_null()) {
      if (f.not_null) Fail(f, v, path, "Member must not be null");
      return;
    }
    if (v.is_number()) {
      const int64_t n = Integer(v);
      if (f.min_value && n < *f.min_value) {
        Fail(f, v, path,
             "Member must have value greater than or equal to " + std::to_string(*f.min_value));
      }
      if (f.max_value && n > *f.max_value) {
        Fail(f, v, path,
             "Member must have value less than or equal to " + std::to_string(*f.max_value));
      }
    }
    if (!f.pattern.empty() && v.is_string() &&
        !MatchesPattern(f.pattern, v.get_ref<const std::string&>())) {
      Fail(f, v, path, "Member must satisfy regular expression pattern: " + f.pattern);
    }
    const int64_t length = f.min_length || f.max_length ? Length(f, v) : 0;
    if (f.min_length && length < *f.min_length) {
      Fail(f, v, path,
           "Member must have length greater than or equal to " + std::to_string(*f.min_length));
    }
    if (f.max_length && length > *f.max_length) {
      Fail(f, v, path,
           "Member must have length less than or equal to " + std::to_string(*f.max_length));
    }
    if (!f.enum_values.empty()) {
      std::string set;
      for (const auto& e : f.enum_values) set += (set.empty() ? "" : ", ") + e;
      auto in_set = [&](const json& x) {
        return x.is_string() && std::find(f.enum_values.begin(), f.enum_values.end(),
                                          x.get<std::string>()) != f.enum_values.end();
      };
      if (v.is_array()) {
        if (!std::all_of(v.begin(), v.end(), in_set)) {
          Fail(f, v, path,
               "Member must satisfy constraint: [Member must satisfy enum value set: [" + set +
                   "]]");
        }
      } else if (!in_set(v)) {
        Fail(f, v, path, "Member must satisfy enum value set: [" + set + "]");
      }
    }
    if (f.member_lengths && v.is_array()) {
      // Plain variables, not a structured binding: clang 14 (the fuzz build) cannot capture one.
      const auto lo = f.member_lengths->first, hi = f.member_lengths->second;
      if (!std::all_of(v.begin(), v.end(), [&](const json& m) {
            const int64_t n = m.is_string() ? JavaLength(m.get<std::string>()) : 0;
            return n >= lo && n <= hi;
          })) {
        Fail(f, v, path, "Member must satisfy constraint: " + LengthsText(*f.member_lengths));
      }
    }
    if (v.is_object() && (f.key_lengths || f.value_lengths)) {
      bool keys_ok = true, values_ok = true;
      for (const auto& [k, m] : v.items()) {
        const int64_t kn = JavaLength(k);
        const int64_t vn = m.is_string() ? JavaLength(m.get<std::string>()) : 0;
        if (f.key_lengths && (kn < f.key_lengths->first || kn > f.key_lengths->second))
          keys_ok = false;
        if (f.value_lengths && (vn < f.value_lengths->first || vn > f.value_lengths->second))
          values_ok = false;
      }
      if (!keys_ok)
        Fail(f, v, path, "Map keys must satisfy constraint: " + LengthsText(*f.key_lengths));
      if (!values_ok)
        Fail(f, v, path, "Map value must satisfy constraint: " + LengthsText(*f.value_lengths));
    }
    if (!f.members.empty()) {
      if (f.type == FieldType::kList) {
        const size_t base = path.size();
        for (size_t i = 0; i < v.size(); ++i) {
          path.append(".").append(std::to_string(i + 1)).append(".member.");
          Members(f.members, v[i], path);
          path.resize(base);
        }
      } else if (f.type == FieldType::kStructure) {
        path += ".";
        Members(f.members, v, path);
        path.pop_back();
      }
    }
  }

  std::vector<std::string> errors_;
};

}  // namespace

Status Validate(const Schema& schema, json& body) {
  if (!body.is_object()) return SerializationError("Start of list found where not expected");
  KINESISCTL_RETURN_IF_ERROR(CheckMembers(body, schema));
  Checker checker;
  std::string path;
  checker.Members(schema, body, path);
  const auto& errors = checker.errors();
  if (errors.empty()) return OkStatus();
  std::string message = std::to_string(errors.size()) + " validation error" +
                        (errors.size() > 1 ? "s" : "") + " detected: ";
  for (size_t i = 0; i < errors.size(); ++i) message += (i ? "; " : "") + errors[i];
  return Status("ValidationException", message, 400);
}

Field StreamNameField(bool required, const std::string& name) {
  Field f{.name = name, .type = FieldType::kString, .not_null = required};
  f.pattern = kNamePattern;
  f.min_length = 1;
  f.max_length = 128;
  return f;
}

Field StreamArnField(bool required) {
  Field f{.name = "StreamARN", .type = FieldType::kString, .not_null = required};
  f.pattern = kArnPattern;
  f.min_length = 1;
  f.max_length = 2048;
  return f;
}

Field StreamIdField() {
  Field f{.name = "StreamId", .type = FieldType::kString};
  f.pattern = kStreamIdPattern;
  f.min_length = 1;
  f.max_length = 24;
  return f;
}

Field MaxRecordSizeField(bool required) {
  Field f{.name = "MaxRecordSizeInKiB", .type = FieldType::kInteger, .not_null = required};
  f.min_value = 1024;
  f.max_value = 10240;
  return f;
}

Field ShardIdField(const std::string& name, bool required) {
  return StreamNameField(required, name);
}

Field HashKeyField(const std::string& name, bool required) {
  Field f{.name = name, .type = FieldType::kString, .not_null = required};
  f.pattern = kHashKeyPattern;
  return f;
}

}  // namespace kinesisctl::server
