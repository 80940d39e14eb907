#include "signing/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <utility>

#include "signing/url.h"

namespace kinesisctl::aws::sigv4 {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string FormatUtc(TimePoint time, const char* format) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  const size_t n = std::strftime(buffer, sizeof(buffer), format, &tm);
  return std::string(buffer, n);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool IsExcluded(const std::string& lower_name) {
  return lower_name == "user-agent" || lower_name == "expect" || lower_name == "x-amzn-trace-id" ||
         lower_name == "authorization";
}

void EraseHeader(Headers& headers, std::string_view lower_name) {
  std::erase_if(headers, [&](const auto& h) { return Lower(h.first) == lower_name; });
}

}  // namespace

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string AmzDate(TimePoint time) { return FormatUtc(time, "%Y%m%dT%H%M%SZ"); }
std::string DateStamp(TimePoint time) { return FormatUtc(time, "%Y%m%d"); }

std::string CredentialScope(std::string_view date_stamp, std::string_view region,
                            std::string_view service) {
  std::string out(date_stamp);
  out.append("/").append(region).append("/").append(service).append("/aws4_request");
  return out;
}

std::string UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0xf]);
    }
  }
  return out;
}

std::string CanonicalUri(std::string_view path) {
  if (path.empty()) return "/";
  // Remove dot segments (RFC 3986 5.2.4), keeping a trailing slash.
  std::vector<std::string_view> segments;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (segment != "." && !(segment.empty() && slash < path.size())) {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string normalized;
  for (const auto segment : segments) normalized.append("/").append(segment);
  if (normalized.empty()) normalized.assign(1, '/');
  if (path.back() == '/' && normalized.back() != '/') normalized.push_back('/');
  return UriEncode(normalized, /*keep_slash=*/true);
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view pair = query.substr(start, amp - start);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      const std::string_view key = pair.substr(0, eq);
      const std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
      pairs.emplace_back(UriEncode(PercentDecode(key), false),
                         UriEncode(PercentDecode(value), false));
    }
    start = amp + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out.append(key).append("=").append(value);
  }
  return out;
}

std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (const char c : value) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string CanonicalRequest(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, const Headers& headers,
                             const std::vector<std::string>& signed_headers,
                             std::string_view payload_hash) {
  std::string out(method);
  out.append("\n").append(canonical_uri).append("\n").append(canonical_query).append("\n");
  for (const auto& name : signed_headers) {
    out.append(name).append(":");
    bool first = true;
    for (const auto& [key, value] : headers) {
      if (Lower(key) != name) continue;
      if (!first) out.push_back(',');
      out.append(CanonicalHeaderValue(value));
      first = false;
    }
    out.push_back('\n');
  }
  out.push_back('\n');
  for (size_t i = 0; i < signed_headers.size(); ++i) {
    if (i > 0) out.push_back(';');
    out.append(signed_headers[i]);
  }
  out.push_back('\n');
  out.append(payload_hash);
  return out;
}

std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  std::string out(kAlgorithm);
  out.append("\n").append(amz_date).append("\n").append(scope).append("\n");
  out.append(Sha256Hex(canonical_request));
  return out;
}

std::string DeriveSigningKey(std::string_view secret_access_key, std::string_view date_stamp,
                             std::string_view region, std::string_view service) {
  std::string key = "AWS4";
  key.append(secret_access_key);
  std::string k = HmacSha256(key, date_stamp);
  k = HmacSha256(k, region);
  k = HmacSha256(k, service);
  return HmacSha256(k, "aws4_request");
}

std::string Signature(std::string_view signing_key, std::string_view string_to_sign) {
  return HexEncode(HmacSha256(signing_key, string_to_sign));
}

std::string AuthorizationHeader(std::string_view access_key_id, std::string_view scope,
                                const std::vector<std::string>& signed_headers,
                                std::string_view signature) {
  std::string out(kAlgorithm);
  out.append(" Credential=").append(access_key_id).append("/").append(scope);
  out.append(", SignedHeaders=");
  for (size_t i = 0; i < signed_headers.size(); ++i) {
    if (i > 0) out.push_back(';');
    out.append(signed_headers[i]);
  }
  out.append(", Signature=").append(signature);
  return out;
}

StatusOr<std::string> HostFromUrl(std::string_view url) {
  KINESISCTL_ASSIGN_OR_RETURN(const Url parsed, ParseUrl(url));
  return parsed.Authority();
}

std::vector<std::string> HeadersToSign(const Headers& headers) {
  std::vector<std::string> names;
  for (const auto& header : headers) {
    std::string name = Lower(header.first);
    if (!IsExcluded(name)) names.push_back(std::move(name));
  }
  names.push_back("host");
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

StatusOr<SigningResult> SignRequest(HttpRequest& request, const Credentials& credentials,
                                    std::string_view region, std::string_view service,
                                    TimePoint now) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return Status(codes::kCredentials, "cannot sign a request without an access key id and key");
  }
  KINESISCTL_ASSIGN_OR_RETURN(const Url url, ParseUrl(request.url));
  EraseHeader(request.headers, "authorization");
  EraseHeader(request.headers, "x-amz-date");
  EraseHeader(request.headers, "x-amz-security-token");
  const bool has_host = std::any_of(request.headers.begin(), request.headers.end(),
                                    [](const auto& h) { return Lower(h.first) == "host"; });
  if (!has_host) request.headers.emplace_back("Host", url.Authority());
  const std::string amz_date = AmzDate(now);
  const std::string date_stamp = DateStamp(now);
  request.headers.emplace_back("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  const std::vector<std::string> signed_headers = HeadersToSign(request.headers);
  SigningResult result;
  result.canonical_request =
      CanonicalRequest(request.method, CanonicalUri(url.path), CanonicalQuery(url.query),
                       request.headers, signed_headers, Sha256Hex(request.body));
  const std::string scope = CredentialScope(date_stamp, region, service);
  result.string_to_sign = StringToSign(amz_date, scope, result.canonical_request);
  result.signature =
      Signature(DeriveSigningKey(credentials.secret_access_key, date_stamp, region, service),
                result.string_to_sign);
  result.authorization =
      AuthorizationHeader(credentials.access_key_id, scope, signed_headers, result.signature);
  request.headers.emplace_back("Authorization", result.authorization);
  return result;
}

}  // namespace kinesisctl::aws::sigv4
