// The text of `kinesisctl --version`: the tool's version, then one line per library it links
// with that library's version (libcurl, OpenSSL and SQLite as reported at run time by the shared
// libraries actually loaded; yaml-cpp, nlohmann_json and Boost as compiled in). Pure function;
// thread-safe.
#ifndef KINESISCTL_CLI_VERSION_H_
#define KINESISCTL_CLI_VERSION_H_

#include <string>

namespace kinesisctl::cli {

std::string VersionText();

}  // namespace kinesisctl::cli

#endif  // KINESISCTL_CLI_VERSION_H_
