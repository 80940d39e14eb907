#include "server/console/console.h"

#include <arpa/inet.h>

#include <string_view>
#include <utility>

#include "server/console/console_assets.h"
#include "server/http/request_ids.h"

namespace kinesisctl::server {
namespace {

constexpr char kPrefix[] = "/console";

// Every answer of the console: no caching, no sniffing, no framing (click-jacking), and a content
// security policy that lets the page load only its own files and talk only to its own origin.
void AddPageHeaders(HttpResponse& r, std::string_view content_type) {
  r.headers.emplace_back("Content-Type", std::string(content_type));
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; script-src 'self'; style-src 'self'; "
                         "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                         "form-action 'none'; frame-ancestors 'none'");
  r.headers.emplace_back("x-amzn-RequestId", RequestId());
}

HttpResponse Text(int status, const std::string& text) {
  HttpResponse r;
  r.status = status;
  AddPageHeaders(r, "text/plain; charset=utf-8");
  r.body = text + "\n";
  return r;
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

ConsoleAvailability DecideConsole(const std::string& host, bool no_console, bool tls) {
  if (no_console) return {false, "the console is off (--no-console)."};
  if (IsLoopbackHost(host)) return {true, ""};
  if (tls) return {true, ""};
  return {false,
          "the console is off: the server listens on " + host +
              ", which is not a loopback address, without TLS; there the console is served "
              "only with --tls-cert and --tls-key, because browsers give its signing code only "
              "to secure origins and its keys would otherwise cross the network in the clear."};
}

Console::Console(ConsoleAvailability availability, bool signatures_checked)
    : availability_(std::move(availability)), signatures_checked_(signatures_checked) {}

std::optional<HttpResponse> Console::Handle(const HttpRequest& request) const {
  std::string_view path = request.target;
  path = path.substr(0, path.find('?'));
  if (path.rfind(kPrefix, 0) != 0) return std::nullopt;
  std::string_view rest = path.substr(sizeof(kPrefix) - 1);
  if (!rest.empty() && rest.front() != '/') return std::nullopt;  // "/consoles" is not ours
  if (!availability_.enabled) return Text(404, "kinesisctl serve: " + availability_.reason);
  if (request.method != "GET") {
    HttpResponse r = Text(405, "kinesisctl serve: the console answers GET only.");
    r.headers.emplace_back("Allow", "GET");
    return r;
  }
  if (rest.empty() || rest == "/") rest = "/index.html";
  rest.remove_prefix(1);
  if (rest == "settings.json") {
    HttpResponse r;
    AddPageHeaders(r, "application/json");
    r.body =
        std::string("{\"signaturesChecked\":") + (signatures_checked_ ? "true" : "false") + "}";
    return r;
  }
  for (std::size_t i = 0; i < kConsoleAssetCount; ++i) {
    if (kConsoleAssets[i].name == rest) {
      HttpResponse r;
      AddPageHeaders(r, kConsoleAssets[i].content_type);
      r.body = std::string(kConsoleAssets[i].body);
      return r;
    }
  }
  return Text(
      404, "kinesisctl serve: the console has no file '" + std::string(rest.substr(0, 100)) + "'.");
}

}  // namespace kinesisctl::server
