// Salt-style argument handling for `kinesisctl FUNCTION ARG... KEY=VALUE...`: joining the words
// of an unquoted YAML flow collection that the shell split apart, typing each value as Salt does
// (by YAML: 4 an integer, True a boolean, [a, b] a list, {k: v} a mapping, anything else a
// string; mapping keys and numbers too large for 64 bits stay strings), and binding positional
// and KEY=VALUE words to a function's parameters (FunctionSpec). Every failure is a usage error
// (InvalidInput) whose message names the problem. Pure functions; thread-safe.
#ifndef KINESISCTL_CLI_ARGS_H_
#define KINESISCTL_CLI_ARGS_H_

#include <string>
#include <string_view>
#include <vector>

#include "cli/functions.h"
#include "kinesisctl/status.h"

namespace kinesisctl::cli {

// Joins a word that opens `[` or `{` (also after KEY=) with the following words, separated by
// single spaces, until the brackets balance (brackets inside quotes do not count).
StatusOr<std::vector<std::string>> JoinFlowWords(const std::vector<std::string>& words);

// The YAML-typed value of one word, as JSON.
StatusOr<Json> TypeWord(std::string_view text);

// An error "WHAT[: WHERE] is not valid UTF-8 text" when a string or key of `value` is not UTF-8
// (e.g. "put_records: argument 'records': item 3 is not valid UTF-8 text"); OK otherwise. Typed
// values pass it before anything reads them, so their dump() never throws.
Status CheckUtf8(const Json& value, const std::string& what);

// Binds `words` (already joined) to the parameters of `spec` (AllParams) and types them; fills
// the connection parameters. Unknown KEY=, too many words, a parameter bound twice, a missing
// required parameter, a value of the wrong type and text that is not UTF-8 are errors.
StatusOr<Args> BindArgs(const FunctionSpec& spec, const std::vector<std::string>& words);

}  // namespace kinesisctl::cli

#endif  // KINESISCTL_CLI_ARGS_H_
