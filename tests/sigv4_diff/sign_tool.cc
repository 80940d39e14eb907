// Reads signing cases as a JSON array on stdin and prints, one per line, the Authorization
// header our SigV4 signer produces for each. Driven by sigv4_diff.py, which compares the lines
// with botocore's. Case fields: method, url, headers ([[name, value], ...]), body (UTF-8 text),
// access_key_id, secret_access_key, session_token, region, service, epoch_seconds.
#include <chrono>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "signing/sigv4.h"

namespace {

int Run() {
  using kinesisctl::aws::Credentials;
  using kinesisctl::aws::HttpRequest;
  const std::string input((std::istreambuf_iterator<char>(std::cin)),
                          std::istreambuf_iterator<char>());
  const auto cases = nlohmann::json::parse(input, nullptr, false);
  if (!cases.is_array()) {
    std::cerr << "expected a JSON array of cases on stdin\n";
    return 2;
  }
  for (const auto& c : cases) {
    HttpRequest request;
    request.method = c.at("method").get<std::string>();
    request.url = c.at("url").get<std::string>();
    for (const auto& h : c.at("headers")) {
      request.headers.emplace_back(h.at(0).get<std::string>(), h.at(1).get<std::string>());
    }
    request.body = c.at("body").get<std::string>();
    Credentials credentials;
    credentials.access_key_id = c.at("access_key_id").get<std::string>();
    credentials.secret_access_key = c.at("secret_access_key").get<std::string>();
    credentials.session_token = c.value("session_token", "");
    const kinesisctl::TimePoint when(std::chrono::seconds(c.at("epoch_seconds").get<long>()));
    auto result =
        kinesisctl::aws::sigv4::SignRequest(request, credentials, c.at("region").get<std::string>(),
                                            c.at("service").get<std::string>(), when);
    if (!result.ok()) {
      std::cout << "ERROR " << result.status().ToString() << "\n";
      continue;
    }
    std::cout << result->authorization << "\n";
  }
  return 0;
}

}  // namespace

int main() {
  try {
    return Run();
  } catch (const std::exception& e) {  // a malformed case from the driver script
    std::cerr << "sign_tool: " << e.what() << "\n";
    return 2;
  }
}
