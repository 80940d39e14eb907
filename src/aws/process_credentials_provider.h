// ProcessCredentialsProvider: the `credential_process` of an AWS profile. The command line is
// split the way botocore does on POSIX (shlex rules: blanks separate words, '...' is literal,
// "..." keeps blanks and honours \\ \" \$ \` escapes, a backslash outside quotes escapes the
// next character) and run without a shell (PATH lookup, stdin /dev/null, in its own process
// group). Its stdout must be the JSON document of the AWS process-credentials format (Version 1,
// AccessKeyId, SecretAccessKey, optional SessionToken and ISO 8601 Expiration). A command that
// fails, cannot start, prints something else or outlives the timeout (its whole process group
// is then killed) is an error naming the profile and the program; the error quotes at most the
// last line of stderr (cut to 200 characters), never stdout. Stateless apart from its
// configuration: thread-safe.
#ifndef KINESISCTL_AWS_PROCESS_CREDENTIALS_PROVIDER_H_
#define KINESISCTL_AWS_PROCESS_CREDENTIALS_PROVIDER_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"
#include "signing/credentials.h"

namespace kinesisctl::aws {

inline constexpr Duration kDefaultCredentialProcessTimeout = std::chrono::seconds(60);

// The words of `command` (shlex.split, POSIX mode, no comments); an error on an unterminated
// quote or a trailing backslash.
StatusOr<std::vector<std::string>> SplitCommandLine(std::string_view command);

struct ProcessOutput {
  int exit_status = 0;  // the exit code, or 128 + signal number
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] looked up in PATH) and collects its output (each stream capped at 1 MiB).
// kTimeout-like error (code kCredentials) when it has not finished after `timeout`.
StatusOr<ProcessOutput> RunProcess(const std::vector<std::string>& argv, Duration timeout);

// Decodes the process-credentials JSON; `where` starts every error message.
StatusOr<Credentials> ParseProcessCredentials(std::string_view json, const std::string& where);

class ProcessCredentialsProvider final : public CredentialsProvider {
 public:
  // `where` names the setting in messages, e.g. "credential_process of AWS profile 'dev'".
  ProcessCredentialsProvider(std::string command, std::string where,
                             Duration timeout = kDefaultCredentialProcessTimeout)
      : command_(std::move(command)), where_(std::move(where)), timeout_(timeout) {}
  StatusOr<std::optional<Credentials>> GetCredentials() override;

 private:
  std::string command_;
  std::string where_;
  Duration timeout_;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_PROCESS_CREDENTIALS_PROVIDER_H_
