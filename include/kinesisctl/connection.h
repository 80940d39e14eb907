// ConnectionParams: how a caller says where and as whom to talk to Kinesis, mirroring Salt's
// connection arguments (region, key, keyid, profile) plus endpoint, token and timeouts. Every field
// is optional; unset fields are resolved in the order of docs/design/credentials.md (argument,
// profile, kinesis.* config keys, AWS environment, AWS shared files, container and EC2 instance
// credentials, us-east-1 / the regional AWS endpoint). A plain value type, thread-compatible.
#ifndef KINESISCTL_CONNECTION_H_
#define KINESISCTL_CONNECTION_H_

#include <map>
#include <optional>
#include <string>

namespace kinesisctl {

struct ConnectionParams {
  std::optional<std::string> region;
  std::optional<std::string> key;       // AWS secret access key (Salt's `key`)
  std::optional<std::string> keyid;     // AWS access key id (Salt's `keyid`)
  std::optional<std::string> token;     // session token (new)
  std::optional<std::string> endpoint;  // e.g. http://127.0.0.1:4567 (new)
  // Salt's `profile`: a name (a top-level entry of our config file, else an AWS profile of that
  // name) or a mapping with keys key, keyid, region, endpoint, token.
  std::optional<std::string> profile_name;
  std::optional<std::map<std::string, std::string>> profile_map;
  // Our YAML config file (Salt-minion style); unset: KINESISCTL_CONFIG, then
  // ~/.config/kinesisctl/config.yaml, then /etc/kinesisctl/config.yaml.
  std::optional<std::string> config_path;
  // Seconds one call may take, retries included (new; also `timeout` in a profile or the
  // `kinesis.timeout` config key; default 120). Given here it also bounds the whole function call.
  std::optional<double> timeout;
  // Seconds connecting to the endpoint may take (new; also `connect_timeout` in a profile or
  // `kinesis.connect_timeout`; default 3).
  std::optional<double> connect_timeout;
};

}  // namespace kinesisctl

#endif  // KINESISCTL_CONNECTION_H_
