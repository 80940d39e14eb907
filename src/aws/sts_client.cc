#include "aws/sts_client.h"

#include <algorithm>
#include <cctype>

#include "aws/aws_shared_files.h"
#include "aws/curl_transport.h"
#include "signing/iso8601.h"
#include "signing/sigv4.h"
#include "signing/url.h"

namespace kinesisctl::aws {
namespace {

constexpr char kStsVersion[] = "2011-06-15";

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// `key = value` lines of a nested block such as "\nendpoint_url = http://...".
std::optional<std::string> NestedValue(std::string_view block, std::string_view key) {
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find('\n', start);
    if (end == std::string_view::npos) end = block.size();
    const std::string_view line = block.substr(start, end - start);
    start = end + 1;
    const size_t sep = line.find('=');
    if (sep == std::string_view::npos) continue;
    std::string name = Trim(line.substr(0, sep));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name == key) {
      std::string value = Trim(line.substr(sep + 1));
      if (!value.empty()) return value;
    }
  }
  return std::nullopt;
}

std::string XmlUnescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const size_t semi = text.find(';', i);
    if (semi == std::string_view::npos) {
      out += text.substr(i);
      break;
    }
    const std::string_view entity = text.substr(i + 1, semi - i - 1);
    if (entity == "amp") {
      out += '&';
    } else if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "quot") {
      out += '"';
    } else if (entity == "apos") {
      out += '\'';
    } else if (entity.size() > 1 && entity[0] == '#') {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const std::string digits(entity.substr(hex ? 2 : 1));
      const unsigned long code = std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10);
      if (code > 0 && code < 0x80) {
        out += static_cast<char>(code);
      } else {
        out += text.substr(i, semi - i + 1);  // leave other code points as written
      }
    } else {
      out += text.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

// The text of the first <tag>...</tag> inside `xml` (namespace-free names), unescaped.
std::optional<std::string> XmlText(std::string_view xml, std::string_view tag) {
  const std::string open = "<" + std::string(tag);
  size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    const size_t after = pos + open.size();
    if (after < xml.size() && (xml[after] == '>' || xml[after] == ' ')) {
      const size_t gt = xml.find('>', after);
      if (gt == std::string_view::npos) return std::nullopt;
      if (xml[gt - 1] == '/') return std::string();  // <Tag/>
      const size_t close = xml.find("</" + std::string(tag) + ">", gt);
      if (close == std::string_view::npos) return std::nullopt;
      return XmlUnescape(xml.substr(gt + 1, close - gt - 1));
    }
    pos = after;
  }
  return std::nullopt;
}

StatusOr<std::unique_ptr<HttpTransport>> DefaultTransport(const Environment& env,
                                                          const std::string& url) {
  KINESISCTL_ASSIGN_OR_RETURN(const Url parsed, ParseUrl(url));
  CurlTransportOptions options;
  options.ca_bundle = env.Get("AWS_CA_BUNDLE").value_or("");
  options.proxy = ProxyFromEnvironment(env, parsed.scheme);
  return std::unique_ptr<HttpTransport>(std::make_unique<CurlTransport>(options));
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += FormEncode(name) + "=" + FormEncode(value);
  }
  return body;
}

StatusOr<Credentials> CallSts(const ServiceAccess& access, const std::string& endpoint,
                              const std::string& action, HttpRequest request) {
  const std::string step = "STS " + action + " at " + endpoint;
  auto response = SendServiceRequest(access, request);
  if (!response.ok()) {
    return Status(codes::kCredentials, step + ": " + response.status().message());
  }
  if (response->status != 200) {
    std::string why = ParseStsError(response->body);
    if (why.empty()) why = "no STS error document in the answer";
    return Status(codes::kCredentials,
                  step + " answered HTTP " + std::to_string(response->status) + ": " + why);
  }
  auto credentials = ParseStsCredentials(response->body);
  if (!credentials.ok()) {
    return Status(codes::kCredentials, step + ": " + credentials.status().message());
  }
  return credentials;
}

HttpRequest StsRequest(const std::string& endpoint, const std::string& body) {
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint;
  if (request.url.find('/', request.url.find("://") + 3) == std::string::npos) request.url += "/";
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.headers.emplace_back("Accept", "text/xml");
  request.body = body;
  return request;
}

}  // namespace

StatusOr<HttpResponse> SendServiceRequest(const ServiceAccess& access, const HttpRequest& request) {
  std::unique_ptr<HttpTransport> transport;
  if (access.transport) {
    transport = access.transport();
  } else {
    KINESISCTL_ASSIGN_OR_RETURN(transport, DefaultTransport(*access.env, request.url));
  }
  return transport->Send(request, access.timeout);
}

StatusOr<std::string> ServiceEndpoint(const Environment& env, const IniSection& profile,
                                      std::string_view service, std::string regional_default,
                                      std::string* source) {
  std::string where;
  std::optional<std::string> chosen;
  if (!env.IsTrue("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
    const std::string variable = "AWS_ENDPOINT_URL_" + Upper(service);
    if (auto value = env.Get(variable)) {
      chosen = value;
      where = variable;
    }
    if (!chosen) {
      if (const auto it = profile.find("services"); it != profile.end() && !it->second.empty()) {
        KINESISCTL_ASSIGN_OR_RETURN(const auto config, LoadIniFile(AwsConfigFilePath(env)));
        if (config) {
          const auto section = config->find("services " + it->second);
          if (section != config->end()) {
            const auto block = section->second.find(std::string(service));
            if (block != section->second.end()) {
              if (auto value = NestedValue(block->second, "endpoint_url")) {
                chosen = value;
                where = "[services " + it->second + "] " + std::string(service) + ".endpoint_url";
              }
            }
          }
        }
      }
    }
    if (!chosen) {
      if (auto value = env.Get("AWS_ENDPOINT_URL")) {
        chosen = value;
        where = "AWS_ENDPOINT_URL";
      }
    }
    if (!chosen) {
      if (const auto it = profile.find("endpoint_url");
          it != profile.end() && !it->second.empty()) {
        chosen = it->second;
        where = "the profile's endpoint_url";
      }
    }
  }
  if (!chosen) {
    chosen = std::move(regional_default);
    where = "regional AWS endpoint";
  }
  if (auto url = ParseUrl(*chosen); !url.ok()) {
    return Status(codes::kConfig,
                  std::string(service) + " endpoint from " + where + ": " + url.status().message());
  }
  if (source) *source = where;
  return *chosen;
}

std::string DefaultStsEndpoint(const std::string& region) {
  return "https://sts." + region +
         (region.starts_with("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com");
}

std::string FormEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

StatusOr<Credentials> ParseStsCredentials(std::string_view xml) {
  const size_t start = xml.find("<Credentials>");
  const size_t end = xml.find("</Credentials>");
  if (start == std::string_view::npos || end == std::string_view::npos || end < start) {
    return Status(codes::kCredentials, "the answer holds no Credentials element");
  }
  const std::string_view block = xml.substr(start, end - start);
  Credentials c;
  c.access_key_id = XmlText(block, "AccessKeyId").value_or("");
  c.secret_access_key = XmlText(block, "SecretAccessKey").value_or("");
  c.session_token = XmlText(block, "SessionToken").value_or("");
  if (c.access_key_id.empty() || c.secret_access_key.empty() || c.session_token.empty()) {
    return Status(codes::kCredentials,
                  "the answer lacks AccessKeyId, SecretAccessKey or SessionToken");
  }
  const auto expiration = XmlText(block, "Expiration");
  if (!expiration) return Status(codes::kCredentials, "the answer lacks Expiration");
  auto parsed = ParseIso8601(*expiration);
  if (!parsed.ok()) return Status(codes::kCredentials, "the answer's Expiration is not ISO 8601");
  c.expiration = *parsed;
  return c;
}

std::string ParseStsError(std::string_view xml) {
  const auto code = XmlText(xml, "Code");
  if (!code || code->empty()) return "";
  const auto message = XmlText(xml, "Message");
  return *code + (message && !message->empty() ? ": " + *message : "");
}

StatusOr<Credentials> StsAssumeRole(const ServiceAccess& access, const std::string& endpoint,
                                    const std::string& region, const Credentials& source,
                                    const AssumeRoleParams& params) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"Action", "AssumeRole"},
      {"Version", kStsVersion},
      {"RoleArn", params.role_arn},
      {"RoleSessionName", params.session_name}};
  if (params.external_id) fields.emplace_back("ExternalId", *params.external_id);
  if (params.duration_seconds) {
    fields.emplace_back("DurationSeconds", std::to_string(*params.duration_seconds));
  }
  HttpRequest request = StsRequest(endpoint, FormBody(fields));
  auto signed_request = sigv4::SignRequest(request, source, region, "sts", access.clock->Now());
  if (!signed_request.ok()) {
    return Status(codes::kCredentials,
                  "STS AssumeRole: cannot sign: " + signed_request.status().message());
  }
  return CallSts(access, endpoint, "AssumeRole", std::move(request));
}

StatusOr<Credentials> StsAssumeRoleWithWebIdentity(const ServiceAccess& access,
                                                   const std::string& endpoint,
                                                   const AssumeRoleParams& params,
                                                   const std::string& token) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"Action", "AssumeRoleWithWebIdentity"},
      {"Version", kStsVersion},
      {"RoleArn", params.role_arn},
      {"RoleSessionName", params.session_name},
      {"WebIdentityToken", token}};
  if (params.duration_seconds) {
    fields.emplace_back("DurationSeconds", std::to_string(*params.duration_seconds));
  }
  return CallSts(access, endpoint, "AssumeRoleWithWebIdentity",
                 StsRequest(endpoint, FormBody(fields)));
}

}  // namespace kinesisctl::aws
