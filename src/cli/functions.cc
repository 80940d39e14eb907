#include "cli/functions.h"

#include <algorithm>

namespace kinesisctl::cli {

const Json& Args::Value(const std::string& name) const {
  static const Json kNull;
  auto it = values_.find(name);
  return it == values_.end() ? kNull : it->second;
}

std::string Args::String(const std::string& name, const std::string& fallback) const {
  const Json& v = Value(name);
  return v.is_string() ? v.get<std::string>() : fallback;
}

std::optional<int64_t> Args::Int(const std::string& name) const {
  const Json& v = Value(name);
  if (v.is_number_integer()) return v.get<int64_t>();
  return std::nullopt;
}

bool Args::Bool(const std::string& name, bool fallback) const {
  const Json& v = Value(name);
  return v.is_boolean() ? v.get<bool>() : fallback;
}

double Args::Number(const std::string& name, double fallback) const {
  const Json& v = Value(name);
  return v.is_number() ? v.get<double>() : fallback;
}

std::vector<std::string> Args::StringList(const std::string& name) const {
  std::vector<std::string> out;
  const Json& v = Value(name);
  if (v.is_array()) {
    for (const auto& item : v)
      out.push_back(item.is_string() ? item.get<std::string>() : item.dump());
  }
  return out;
}

std::map<std::string, std::string> Args::StringMap(const std::string& name) const {
  std::map<std::string, std::string> out;
  const Json& v = Value(name);
  if (v.is_object()) {
    for (const auto& [k, item] : v.items()) {
      out[k] = item.is_string() ? item.get<std::string>() : item.dump();
    }
  }
  return out;
}

// The groups of the table. To add a group: declare it in functions.h, define it in its own
// file, and list it here.
const std::vector<const FunctionSpec*>& AllFunctions() {
  static const std::vector<const FunctionSpec*>* all = [] {
    auto* out = new std::vector<const FunctionSpec*>();
    for (const auto* group : {&ModuleFunctions(), &StateFunctions(), &RecordFunctions()}) {
      for (const FunctionSpec& spec : *group) out->push_back(&spec);
    }
    return out;
  }();
  return *all;
}

const FunctionSpec* FindFunction(std::string_view name) {
  constexpr std::string_view kPrefix = "boto_kinesis.";
  if (name.substr(0, kPrefix.size()) == kPrefix) name.remove_prefix(kPrefix.size());
  for (const FunctionSpec* spec : AllFunctions()) {
    if (spec->name == name) return spec;
  }
  return nullptr;
}

std::vector<ParamSpec> AllParams(const FunctionSpec& spec) {
  std::vector<ParamSpec> out = spec.params;
  if (!spec.takes_connection) return out;
  out.push_back({"region", ArgType::kString, false, "", "AWS region (default us-east-1)"});
  out.push_back({"key", ArgType::kString, false, "", "AWS secret access key"});
  out.push_back({"keyid", ArgType::kString, false, "", "AWS access key id"});
  out.push_back({"profile", ArgType::kAny, false, "",
                 "a profile name (config file, else AWS shared files) or a mapping {keyid: ..., "
                 "key: ..., region: ..., endpoint: ..., token: ...}"});
  out.push_back({"token", ArgType::kString, false, "", "AWS session token", true});
  out.push_back(
      {"endpoint", ArgType::kString, false, "", "endpoint URL, e.g. http://127.0.0.1:4567", true});
  // Functions that wait have a `timeout` of their own (the wait's); the others take the call's.
  const bool own_timeout = std::any_of(spec.params.begin(), spec.params.end(),
                                       [](const ParamSpec& p) { return p.name == "timeout"; });
  if (!own_timeout) {
    out.push_back(
        {"timeout", ArgType::kNumber, false, "120",
         "seconds the call may take, retries included (functions that wait have their own "
         "timeout; also kinesis.timeout)",
         true});
  }
  out.push_back({"connect_timeout", ArgType::kNumber, false, "3",
                 "seconds connecting to the endpoint may take (also kinesis.connect_timeout)",
                 true});
  return out;
}

int DefaultExitStatus(const Result& result) {
  if (!result.is_object()) return 1;
  if (result.contains("error")) return 1;
  auto it = result.find("result");
  if (it != result.end() && it->is_boolean() && !it->get<bool>()) return 1;
  return 0;
}

}  // namespace kinesisctl::cli
