// A parser for the INI dialect of the AWS shared credentials and config files: `[section]`
// headers, `key = value` (or `key: value`) lines, full-line comments starting with '#' or ';',
// and indented continuation lines, which belong to the previous key (the nested `s3 =` style
// sub-sections). Key names are case-insensitive (stored lower-case), as in botocore; section
// names are kept as written. Pure functions; thread-safe.
#ifndef KINESISCTL_SIGNING_INI_FILE_H_
#define KINESISCTL_SIGNING_INI_FILE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kinesisctl/status.h"

namespace kinesisctl::aws {

using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>;

// Fails on a line that is neither a section, a key, a comment nor a continuation; the message
// names `source` and the line number.
StatusOr<IniFile> ParseIni(std::string_view text, std::string_view source);

// The parsed file, nullopt when it does not exist, an error when it cannot be read or parsed.
StatusOr<std::optional<IniFile>> LoadIniFile(const std::string& path);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_SIGNING_INI_FILE_H_
