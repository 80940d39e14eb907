// The server side of SigV4, built on the same pure functions as the signer (sigv4.h): parsing
// an Authorization header into its parts and computing the signature a request must carry for a
// given secret key, so `kinesisctl serve` verifies exactly what our client (and botocore)
// sign. No I/O; thread-safe. Never log a computed signature.
#ifndef KINESISCTL_SIGNING_SIGV4_VERIFY_H_
#define KINESISCTL_SIGNING_SIGV4_VERIFY_H_

#include <string>
#include <string_view>
#include <vector>

#include "signing/http_transport.h"

namespace kinesisctl::aws::sigv4 {

struct ParsedAuthorization {
  std::string algorithm;   // "AWS4-HMAC-SHA256" expected
  std::string credential;  // "AKID/20150830/us-east-1/kinesis/aws4_request" as sent
  // The credential's parts; empty when the credential has fewer than five '/'-separated parts.
  std::string access_key_id;
  std::string date_stamp;
  std::string region;
  std::string service;
  std::string terminator;  // "aws4_request" expected
  std::vector<std::string> signed_headers;
  std::string signature;
  // "Credential", "Signature", "SignedHeaders": the parameters absent or empty, in that order.
  std::vector<std::string> missing;
};

// Splits "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=a;b, Signature=..." (commas and/or
// spaces between parameters). Never fails: check `missing` and the fields.
ParsedAuthorization ParseAuthorizationHeader(std::string_view header);

// The canonical request of a raw request: `raw_path` and `raw_query` as on the request line
// (canonicalised here), the body hashed here.
std::string CanonicalRequestFor(std::string_view method, std::string_view raw_path,
                                std::string_view raw_query, const Headers& headers,
                                const std::vector<std::string>& signed_headers,
                                std::string_view body);

// The hex signature the request must carry, given the secret key of auth.access_key_id and the
// request's X-Amz-Date value.
std::string ExpectedSignature(const ParsedAuthorization& auth, std::string_view secret_access_key,
                              std::string_view amz_date, std::string_view method,
                              std::string_view raw_path, std::string_view raw_query,
                              const Headers& headers, std::string_view body);

// Comparison whose time does not depend on where the strings differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace kinesisctl::aws::sigv4

#endif  // KINESISCTL_SIGNING_SIGV4_VERIFY_H_
