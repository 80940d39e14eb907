#include "aws/aws_shared_files.h"

namespace kinesisctl::aws {
namespace {

std::string InHome(const Environment& env, const std::string& relative) {
  return env.Home().value_or("") + "/" + relative;
}

std::string ExpandHome(const Environment& env, std::string path) {
  if (path == "~" || path.starts_with("~/")) path = env.Home().value_or("") + path.substr(1);
  return path;
}

}  // namespace

std::string AwsCredentialsFilePath(const Environment& env) {
  if (auto p = env.Get("AWS_SHARED_CREDENTIALS_FILE")) return ExpandHome(env, *p);
  return InHome(env, ".aws/credentials");
}

std::string AwsConfigFilePath(const Environment& env) {
  if (auto p = env.Get("AWS_CONFIG_FILE")) return ExpandHome(env, *p);
  return InHome(env, ".aws/config");
}

std::optional<std::string> AwsProfileFromEnvironment(const Environment& env) {
  return env.First({"AWS_PROFILE", "AWS_DEFAULT_PROFILE"});
}

StatusOr<std::optional<IniSection>> FindAwsProfile(const Environment& env,
                                                   const std::string& name) {
  KINESISCTL_ASSIGN_OR_RETURN(const auto credentials, LoadIniFile(AwsCredentialsFilePath(env)));
  KINESISCTL_ASSIGN_OR_RETURN(const auto config, LoadIniFile(AwsConfigFilePath(env)));
  bool found = false;
  IniSection merged;
  if (config) {
    const std::string section = name == "default" ? "default" : "profile " + name;
    auto it = config->find(section);
    // botocore also accepts a bare [default] written as [profile default].
    if (it == config->end() && name == "default") it = config->find("profile default");
    if (it != config->end()) {
      merged = it->second;
      found = true;
    }
  }
  if (credentials) {
    if (const auto it = credentials->find(name); it != credentials->end()) {
      for (const auto& [k, v] : it->second) merged[k] = v;
      found = true;
    }
  }
  if (!found) return std::optional<IniSection>();
  return std::optional<IniSection>(std::move(merged));
}

}  // namespace kinesisctl::aws
