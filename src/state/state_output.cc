// Salt's state output (the highstate outputter's layout, with the nested outputter for changes)
// for `apply`, and its summary line.
#include <sstream>
#include <string>

#include "kinesisctl/state.h"

namespace kinesisctl {
namespace {

using Json = nlohmann::ordered_json;

std::string ScalarText(const Json& v) {
  if (v.is_null()) return "None";
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// Salt's nested outputter: a mapping is a "----------" line then "key:" with the value indented
// four more; a list is "- item" lines; a scalar its text.
void Nested(const Json& v, int indent, std::ostringstream& out) {
  const std::string pad(indent, ' ');
  if (v.is_object()) {
    out << pad << "----------\n";
    for (const auto& [k, item] : v.items()) {
      out << pad << k << ":\n";
      Nested(item, indent + 4, out);
    }
  } else if (v.is_array()) {
    for (const auto& item : v) {
      if (item.is_object() || item.is_array()) {
        out << pad << "-\n";
        Nested(item, indent + 4, out);
      } else {
        out << pad << "- " << ScalarText(item) << "\n";
      }
    }
  } else {
    out << pad << ScalarText(v) << "\n";
  }
}

}  // namespace

std::string FormatStateResult(const StateResult& result, std::string_view function) {
  std::ostringstream out;
  out << "----------\n";
  out << "          ID: " << result.value("name", std::string()) << "\n";
  out << "    Function: boto_kinesis." << function << "\n";
  out << "      Result: " << ScalarText(result.value("result", Json())) << "\n";
  const std::string comment = result.value("comment", std::string());
  out << "     Comment: ";
  for (char c : comment) {
    out << c;
    if (c == '\n') out << "              ";
  }
  out << "\n     Changes:";
  const Json changes = result.value("changes", Json::object());
  if (changes.empty()) {
    out << "\n";
  } else {
    out << "\n";
    Nested(changes, 14, out);
  }
  return out.str();
}

std::string FormatApplySummary(const ApplyOutcome& outcome) {
  return std::to_string(outcome.succeeded) + " succeeded (" + std::to_string(outcome.changed) +
         " changed), " + std::to_string(outcome.failed) + " failed\n";
}

}  // namespace kinesisctl
