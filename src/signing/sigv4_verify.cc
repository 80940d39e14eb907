#include "signing/sigv4_verify.h"

#include "signing/sigv4.h"

namespace kinesisctl::aws::sigv4 {
namespace {

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

}  // namespace

ParsedAuthorization ParseAuthorizationHeader(std::string_view header) {
  ParsedAuthorization out;
  bool first = true;
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ',')) ++pos;
    size_t end = pos;
    while (end < header.size() && header[end] != ' ' && header[end] != ',') ++end;
    if (end == pos) break;
    const std::string_view token = header.substr(pos, end - pos);
    pos = end;
    if (first) {
      first = false;
      if (token.find('=') == std::string_view::npos) {
        out.algorithm = std::string(token);
        continue;
      }
    }
    const size_t eq = token.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = token.substr(0, eq);
    const std::string_view value = token.substr(eq + 1);
    if (key == "Credential") {
      out.credential = std::string(value);
    } else if (key == "SignedHeaders") {
      out.signed_headers.clear();
      for (const auto name : Split(value, ';')) {
        if (!name.empty()) out.signed_headers.emplace_back(name);
      }
    } else if (key == "Signature") {
      out.signature = std::string(value);
    }
  }
  if (out.credential.empty()) out.missing.push_back("Credential");
  if (out.signature.empty()) out.missing.push_back("Signature");
  if (out.signed_headers.empty()) out.missing.push_back("SignedHeaders");
  const auto parts = Split(out.credential, '/');
  if (parts.size() >= 5) {
    // The access key id cannot contain '/', but be lenient: the last four parts are the scope.
    const size_t n = parts.size();
    std::string id;
    for (size_t i = 0; i + 4 < n; ++i) {
      if (i > 0) id.push_back('/');
      id.append(parts[i]);
    }
    out.access_key_id = std::move(id);
    out.date_stamp = std::string(parts[n - 4]);
    out.region = std::string(parts[n - 3]);
    out.service = std::string(parts[n - 2]);
    out.terminator = std::string(parts[n - 1]);
  }
  return out;
}

std::string CanonicalRequestFor(std::string_view method, std::string_view raw_path,
                                std::string_view raw_query, const Headers& headers,
                                const std::vector<std::string>& signed_headers,
                                std::string_view body) {
  return CanonicalRequest(method, CanonicalUri(raw_path), CanonicalQuery(raw_query), headers,
                          signed_headers, Sha256Hex(body));
}

std::string ExpectedSignature(const ParsedAuthorization& auth, std::string_view secret_access_key,
                              std::string_view amz_date, std::string_view method,
                              std::string_view raw_path, std::string_view raw_query,
                              const Headers& headers, std::string_view body) {
  const std::string creq =
      CanonicalRequestFor(method, raw_path, raw_query, headers, auth.signed_headers, body);
  const std::string scope = CredentialScope(auth.date_stamp, auth.region, auth.service);
  return Signature(DeriveSigningKey(secret_access_key, auth.date_stamp, auth.region, auth.service),
                   StringToSign(amz_date, scope, creq));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace kinesisctl::aws::sigv4
