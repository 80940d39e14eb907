// The AWS shared files: the credentials file (AWS_SHARED_CREDENTIALS_FILE, default
// ~/.aws/credentials, sections `[name]`) and the config file (AWS_CONFIG_FILE, default
// ~/.aws/config, sections `[profile name]` and `[default]`). FindAwsProfile merges one profile
// from both, the credentials file winning on conflicts, as botocore does. Reads the files on
// every call; thread-safe when the Environment is.
#ifndef KINESISCTL_AWS_AWS_SHARED_FILES_H_
#define KINESISCTL_AWS_AWS_SHARED_FILES_H_

#include <optional>
#include <string>

#include "aws/environment.h"
#include "kinesisctl/status.h"
#include "signing/ini_file.h"

namespace kinesisctl::aws {

std::string AwsCredentialsFilePath(const Environment& env);
std::string AwsConfigFilePath(const Environment& env);

// AWS_PROFILE, else AWS_DEFAULT_PROFILE, else nullopt (meaning "default").
std::optional<std::string> AwsProfileFromEnvironment(const Environment& env);

// The merged keys of profile `name`; nullopt when neither file has it; an error when a file
// cannot be read or parsed.
StatusOr<std::optional<IniSection>> FindAwsProfile(const Environment& env, const std::string& name);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_AWS_SHARED_FILES_H_
