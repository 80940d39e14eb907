#include "server/auth/signature_verifier.h"

#include <charconv>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "server/front_door.h"
#include "signing/ini_file.h"
#include "signing/sigv4.h"

namespace kinesisctl::server {
namespace {

constexpr auto kSkew = std::chrono::minutes(15);

Status InvalidSignature(const std::string& message) {
  return Status("InvalidSignatureException", message, 400);
}

// "20150830T123600Z" -> time point.
bool ParseAmzDate(const std::string& text, TimePoint& out) {
  std::tm tm{};
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return false;
  std::istringstream in(text);
  in >> std::get_time(&tm, "%Y%m%dT%H%M%SZ");
  if (in.fail()) return false;
  out = std::chrono::system_clock::from_time_t(timegm(&tm));
  return true;
}

std::string FormatAmzDate(TimePoint t) { return aws::sigv4::AmzDate(t); }

// The raw query without its X-Amz-Signature parameter (a presigned request's signature covers
// every other parameter).
std::string WithoutSignatureParameter(const std::string& query) {
  std::string out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    const std::string pair = query.substr(start, amp - start);
    if (!pair.empty() && pair.rfind("X-Amz-Signature=", 0) != 0 && pair != "X-Amz-Signature") {
      out += (out.empty() ? "" : "&") + pair;
    }
    start = amp + 1;
  }
  return out;
}

bool SameText(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

StatusOr<SignatureVerifier> SignatureVerifier::FromText(const std::string& text,
                                                        const std::string& source) {
  KINESISCTL_ASSIGN_OR_RETURN(aws::IniFile ini, aws::ParseIni(text, source));
  SignatureVerifier v;
  for (const auto& [section, keys] : ini) {
    auto id = keys.find("aws_access_key_id");
    auto secret = keys.find("aws_secret_access_key");
    if (id == keys.end() || secret == keys.end()) continue;
    auto token = keys.find("aws_session_token");
    Key key{secret->second, token == keys.end() ? "" : token->second, section};
    auto [it, added] = v.secrets_.emplace(id->second, key);
    // The same key twice is harmless (a profile repeating [default]); two secrets or tokens for
    // one key id would make the answer depend on the order of the sections.
    if (!added &&
        (it->second.secret != key.secret || it->second.session_token != key.session_token)) {
      return Status(codes::kConfig, source + " gives access key id " + id->second +
                                        " different secrets in sections [" + it->second.section +
                                        "] and [" + section + "]; each key id may have one secret");
    }
  }
  if (v.secrets_.empty()) {
    return Status(codes::kConfig, source +
                                      " holds no section with both aws_access_key_id and "
                                      "aws_secret_access_key");
  }
  return v;
}

StatusOr<SignatureVerifier> SignatureVerifier::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status(codes::kConfig, "cannot read credentials file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return FromText(text.str(), path);
}

Status SignatureVerifier::Verify(const HttpRequest& request, TimePoint now) const {
  KINESISCTL_ASSIGN_OR_RETURN(AuthorizationParts auth, ParseAuthorization(request));
  if (auth.algorithm != "AWS4-HMAC-SHA256") {
    return Status(
        "IncompleteSignatureException",
        "Unsupported AWS 'algorithm': '" + auth.algorithm + "' (only AWS4-HMAC-SHA256 for now). ",
        400);
  }
  const Status unrecognized("UnrecognizedClientException",
                            "The security token included in the request is invalid.", 400);
  auto secret = secrets_.find(auth.access_key);
  if (secret == secrets_.end()) return unrecognized;
  const std::string amz_date = auth.presigned                    ? auth.amz_date
                               : request.HasHeader("x-amz-date") ? request.Header("x-amz-date")
                                                                 : request.Header("date");
  TimePoint signed_at;
  if (!ParseAmzDate(amz_date, signed_at)) {
    return InvalidSignature("Date must be in ISO-8601 'basic format'. Got '" + amz_date +
                            "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  if (auth.presigned && !auth.expires.empty()) {
    // A presigned request is good from X-Amz-Date for X-Amz-Expires seconds (1 s to 7 days).
    int64_t seconds = 0;
    const auto [end, ec] =
        std::from_chars(auth.expires.data(), auth.expires.data() + auth.expires.size(), seconds);
    if (ec != std::errc() || end != auth.expires.data() + auth.expires.size() || seconds < 1 ||
        seconds > 604800) {
      return InvalidSignature("X-Amz-Expires must be an integer from 1 to 604800, not '" +
                              auth.expires + "'.");
    }
    const TimePoint until = signed_at + std::chrono::seconds(seconds);
    if (now > until) {
      return InvalidSignature("Signature expired: " + amz_date + " is now earlier than " +
                              FormatAmzDate(now - std::chrono::seconds(seconds)) + " (" +
                              FormatAmzDate(now) + " - " + auth.expires + " sec.)");
    }
  } else if (signed_at < now - kSkew) {
    return InvalidSignature("Signature expired: " + amz_date + " is now earlier than " +
                            FormatAmzDate(now - kSkew) + " (" + FormatAmzDate(now) + " - 15 min.)");
  }
  if (signed_at > now + kSkew) {
    return InvalidSignature("Signature not yet current: " + amz_date + " is still later than " +
                            FormatAmzDate(now + kSkew) + " (" + FormatAmzDate(now) + " + 15 min.)");
  }
  // A signature for another service or day must not pass, even when its HMAC is right.
  if (auth.service != "kinesis") {
    return InvalidSignature("Credential should be scoped to correct service: 'kinesis'. ");
  }
  if (auth.date != amz_date.substr(0, 8)) {
    return InvalidSignature(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        "HTTP: '" +
        auth.date + "' != '" + amz_date.substr(0, 8) + "', from '" + amz_date + "'.");
  }
  aws::Headers headers;
  for (const auto& [name, value] : request.headers) headers.emplace_back(name, value);
  std::vector<std::string> signed_headers;
  size_t start = 0;
  while (start <= auth.signed_headers.size()) {
    size_t semi = auth.signed_headers.find(';', start);
    if (semi == std::string::npos) semi = auth.signed_headers.size();
    if (semi > start) signed_headers.push_back(auth.signed_headers.substr(start, semi - start));
    start = semi + 1;
  }
  const size_t q = request.target.find('?');
  const std::string path = request.target.substr(0, q);
  std::string query = q == std::string::npos ? "" : request.target.substr(q + 1);
  if (auth.presigned) query = WithoutSignatureParameter(query);
  namespace sigv4 = aws::sigv4;
  const std::string canonical = sigv4::CanonicalRequest(
      request.method, sigv4::CanonicalUri(path), sigv4::CanonicalQuery(query), headers,
      signed_headers, sigv4::Sha256Hex(request.body));
  const std::string scope = sigv4::CredentialScope(auth.date, auth.region, auth.service);
  const std::string expected = sigv4::Signature(
      sigv4::DeriveSigningKey(secret->second.secret, auth.date, auth.region, auth.service),
      sigv4::StringToSign(amz_date, scope, canonical));
  if (!SameText(expected, auth.signature)) {
    return InvalidSignature(
        "The request signature we calculated does not match the signature you provided. Check "
        "your AWS Secret Access Key and signing method. Consult the service documentation for "
        "details.");
  }
  // A long-term key takes no security token; a temporary one takes exactly its own.
  const bool has_token = request.HasHeader("x-amz-security-token");
  const std::string& expected_token = secret->second.session_token;
  if (has_token != !expected_token.empty() ||
      (has_token && !SameText(request.Header("x-amz-security-token"), expected_token))) {
    return unrecognized;
  }
  return OkStatus();
}

}  // namespace kinesisctl::server
