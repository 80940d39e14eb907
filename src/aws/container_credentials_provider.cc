#include "aws/container_credentials_provider.h"

#include <fstream>
#include <sstream>

#include "aws/credentials_json.h"
#include "signing/url.h"

namespace kinesisctl::aws {
namespace {

constexpr char kSource[] = "container credentials";

bool PlainHttpAllowed(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]" ||
         host.starts_with("127.") || host == "169.254.170.2" || host == "169.254.170.23" ||
         host == "[fd00:ec2::23]";
}

}  // namespace

StatusOr<std::optional<Credentials>> ContainerCredentialsProvider::GetCredentials() {
  std::string address;
  if (auto relative = env_.Get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    address = std::string(kContainerCredentialsHost) + (relative->starts_with("/") ? "" : "/") +
              *relative;
  } else if (auto full = env_.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    auto url = ParseUrl(*full);
    if (!url.ok()) {
      return Status(codes::kCredentials,
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI: " + url.status().message());
    }
    if (url->scheme == "http" && !PlainHttpAllowed(url->host)) {
      return Status(codes::kCredentials,
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI: plain http is only allowed to loopback "
                    "or the ECS/EKS credential hosts, not " +
                        url->host);
    }
    address = *full;
  } else {
    return std::optional<Credentials>();
  }
  HttpRequest request;
  request.method = "GET";
  request.url = address;
  request.headers.emplace_back("Accept", "application/json");
  std::optional<std::string> token = env_.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  if (!token) {
    if (auto file = env_.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
      std::ifstream in(*file);
      if (!in) {
        return Status(codes::kCredentials,
                      "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file);
      }
      std::ostringstream text;
      text << in.rdbuf();
      token = text.str();
      while (!token->empty() && (token->back() == '\n' || token->back() == '\r')) {
        token->pop_back();
      }
    }
  }
  if (token) {
    if (token->find_first_of("\r\n") != std::string::npos) {
      return Status(codes::kCredentials, "the container authorization token contains a newline");
    }
    request.headers.emplace_back("Authorization", *token);
  }
  auto response = transport_->Send(request, timeout_);
  if (!response.ok()) {
    return Status(codes::kCredentials, std::string(kSource) + ": " + response.status().message());
  }
  if (response->status != 200) {
    return Status(codes::kCredentials, std::string(kSource) + ": " + address + " answered HTTP " +
                                           std::to_string(response->status));
  }
  KINESISCTL_ASSIGN_OR_RETURN(Credentials credentials,
                              ParseCredentialsJson(response->body, kSource));
  return std::optional<Credentials>(std::move(credentials));
}

}  // namespace kinesisctl::aws
