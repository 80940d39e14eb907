#include "aws/salt_config.h"

#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "aws/yaml_limits.h"
#include "core/bounded_file.h"
#include "core/log.h"

namespace kinesisctl::aws {
namespace {

constexpr std::string_view kKinesisKeys[] = {"key",   "keyid",   "region",         "endpoint",
                                             "token", "timeout", "connect_timeout"};

bool IsKinesisKey(std::string_view key) {
  for (const auto k : kKinesisKeys) {
    if (k == key) return true;
  }
  return false;
}

Status Invalid(const std::string& path, const std::string& why) {
  return Status(codes::kConfig, "config file " + path + ": " + why);
}

// A scalar's text, or an error naming `what`.
StatusOr<std::string> ScalarText(const YAML::Node& node, const std::string& path,
                                 const std::string& what) {
  if (node.IsNull()) return std::string();
  if (!node.IsScalar()) return Invalid(path, what + " must be a string");
  return node.Scalar();
}

StatusOr<ProfileValues> ParseProfile(const YAML::Node& node, const std::string& path,
                                     const std::string& name) {
  ProfileValues values;
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    if (!IsKinesisKey(key)) continue;  // Salt profiles may carry other settings
    std::string what = "'";
    what.append(name).append(".").append(key).append("'");
    KINESISCTL_ASSIGN_OR_RETURN(std::string value, ScalarText(entry.second, path, what));
    if (!value.empty()) values[key] = std::move(value);
  }
  return values;
}

bool HoldsSecrets(const SaltConfig& config) {
  if (config.kinesis.contains("key") || config.kinesis.contains("token")) return true;
  for (const auto& [name, values] : config.profiles) {
    if (values.contains("key") || values.contains("token")) return true;
  }
  return false;
}

StatusOr<std::optional<SaltConfig>> LoadFile(const std::string& path, bool must_exist) {
  struct stat probe {};
  if (::stat(path.c_str(), &probe) != 0 && errno == ENOENT && !must_exist) {
    return std::optional<SaltConfig>();
  }
  StatusOr<std::string> text = ReadBoundedFile(path, codes::kConfig);
  if (!text.ok()) {
    // "cannot read PATH: why" -> "cannot read config file PATH: why"
    return Status(codes::kConfig, "cannot read config file " + text.status().message().substr(12));
  }
  KINESISCTL_ASSIGN_OR_RETURN(SaltConfig config, ParseSaltConfig(*text, path));
  struct stat st {};
  if (HoldsSecrets(config) && ::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    LogWarning("config file " + path +
               " holds secret keys but is readable by group or others; run chmod 600 on it");
  }
  return std::optional<SaltConfig>(std::move(config));
}

}  // namespace

StatusOr<SaltConfig> ParseSaltConfig(std::string_view yaml, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
    if (Status limit = CheckYamlLimits(root, "the document"); !limit.ok()) {
      return Invalid(path, limit.message());
    }
  } catch (const YAML::Exception& e) {
    return Invalid(path, std::string("invalid YAML: ") + e.what());
  }
  SaltConfig config;
  config.path = path;
  if (root.IsNull()) return config;
  if (!root.IsMap()) return Invalid(path, "the top level must be a mapping");
  try {
    for (const auto& entry : root) {
      const std::string key = entry.first.as<std::string>();
      if (key.starts_with("kinesis.")) {
        const std::string sub = key.substr(8);
        if (!IsKinesisKey(sub)) continue;
        KINESISCTL_ASSIGN_OR_RETURN(std::string value,
                                    ScalarText(entry.second, path, "'" + key + "'"));
        if (!value.empty()) config.kinesis[sub] = std::move(value);
      } else if (key == "kinesis" && entry.second.IsMap()) {
        KINESISCTL_ASSIGN_OR_RETURN(ProfileValues nested, ParseProfile(entry.second, path, key));
        for (auto& [k, v] : nested) config.kinesis.try_emplace(k, std::move(v));
      } else if (entry.second.IsMap()) {
        KINESISCTL_ASSIGN_OR_RETURN(config.profiles[key], ParseProfile(entry.second, path, key));
      }
    }
  } catch (const YAML::Exception& e) {
    return Invalid(path, std::string("unexpected structure: ") + e.what());
  }
  return config;
}

StatusOr<std::optional<SaltConfig>> LoadSaltConfig(const std::optional<std::string>& explicit_path,
                                                   const Environment& env,
                                                   const std::string& system_path) {
  if (explicit_path && !explicit_path->empty()) return LoadFile(*explicit_path, true);
  if (auto from_env = env.Get("KINESISCTL_CONFIG")) return LoadFile(*from_env, true);
  if (auto home = env.Home()) {
    KINESISCTL_ASSIGN_OR_RETURN(auto user,
                                LoadFile(*home + "/.config/kinesisctl/config.yaml", false));
    if (user) return user;
  }
  if (system_path.empty()) return std::optional<SaltConfig>();
  return LoadFile(system_path, false);
}

}  // namespace kinesisctl::aws
