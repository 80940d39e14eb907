// Help texts of the command line, generated from the function descriptor table: the overall
// usage with every function grouped by area (`kinesisctl --help`), and one function's usage,
// arguments and examples (`kinesisctl FUNCTION --help`). Pure functions; thread-safe.
#ifndef KINESISCTL_CLI_HELP_H_
#define KINESISCTL_CLI_HELP_H_

#include <string>

#include "cli/functions.h"

namespace kinesisctl::cli {

// The type of a parameter as help shows it, e.g. "integer", "True|False", "list".
const char* ArgTypeName(ArgType type);
// One function's usage without the "usage: " prefix, e.g.
// "kinesisctl create_stream STREAM_NAME [NUM_SHARDS REGION KEY KEYID PROFILE] [KEY=VALUE ...]".
std::string FunctionUsage(const FunctionSpec& spec);

std::string UsageLine();
std::string MainHelp();
std::string FunctionHelp(const FunctionSpec& spec);

}  // namespace kinesisctl::cli

#endif  // KINESISCTL_CLI_HELP_H_
