// kinesisctl's YAML config file, Salt-minion style (docs/design/credentials.md): flat dotted keys
// `kinesis.key`, `kinesis.keyid`, `kinesis.region`, `kinesis.endpoint` (also accepted nested
// under a `kinesis:` mapping, plus `kinesis.token`, `kinesis.timeout` and
// `kinesis.connect_timeout`, in seconds), and named profiles as top-level mappings
// (`prod: {keyid: ..., key: ..., region: ..., endpoint: ..., token: ..., timeout: ...}`). Looked up
// from the explicit path (--config), KINESISCTL_CONFIG, ~/.config/kinesisctl/config.yaml, then the
// system path (/etc/kinesisctl/config.yaml). A file holding secrets that group or others can read
// gets a warning. Pure apart from reading the file; thread-safe when the Environment is.
#ifndef KINESISCTL_AWS_SALT_CONFIG_H_
#define KINESISCTL_AWS_SALT_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "aws/environment.h"
#include "kinesisctl/status.h"

namespace kinesisctl::aws {

inline constexpr char kSystemConfigPath[] = "/etc/kinesisctl/config.yaml";

// key, keyid, region, endpoint, token, timeout, connect_timeout
using ProfileValues = std::map<std::string, std::string>;

struct SaltConfig {
  std::string path;
  ProfileValues kinesis;  // the kinesis.* keys, without the prefix
  std::map<std::string, ProfileValues> profiles;
};

// Parses the YAML text of a config file; `path` is used in messages.
StatusOr<SaltConfig> ParseSaltConfig(std::string_view yaml, const std::string& path);

// The config file in effect: nullopt when none of the default locations exists; an error when
// the explicit or KINESISCTL_CONFIG file is missing, or any file is unreadable or invalid.
StatusOr<std::optional<SaltConfig>> LoadSaltConfig(
    const std::optional<std::string>& explicit_path, const Environment& env,
    const std::string& system_path = kSystemConfigPath);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_SALT_CONFIG_H_
