// AWS Signature Version 4 as pure functions: canonical request, string to sign, signing-key
// derivation, signature and the Authorization header, plus SignRequest, which applies them to an
// HttpRequest the way botocore does (signs every header present except user-agent, expect and
// x-amzn-trace-id, adds host, X-Amz-Date and X-Amz-Security-Token). The pieces are public so the
// server verifies signatures with the same code. No I/O, no global state: thread-safe.
// Callers must never log the signing key, the signature or the Authorization header.
#ifndef KINESISCTL_SIGNING_SIGV4_H_
#define KINESISCTL_SIGNING_SIGV4_H_

#include <string>
#include <string_view>
#include <vector>

#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"
#include "signing/credentials.h"
#include "signing/http_transport.h"

namespace kinesisctl::aws::sigv4 {

inline constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";

// Lower-case hex of raw bytes.
std::string HexEncode(std::string_view bytes);
// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// Raw HMAC-SHA256.
std::string HmacSha256(std::string_view key, std::string_view data);

// "20150830T123600Z" and "20150830" (UTC).
std::string AmzDate(TimePoint time);
std::string DateStamp(TimePoint time);

// "<date>/<region>/<service>/aws4_request".
std::string CredentialScope(std::string_view date_stamp, std::string_view region,
                            std::string_view service);

// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters kept; '/' kept when
// `keep_slash`.
std::string UriEncode(std::string_view text, bool keep_slash);
// The canonical URI of a raw request path: dot segments removed, each segment encoded; "" -> "/".
std::string CanonicalUri(std::string_view path);
// The canonical query string of a raw query (without '?'): pairs decoded, re-encoded, sorted.
std::string CanonicalQuery(std::string_view query);
// Trims a header value and collapses inner runs of whitespace to one space.
std::string CanonicalHeaderValue(std::string_view value);

// The canonical request. `signed_headers` are lower-case names; the value of each is every
// header of that name in `headers` (case-insensitive), canonicalised and joined with ','.
// `canonical_uri` and `canonical_query` are already canonical (see above).
std::string CanonicalRequest(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, const Headers& headers,
                             const std::vector<std::string>& signed_headers,
                             std::string_view payload_hash);

// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of canonical request>".
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request").
std::string DeriveSigningKey(std::string_view secret_access_key, std::string_view date_stamp,
                             std::string_view region, std::string_view service);

// Lower-case hex HMAC(signing_key, string_to_sign).
std::string Signature(std::string_view signing_key, std::string_view string_to_sign);

// "AWS4-HMAC-SHA256 Credential=<akid>/<scope>, SignedHeaders=a;b, Signature=<hex>".
std::string AuthorizationHeader(std::string_view access_key_id, std::string_view scope,
                                const std::vector<std::string>& signed_headers,
                                std::string_view signature);

// Host header value for a URL: lower-case host, port only when not the scheme's default.
StatusOr<std::string> HostFromUrl(std::string_view url);

// The header names SignRequest signs for `headers` (lower-case, sorted, unique; host included).
std::vector<std::string> HeadersToSign(const Headers& headers);

// Everything SignRequest computed, for tests and debugging of our own code (holds secrets:
// never log it).
struct SigningResult {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
  std::string authorization;
};

// Signs `request` in place: removes any Authorization, X-Amz-Date and X-Amz-Security-Token,
// adds Host (unless present), X-Amz-Date, X-Amz-Security-Token (when the credentials carry a
// session token) and Authorization. Fails on a URL it cannot parse or empty credentials.
StatusOr<SigningResult> SignRequest(HttpRequest& request, const Credentials& credentials,
                                    std::string_view region, std::string_view service,
                                    TimePoint now);

}  // namespace kinesisctl::aws::sigv4

#endif  // KINESISCTL_SIGNING_SIGV4_H_
