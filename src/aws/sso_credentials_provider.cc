#include "aws/sso_credentials_provider.h"

#include <openssl/evp.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aws/aws_shared_files.h"
#include "signing/iso8601.h"
#include "signing/sigv4.h"

namespace kinesisctl::aws {
namespace {

std::optional<std::string> Value(const IniSection& section, const char* key) {
  const auto it = section.find(key);
  if (it == section.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string Sha1Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha1(), nullptr);
  return sigv4::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

std::string LoginHint(const std::string& profile_name) {
  return "; run `aws sso login --profile " + profile_name + "`";
}

}  // namespace

bool HasSsoConfig(const IniSection& profile) {
  // As botocore: the account or the role marks a profile as an SSO credentials profile; a
  // profile with only sso_session serves `aws sso login` and holds no credentials.
  return Value(profile, "sso_account_id") || Value(profile, "sso_role_name");
}

StatusOr<SsoConfig> LoadSsoConfig(const Environment& env, const std::string& profile_name,
                                  const IniSection& profile) {
  const std::string where = "AWS profile '" + profile_name + "' (SSO)";
  SsoConfig config;
  std::vector<std::string> missing;
  if (auto session = Value(profile, "sso_session")) {
    config.session_name = session;
    KINESISCTL_ASSIGN_OR_RETURN(const auto file, LoadIniFile(AwsConfigFilePath(env)));
    const auto section = file ? file->find("sso-session " + *session) : IniFile::const_iterator();
    if (!file || section == file->end()) {
      return Status(codes::kCredentials, where + ": sso_session '" + *session +
                                             "' has no [sso-session " + *session + "] section in " +
                                             AwsConfigFilePath(env));
    }
    config.start_url = Value(section->second, "sso_start_url").value_or("");
    config.region = Value(section->second, "sso_region").value_or("");
    for (const char* key : {"sso_start_url", "sso_region"}) {
      const auto inline_value = Value(profile, key);
      const auto session_value = Value(section->second, key);
      if (inline_value && session_value && *inline_value != *session_value) {
        return Status(codes::kCredentials, where + ": " + key +
                                               " differs between the profile and " +
                                               "[sso-session " + *session + "]");
      }
    }
    if (config.start_url.empty()) missing.push_back("sso_start_url");
    if (config.region.empty()) missing.push_back("sso_region");
  } else {
    config.start_url = Value(profile, "sso_start_url").value_or("");
    config.region = Value(profile, "sso_region").value_or("");
    if (config.start_url.empty()) missing.push_back("sso_start_url");
    if (config.region.empty()) missing.push_back("sso_region");
  }
  config.account_id = Value(profile, "sso_account_id").value_or("");
  config.role_name = Value(profile, "sso_role_name").value_or("");
  if (config.account_id.empty()) missing.push_back("sso_account_id");
  if (config.role_name.empty()) missing.push_back("sso_role_name");
  if (!missing.empty()) {
    std::string names;
    for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
    return Status(codes::kCredentials, where + ": missing " + names);
  }
  return config;
}

std::string SsoCacheFile(const Environment& env, const SsoConfig& config) {
  return env.Home().value_or("") + "/.aws/sso/cache/" +
         Sha1Hex(config.session_name ? *config.session_name : config.start_url) + ".json";
}

StatusOr<Credentials> GetSsoCredentials(const ServiceAccess& access,
                                        const std::string& profile_name, const IniSection& profile,
                                        const SsoConfig& config) {
  const std::string where = "AWS profile '" + profile_name + "' (SSO)";
  const std::string path = SsoCacheFile(*access.env, config);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(codes::kCredentials,
                  where + ": no SSO token in the cache (" + path + ")" + LoginHint(profile_name));
  }
  std::ostringstream content;
  content << in.rdbuf();
  const auto token_doc = nlohmann::json::parse(content.str(), nullptr, false);
  const auto field = [](const nlohmann::json& doc, const char* key) -> std::string {
    if (!doc.is_object()) return "";
    const auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : "";
  };
  const std::string token = field(token_doc, "accessToken");
  std::string expires = field(token_doc, "expiresAt");
  if (token.empty() || expires.empty()) {
    return Status(codes::kCredentials, where + ": the SSO token cache file " + path +
                                           " lacks accessToken or expiresAt" +
                                           LoginHint(profile_name));
  }
  if (expires.ends_with("UTC")) expires = expires.substr(0, expires.size() - 3) + "Z";
  auto expiry = ParseIso8601(expires);
  if (!expiry.ok()) {
    return Status(codes::kCredentials,
                  where + ": the SSO token's expiresAt is not a time" + LoginHint(profile_name));
  }
  if (*expiry <= access.clock->Now()) {
    return Status(codes::kCredentials,
                  where + ": the SSO token has expired" + LoginHint(profile_name));
  }
  std::string endpoint_source;
  KINESISCTL_ASSIGN_OR_RETURN(
      const std::string endpoint,
      ServiceEndpoint(*access.env, profile, "sso",
                      "https://portal.sso." + config.region + ".amazonaws.com", &endpoint_source));
  HttpRequest request;
  request.method = "GET";
  std::string base = endpoint;
  while (base.ends_with("/")) base.pop_back();
  request.url = base + "/federation/credentials?account_id=" + FormEncode(config.account_id) +
                "&role_name=" + FormEncode(config.role_name);
  request.headers.emplace_back("x-amz-sso_bearer_token", token);
  request.headers.emplace_back("Accept", "application/json");
  const std::string step = where + ": GetRoleCredentials at " + base;
  auto response = SendServiceRequest(access, request);
  if (!response.ok()) {
    return Status(codes::kCredentials, step + ": " + response.status().message());
  }
  const auto doc = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status == 401 || response->status == 403) {
    return Status(codes::kCredentials, step + " rejected the SSO token (HTTP " +
                                           std::to_string(response->status) + ")" +
                                           LoginHint(profile_name));
  }
  if (response->status != 200) {
    std::string why = field(doc, "message");
    if (why.empty()) why = field(doc, "Message");
    const std::string type = response->Header("x-amzn-ErrorType");
    return Status(codes::kCredentials,
                  step + " answered HTTP " + std::to_string(response->status) +
                      (type.empty() ? "" : ": " + type.substr(0, type.find(':'))) +
                      (why.empty() ? "" : ": " + why));
  }
  const auto role = doc.is_object() ? doc.find("roleCredentials") : doc.end();
  if (!doc.is_object() || role == doc.end() || !role->is_object()) {
    return Status(codes::kCredentials, step + ": the answer holds no roleCredentials");
  }
  Credentials c;
  c.access_key_id = field(*role, "accessKeyId");
  c.secret_access_key = field(*role, "secretAccessKey");
  c.session_token = field(*role, "sessionToken");
  const auto expiration = role->find("expiration");
  if (c.access_key_id.empty() || c.secret_access_key.empty() || c.session_token.empty() ||
      expiration == role->end() || !expiration->is_number()) {
    return Status(codes::kCredentials,
                  step +
                      ": roleCredentials lacks accessKeyId, secretAccessKey, sessionToken or "
                      "expiration");
  }
  c.expiration = TimePoint(std::chrono::milliseconds(expiration->get<long long>()));
  c.source = where;
  return c;
}

}  // namespace kinesisctl::aws
