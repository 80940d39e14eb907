// The table of function descriptors behind the `kinesisctl` command line: one FunctionSpec per
// function (name, one-line summary, parameters with type, requiredness, default and help, an
// example, and the handler that calls the library). Argument binding and typing, `--help`,
// `FUNCTION --help` and the exit status are all generated from this data, and so will the man
// page and shell completion be. Each area contributes a group of entries (a function returning a
// vector of FunctionSpec, listed once in functions.cc); adding a function never touches the
// dispatch code. The table is immutable after first use; thread-safe.
#ifndef KINESISCTL_CLI_FUNCTIONS_H_
#define KINESISCTL_CLI_FUNCTIONS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kinesisctl/boto_kinesis.h"
#include "kinesisctl/connection.h"

namespace kinesisctl::cli {

using Json = nlohmann::ordered_json;

// How a parameter's text is typed (after Salt's YAML typing of the word).
enum class ArgType {
  kString,      // any scalar, kept as the text given (a stream named 123 stays "123")
  kInt,         // a YAML integer, e.g. 4; anything else is a usage error
  kBool,        // True/False (and YAML 1.1's yes/no/on/off)
  kNumber,      // seconds: an integer or a decimal, e.g. 1800 or 0.5, of at most 10^9
  kStringList,  // a YAML sequence of scalars, e.g. ["IncomingBytes", "OutgoingBytes"]; a
                // single scalar becomes a one-item list
  kStringMap,   // a YAML mapping of scalars, e.g. {team: data}
  kHashKey,     // the text exactly as given (never a number), validated by the function
  kAny,         // the typed YAML value as JSON (a scalar, a sequence or a mapping)
};

struct ParamSpec {
  std::string name;
  ArgType type = ArgType::kString;
  bool required = false;
  std::string default_text;  // shown by --help; empty: none
  std::string help;
  // New beyond Salt: bound by NAME=VALUE only, so positional order stays Salt's.
  bool keyword_only = false;
};

// The bound and typed arguments of one call, plus the connection they name.
class Args {
 public:
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The typed value (see ArgType); a null JSON value when absent.
  const Json& Value(const std::string& name) const;
  std::string String(const std::string& name, const std::string& fallback = "") const;
  std::optional<int64_t> Int(const std::string& name) const;
  bool Bool(const std::string& name, bool fallback) const;
  double Number(const std::string& name, double fallback) const;
  std::vector<std::string> StringList(const std::string& name) const;
  std::map<std::string, std::string> StringMap(const std::string& name) const;
  const ConnectionParams& connection() const { return connection_; }

  void Set(const std::string& name, Json value) { values_[name] = std::move(value); }
  ConnectionParams& mutable_connection() { return connection_; }

 private:
  std::map<std::string, Json> values_;
  ConnectionParams connection_;
};

struct FunctionSpec {
  std::string name;
  std::string group;        // heading in `kinesisctl --help`, e.g. "Salt's boto_kinesis module"
  std::string summary;      // one line
  std::string description;  // a paragraph for FUNCTION --help; may be empty
  // The function's own parameters in Salt's order. The connection parameters (region, key,
  // keyid, profile positional after these; token, endpoint by name) are added automatically.
  std::vector<ParamSpec> params;
  std::vector<std::string> examples;  // command lines without the leading "kinesisctl "
  Result (*handler)(const Args& args) = nullptr;
  // Optional check across arguments; returns a usage error message, or "" when fine.
  std::string (*validate)(const Args& args) = nullptr;
  // Optional exit status of a result; default: 1 when it has "error" or "result" is false.
  int (*exit_status)(const Result& result) = nullptr;
  bool takes_connection = true;
  // Optional text rendering of a result for the default (YAML) output, e.g. Salt's state
  // output for `apply`; empty text falls back to YAML.
  std::string (*render_text)(const Result& result) = nullptr;
  // The handler wrote its own output to stdout as it went (JSON lines, e.g. tail): the result is
  // not printed, only its error (on stderr).
  bool streams_output = false;
};

// Groups of entries, one per area; functions.cc concatenates them in this order.
const std::vector<FunctionSpec>& ModuleFunctions();  // Salt's module + describe/list_shards
const std::vector<FunctionSpec>& StateFunctions();   // present/absent/apply + beyond Salt
const std::vector<FunctionSpec>& RecordFunctions();  // put, get, tail, consumers

// Every function, in `--help` order.
const std::vector<const FunctionSpec*>& AllFunctions();

// By name, with or without the "boto_kinesis." prefix; nullptr when unknown.
const FunctionSpec* FindFunction(std::string_view name);

// The parameters a call binds: the function's own, then the connection parameters.
std::vector<ParamSpec> AllParams(const FunctionSpec& spec);

// The generic exit status: 1 when the result has "error" or its "result" is false, else 0.
int DefaultExitStatus(const Result& result);

}  // namespace kinesisctl::cli

#endif  // KINESISCTL_CLI_FUNCTIONS_H_
