#include "cli/cli.h"

#include <exception>
#include <fstream>
#include <optional>
#include <ostream>

#include "cli/args.h"
#include "cli/functions.h"
#include "cli/help.h"
#include "cli/man.h"
#include "cli/output.h"
#include "cli/version.h"
#include "core/log.h"
#include "server/serve_main.h"

namespace kinesisctl::cli {
namespace {

// The last net under every function: arguments are parsed into typed values before the library
// sees them, but should a library exception still escape, it becomes an error result naming it
// instead of an abort.
Result CallHandler(const FunctionSpec& spec, const Args& args) {
  try {
    return spec.handler(args);
  } catch (const std::exception& e) {
    return Json{{"error",
                 {{"Code", "InternalError"},
                  {"Message", spec.name + " failed unexpectedly: " + std::string(e.what())}}},
                {"result", nullptr}};
  }
}

struct GlobalFlags {
  OutputFormat format = OutputFormat::kYaml;
  std::optional<std::string> config;
  std::optional<LogLevel> level;
  bool help = false;
};

// Parses one global flag at args[i] (advancing i past its value). Returns "" when handled,
// "-" when args[i] is not a global flag, else a usage error message.
std::string ParseGlobalFlag(const std::vector<std::string>& args, size_t& i, GlobalFlags& flags) {
  const std::string& a = args[i];
  auto value = [&](const std::string& flag, std::string& out) -> bool {
    if (a == flag) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    }
    out = a.substr(flag.size() + 1);
    return true;
  };
  auto is = [&](const std::string& flag) { return a == flag || a.rfind(flag + "=", 0) == 0; };
  std::string v;
  if (a == "--help" || a == "-h") {
    flags.help = true;
    return "";
  }
  if (is("--out")) {
    if (!value("--out", v)) return "--out needs a value: yaml or json";
    if (v != "yaml" && v != "json") return "--out must be yaml or json, not '" + v + "'";
    flags.format = v == "json" ? OutputFormat::kJson : OutputFormat::kYaml;
    return "";
  }
  if (is("--config")) {
    if (!value("--config", v)) return "--config needs a file";
    flags.config = v;
    return "";
  }
  if (is("-l") || is("--log-level")) {
    if (!value(a.rfind("-l", 0) == 0 && a.rfind("--", 0) != 0 ? "-l" : "--log-level", v)) {
      return "-l needs a level: error, warning, info or debug";
    }
    flags.level = ParseLogLevel(v);
    if (!flags.level) return "-l must be error, warning, info or debug, not '" + v + "'";
    return "";
  }
  return "-";
}

// A short explanation of a result's error for stderr.
std::string Explain(const Result& result) {
  if (!result.is_object() || !result.contains("error")) return "";
  const Json& e = result["error"];
  if (e.is_string()) return e.get<std::string>();
  if (e.is_object()) {
    std::string code = e.value("Code", "");
    std::string message = e.value("Message", "");
    return message.empty() ? code : code + ": " + message;
  }
  return e.dump();
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  GlobalFlags flags;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    if (args[i] == "--version") {
      out << VersionText();
      return 0;
    }
    // Hidden: the documents the build generates from the function table.
    if (args[i] == "--man") {
      out << ManPage();
      return 0;
    }
    if (args[i] == "--bash-completion") {
      out << BashCompletion();
      return 0;
    }
    if (args[i] == "--markdown-reference") {
      out << MarkdownReference();
      return 0;
    }
    std::string problem = ParseGlobalFlag(args, i, flags);
    if (problem == "-") {
      if (!args[i].empty() && args[i][0] == '-') {
        err << "kinesisctl: unknown flag '" << args[i] << "'\n" << UsageLine();
        return 2;
      }
      break;
    }
    if (!problem.empty()) {
      err << "kinesisctl: " << problem << "\n";
      return 2;
    }
  }
  if (i == args.size()) {
    if (flags.help) {
      out << MainHelp();
      return 0;
    }
    err << UsageLine();
    return 2;
  }
  if (args[i] == "serve") {
    return server::RunServe(std::vector<std::string>(args.begin() + i + 1, args.end()), out, err);
  }
  const FunctionSpec* spec = FindFunction(args[i]);
  if (!spec) {
    err << "kinesisctl: unknown function '" << args[i] << "' (kinesisctl --help lists them)\n";
    return 2;
  }
  // After the function: its words, and the global flags (exact spellings only, so a value such
  // as -1 stays a value).
  std::vector<std::string> words;
  for (++i; i < args.size(); ++i) {
    std::string problem = ParseGlobalFlag(args, i, flags);
    if (problem == "-") {
      words.push_back(args[i]);
    } else if (!problem.empty()) {
      err << "kinesisctl: " << problem << "\n";
      return 2;
    }
  }
  if (flags.help) {
    out << FunctionHelp(*spec);
    return 0;
  }
  if (flags.level) SetLogLevel(*flags.level);
  if (flags.config) {
    std::ifstream probe(*flags.config);
    if (!probe) {
      err << "kinesisctl: cannot read config file '" << *flags.config << "'\n";
      return 2;
    }
  }
  StatusOr<std::vector<std::string>> joined = JoinFlowWords(words);
  StatusOr<Args> bound = joined.ok() ? BindArgs(*spec, *joined) : joined.status();
  if (bound.ok() && spec->validate) {
    const std::string problem = spec->validate(*bound);
    if (!problem.empty()) bound = InvalidInputError(problem);
  }
  if (!bound.ok()) {
    const std::string& message = bound.status().message();
    err << "kinesisctl " << (message.rfind(spec->name + ": ", 0) == 0 ? "" : spec->name + ": ")
        << message << "\n"
        << "(kinesisctl " << spec->name << " --help shows its arguments)\n";
    return 2;
  }
  if (flags.config) bound->mutable_connection().config_path = flags.config;
  LogDebug("calling " + spec->name);
  const Result result = CallHandler(*spec, *bound);
  const std::string text = spec->render_text && flags.format == OutputFormat::kYaml
                               ? spec->render_text(result)
                               : std::string();
  if (!spec->streams_output) out << (text.empty() ? Render(result, flags.format) : text);
  const std::string why = Explain(result);
  if (!why.empty()) {
    err << "kinesisctl " << spec->name << ": " << why << "\n";
    if (result["error"].is_object() && result["error"].value("Code", "") == "ConfigError") {
      return 2;
    }
  }
  return spec->exit_status ? spec->exit_status(result) : DefaultExitStatus(result);
}

}  // namespace kinesisctl::cli
