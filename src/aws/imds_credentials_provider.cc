#include "aws/imds_credentials_provider.h"

#include "aws/credentials_json.h"
#include "core/log.h"

namespace kinesisctl::aws {
namespace {

constexpr char kSource[] = "EC2 instance metadata";
constexpr char kCredentialsPath[] = "/latest/meta-data/iam/security-credentials/";

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

}  // namespace

std::string ImdsEndpoint(const Environment& env) {
  std::string endpoint;
  if (auto configured = env.Get("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    endpoint = *configured;
  } else {
    auto mode = env.Get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE").value_or("IPv4");
    endpoint = (mode == "IPv6" || mode == "ipv6") ? kImdsIpv6Endpoint : kImdsDefaultEndpoint;
  }
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  return endpoint;
}

StatusOr<std::optional<Credentials>> ImdsCredentialsProvider::GetCredentials() {
  if (env_.IsTrue("AWS_EC2_METADATA_DISABLED")) return std::optional<Credentials>();
  const std::string base = ImdsEndpoint(env_);

  HttpRequest token_request;
  token_request.method = "PUT";
  token_request.url = base + "/latest/api/token";
  token_request.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  auto token = transport_->Send(token_request, timeout_);
  if (!token.ok() || token->status != 200 || token->body.empty()) {
    LogDebug(std::string(kSource) + " at " + base + ": no IMDSv2 token (" +
             (token.ok() ? "HTTP " + std::to_string(token->status) : token.status().message()) +
             "); not on EC2");
    return std::optional<Credentials>();
  }
  const std::string session = FirstLine(token->body);
  if (session.empty()) return Status(codes::kCredentials, std::string(kSource) + ": empty token");
  const Headers auth = {{"X-aws-ec2-metadata-token", session}};

  HttpRequest role_request;
  role_request.method = "GET";
  role_request.url = base + kCredentialsPath;
  role_request.headers = auth;
  auto role = transport_->Send(role_request, timeout_);
  if (!role.ok()) {
    return Status(codes::kCredentials, std::string(kSource) + ": " + role.status().message());
  }
  if (role->status == 404) {
    LogDebug(std::string(kSource) + ": no instance profile attached");
    return std::optional<Credentials>();
  }
  const std::string role_name = FirstLine(role->body);
  if (role->status != 200 || role_name.empty()) {
    return Status(codes::kCredentials, std::string(kSource) + ": role lookup answered HTTP " +
                                           std::to_string(role->status));
  }

  HttpRequest creds_request;
  creds_request.method = "GET";
  creds_request.url = base + kCredentialsPath + role_name;
  creds_request.headers = auth;
  auto creds = transport_->Send(creds_request, timeout_);
  if (!creds.ok()) {
    return Status(codes::kCredentials, std::string(kSource) + ": " + creds.status().message());
  }
  if (creds->status != 200) {
    return Status(codes::kCredentials, std::string(kSource) + ": credentials of role " + role_name +
                                           " answered HTTP " + std::to_string(creds->status));
  }
  KINESISCTL_ASSIGN_OR_RETURN(
      Credentials credentials,
      ParseCredentialsJson(creds->body, std::string(kSource) + " role " + role_name));
  const TimePoint now = clock_.Now();
  if (credentials.expiration && *credentials.expiration < now + refresh_window_) {
    // Static stability: keep using them for a few minutes instead of asking again at once.
    const auto extra = std::chrono::duration_cast<Duration>(
        std::chrono::minutes(5) + std::chrono::minutes(5) * random_.Uniform01());
    credentials.expiration = now + refresh_window_ + extra;
    LogWarning(std::string(kSource) +
               " returned credentials that expire soon; reusing them for a few minutes");
  }
  return std::optional<Credentials>(std::move(credentials));
}

}  // namespace kinesisctl::aws
