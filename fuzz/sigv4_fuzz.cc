// libFuzzer target: SigV4 canonicalisation and Authorization-header parsing. The input is split
// at '\n' into a path, a query, a header value, an Authorization header and a body; every
// function must accept any bytes. Canonical forms must be idempotent where SigV4 says so.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "signing/sigv4.h"
#include "signing/sigv4_verify.h"

namespace sigv4 = kinesisctl::aws::sigv4;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  for (int i = 0; i < 4; ++i) {
    const size_t nl = rest.find('\n');
    parts.push_back(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  parts.push_back(rest);
  const std::string uri = sigv4::CanonicalUri(parts[0]);
  const std::string query = sigv4::CanonicalQuery(parts[1]);
  const std::string value = sigv4::CanonicalHeaderValue(parts[2]);
  if (sigv4::CanonicalHeaderValue(value) != value) std::abort();
  (void)sigv4::UriEncode(parts[0], true);
  (void)sigv4::UriEncode(parts[0], false);
  const auto auth = sigv4::ParseAuthorizationHeader(parts[3]);
  kinesisctl::aws::Headers headers;
  headers.emplace_back("Host", std::string(parts[2]));
  headers.emplace_back("X-Amz-Date", "20150830T123600Z");
  (void)sigv4::CanonicalRequestFor("POST", parts[0], parts[1], headers, auth.signed_headers,
                                   parts[4]);
  (void)sigv4::ExpectedSignature(auth, "secret", "20150830T123600Z", "POST", parts[0], parts[1],
                                 headers, parts[4]);
  (void)uri;
  (void)query;
  return 0;
}
