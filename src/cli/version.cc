#include "cli/version.h"

#include <openssl/crypto.h>
#include <sqlite3.h>

#include <boost/version.hpp>
#include <nlohmann/json_fwd.hpp>

#include "aws/curl_library.h"

#ifndef KINESISCTL_VERSION
#error "KINESISCTL_VERSION must be defined by the build"
#endif
#ifndef KINESISCTL_YAML_CPP_VERSION
#define KINESISCTL_YAML_CPP_VERSION "unknown"
#endif

namespace kinesisctl::cli {

std::string VersionText() {
  std::string out = std::string("kinesisctl ") + KINESISCTL_VERSION + "\n";
  const auto lib = aws::LoadCurl();
  const curl_version_info_data* curl = lib.ok() ? (*lib)->version_info(CURLVERSION_NOW) : nullptr;
  out += std::string("libcurl ") + (curl && curl->version ? curl->version : "not loaded");
  if (curl && curl->ssl_version) out += std::string(" (") + curl->ssl_version + ")";
  out += "\n";
  // OpenSSL_version(OPENSSL_VERSION) reads "OpenSSL 3.0.11 19 Sep 2023"; keep the number.
  std::string openssl = OpenSSL_version(OPENSSL_VERSION);
  if (openssl.rfind("OpenSSL ", 0) == 0) openssl = openssl.substr(8);
  openssl = openssl.substr(0, openssl.find(' '));
  out += "OpenSSL " + openssl + "\n";
  out += std::string("yaml-cpp ") + KINESISCTL_YAML_CPP_VERSION + "\n";
  out += "nlohmann_json " + std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
         std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
         std::to_string(NLOHMANN_JSON_VERSION_PATCH) + "\n";
  out += std::string("SQLite ") + sqlite3_libversion() + "\n";
  out += "Boost " + std::to_string(BOOST_VERSION / 100000) + "." +
         std::to_string(BOOST_VERSION / 100 % 1000) + "." + std::to_string(BOOST_VERSION % 100) +
         "\n";
  return out;
}

}  // namespace kinesisctl::cli
