#include "cli/cli.h"

#include <ostream>

#include "cli/output.h"
#include "kinesisctl/boto_kinesis.h"
#include "server/serve_main.h"

namespace kinesisctl::cli {
namespace {

constexpr char kUsage[] =
    "usage: kinesisctl [--out yaml|json] [--config FILE] [-l LEVEL] FUNCTION [ARG ...] "
    "[KEY=VALUE ...]\n"
    "       kinesisctl --help | --version | FUNCTION --help\n\n"
    "Administer Amazon Kinesis Data Streams, with the functions of Salt's boto_kinesis.\n\n"
    "Functions:\n"
    "  long_int HASH_KEY   the hash key as an exact 128-bit integer\n";

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  OutputFormat format = OutputFormat::kYaml;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out << kUsage;
      return 0;
    }
    if (a == "--version") {
      out << "kinesisctl " << KINESISCTL_VERSION << "\n";
      return 0;
    }
    if (a == "--out" && i + 1 < args.size()) {
      const std::string& f = args[++i];
      if (f != "yaml" && f != "json") {
        err << "kinesisctl: --out must be yaml or json, not '" << f << "'\n";
        return 2;
      }
      format = f == "json" ? OutputFormat::kJson : OutputFormat::kYaml;
      continue;
    }
    if (!a.empty() && a[0] == '-') {
      err << "kinesisctl: unknown flag '" << a << "'\n" << kUsage;
      return 2;
    }
    break;
  }
  if (i == args.size()) {
    err << kUsage;
    return 2;
  }
  if (args[i] == "serve") {
    return server::RunServe(std::vector<std::string>(args.begin() + i + 1, args.end()), out, err);
  }
  std::string function = args[i];
  if (function.rfind("boto_kinesis.", 0) == 0) function = function.substr(13);
  if (function == "long_int") {
    if (i + 2 != args.size()) {
      err << "kinesisctl long_int: expected exactly one argument, HASH_KEY\n";
      return 2;
    }
    const Result result = long_int(args[i + 1]);
    out << Render(result, format);
    if (result.contains("error")) {
      err << "kinesisctl long_int: " << result["error"].get<std::string>() << "\n";
      return 1;
    }
    return 0;
  }
  err << "kinesisctl: unknown function '" << function << "'\n" << kUsage;
  return 2;
}

}  // namespace kinesisctl::cli
