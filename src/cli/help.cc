#include "cli/help.h"

#include <algorithm>
#include <cctype>

namespace kinesisctl::cli {

const char* ArgTypeName(ArgType t) {
  switch (t) {
    case ArgType::kString:
      return "string";
    case ArgType::kInt:
      return "integer";
    case ArgType::kBool:
      return "True|False";
    case ArgType::kNumber:
      return "number";
    case ArgType::kStringList:
      return "list";
    case ArgType::kStringMap:
      return "mapping";
    case ArgType::kHashKey:
      return "hash key";
    case ArgType::kAny:
      return "value";
  }
  return "value";
}

namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s + "  " : s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string UsageLine() {
  return "usage: kinesisctl [--out yaml|json] [--config FILE] [-l error|warning|info|debug] "
         "FUNCTION [ARG ...] [KEY=VALUE ...]\n"
         "       kinesisctl serve [flags]\n"
         "       kinesisctl --help | --version | FUNCTION --help\n";
}

std::string MainHelp() {
  std::string out = UsageLine();
  out +=
      "\nAdminister Amazon Kinesis Data Streams with the functions of Salt's boto_kinesis "
      "module,\ncalled Salt's way: `salt myminion boto_kinesis.create_stream my_stream 4` becomes\n"
      "`kinesisctl create_stream my_stream 4`. Values are typed as YAML (4, True, [a, b], "
      "{k: v}).\nEvery function takes region=, key=, keyid=, profile=, token=, endpoint=,\n"
      "connect_timeout= (default 3 s) and, unless it waits, timeout= (default 120 s).\n";
  std::string group;
  for (const FunctionSpec* spec : AllFunctions()) {
    if (spec->group != group) {
      group = spec->group;
      out += "\n" + group + ":\n";
    }
    out += "  " + Pad(spec->name, 34) + spec->summary + "\n";
  }
  out +=
      "\nOutput: the result on stdout (YAML, or JSON with --out json); logs on stderr.\n"
      "Exit status: 0 success; 1 an error, exists False or reshard False; 2 usage error.\n"
      "`kinesisctl FUNCTION --help` shows a function's arguments and an example.\n";
  return out;
}

std::string FunctionUsage(const FunctionSpec& spec) {
  std::string usage = "kinesisctl " + spec.name;
  std::string optional;
  for (const ParamSpec& p : spec.params) {
    if (p.keyword_only) continue;
    if (p.required) {
      usage.append(" ").append(Upper(p.name));  // not " " + ...: GCC 12 -O3 -Wrestrict
    } else {
      if (!optional.empty()) optional.push_back(' ');
      optional += Upper(p.name);
    }
  }
  if (spec.takes_connection)
    optional += optional.empty() ? "REGION KEY KEYID PROFILE" : " REGION KEY KEYID PROFILE";
  if (!optional.empty()) usage += " [" + optional + "]";
  return usage + " [KEY=VALUE ...]";
}

std::string FunctionHelp(const FunctionSpec& spec) {
  std::string out = "usage: " + FunctionUsage(spec) + "\n\n" + spec.summary + ".\n";
  if (!spec.description.empty()) out += spec.description + "\n";
  out += "\nArguments (positional in this order, or NAME=VALUE):\n";
  for (const ParamSpec& p : AllParams(spec)) {
    std::string line = "  " + Pad(p.name, 18) + Pad(ArgTypeName(p.type), 12);
    std::string notes = p.help;
    if (p.required) notes += " (required)";
    if (!p.default_text.empty()) notes += " (default " + p.default_text + ")";
    if (p.keyword_only) notes += " (NAME=VALUE only)";
    out += line + notes + "\n";
  }
  out += "\nExample" + std::string(spec.examples.size() > 1 ? "s" : "") + ":\n";
  for (const std::string& e : spec.examples) out += "  kinesisctl " + e + "\n";
  return out;
}

}  // namespace kinesisctl::cli
