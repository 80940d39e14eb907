#include "aws/credentials_json.h"

#include <nlohmann/json.hpp>

#include "signing/iso8601.h"

namespace kinesisctl::aws {

StatusOr<Credentials> ParseCredentialsJson(std::string_view body, const std::string& source) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    return Status(codes::kCredentials, source + ": the answer is not a JSON object");
  }
  const auto text = [&](const char* key) -> std::string {
    const auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (const std::string code = text("Code"); !code.empty() && code != "Success") {
    // Message is the service's explanation; it does not carry credentials.
    return Status(codes::kCredentials,
                  source + ": credentials not available (" + code + ": " + text("Message") + ")");
  }
  Credentials c;
  c.access_key_id = text("AccessKeyId");
  c.secret_access_key = text("SecretAccessKey");
  c.session_token = text("Token");
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return Status(codes::kCredentials, source + ": AccessKeyId or SecretAccessKey missing");
  }
  if (const std::string expiration = text("Expiration"); !expiration.empty()) {
    auto parsed = ParseIso8601(expiration);
    if (!parsed.ok()) return Status(codes::kCredentials, source + ": bad Expiration");
    c.expiration = *parsed;
  }
  c.source = source;
  return c;
}

}  // namespace kinesisctl::aws
