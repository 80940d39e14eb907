#include "aws/web_identity_credentials_provider.h"

#include <fstream>
#include <sstream>

#include "core/log.h"

namespace kinesisctl::aws {
namespace {

std::optional<std::string> Value(const IniSection& section, const char* key) {
  const auto it = section.find(key);
  if (it == section.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace

std::string DefaultRoleSessionName(TimePoint now) {
  return "kinesisctl-session-" +
         std::to_string(
             std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

StatusOr<std::optional<Credentials>> GetWebIdentityCredentials(const ServiceAccess& access,
                                                               const std::string& profile_name,
                                                               const IniSection& profile,
                                                               bool use_environment,
                                                               const std::string& sts_endpoint) {
  const Environment& env = *access.env;
  const auto setting = [&](const char* variable, const char* key) -> std::optional<std::string> {
    if (use_environment) {
      if (auto value = env.Get(variable)) return value;
    }
    return Value(profile, key);
  };
  const auto token_file = setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
  if (!token_file) return std::optional<Credentials>();
  const bool from_env = use_environment && env.Get("AWS_WEB_IDENTITY_TOKEN_FILE").has_value();
  const std::string where = from_env ? std::string("web identity (AWS_WEB_IDENTITY_TOKEN_FILE)")
                                     : "AWS profile '" + profile_name + "' (web identity)";
  AssumeRoleParams params;
  params.role_arn = setting("AWS_ROLE_ARN", "role_arn").value_or("");
  if (params.role_arn.empty()) {
    return Status(codes::kCredentials,
                  where +
                      ": a web identity token file is set but no role ARN (AWS_ROLE_ARN or "
                      "role_arn)");
  }
  params.session_name = setting("AWS_ROLE_SESSION_NAME", "role_session_name")
                            .value_or(DefaultRoleSessionName(access.clock->Now()));
  std::ifstream in(*token_file, std::ios::binary);
  if (!in) {
    return Status(codes::kCredentials, where + ": cannot read the token file " + *token_file);
  }
  std::ostringstream content;
  content << in.rdbuf();
  std::string token = content.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
    token.pop_back();
  }
  if (token.empty()) {
    return Status(codes::kCredentials, where + ": the token file " + *token_file + " is empty");
  }
  LogDebug("credentials: " + where + ": AssumeRoleWithWebIdentity for " + params.role_arn + " at " +
           sts_endpoint);
  auto credentials = StsAssumeRoleWithWebIdentity(access, sts_endpoint, params, token);
  if (!credentials.ok()) {
    return Status(codes::kCredentials, where + ": " + credentials.status().message());
  }
  credentials->source = where + " role " + params.role_arn;
  return std::optional<Credentials>(std::move(*credentials));
}

}  // namespace kinesisctl::aws
