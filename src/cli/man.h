// Generators of the command line's reference documents from the function descriptor table, so
// that `--help`, the man page, shell completion and docs/reference.md never disagree: the
// kinesisctl(1) man page in roff (`kinesisctl --man`), a bash completion script
// (`kinesisctl --bash-completion`) and the Markdown function reference
// (`kinesisctl --markdown-reference`). These flags are hidden; the build runs them. Pure
// functions; thread-safe.
#ifndef KINESISCTL_CLI_MAN_H_
#define KINESISCTL_CLI_MAN_H_

#include <string>

namespace kinesisctl::cli {

std::string ManPage();
std::string BashCompletion();
std::string MarkdownReference();

}  // namespace kinesisctl::cli

#endif  // KINESISCTL_CLI_MAN_H_
