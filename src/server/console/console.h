// The browser console of `kinesisctl serve`: answers GET /console (the page) and
// /console/<file> (its script and style sheet, embedded in the binary), plus
// /console/settings.json, which tells the page whether the server checks signatures. The page
// itself calls the ordinary Kinesis JSON API on the same origin; this class serves files only.
// Whether the console is on is decided once at start-up by ConsoleAvailability: on by default on
// loopback, off with --no-console, and on other addresses only when the server speaks TLS
// (--tls-cert, --tls-key), because browsers give the page's signing code (WebCrypto) only to
// secure origins and plain HTTP to another machine would expose the page and its keys.
// Immutable; thread-safe.
#ifndef KINESISCTL_SERVER_CONSOLE_CONSOLE_H_
#define KINESISCTL_SERVER_CONSOLE_CONSOLE_H_

#include <optional>
#include <string>

#include "server/http/http_types.h"

namespace kinesisctl::server {

struct ConsoleAvailability {
  bool enabled = false;
  std::string reason;  // why it is off ("" when on)
};
// `host`: the --host value; `no_console`: --no-console; `tls`: whether the server speaks TLS.
ConsoleAvailability DecideConsole(const std::string& host, bool no_console, bool tls);

class Console {
 public:
  // `availability`: from DecideConsole; `signatures_checked`: --credentials was given.
  Console(ConsoleAvailability availability, bool signatures_checked);

  // The answer to a request for /console or a path below it; nullopt for any other path (the
  // Kinesis API's). When the console is off the answer is a 404 that says why.
  std::optional<HttpResponse> Handle(const HttpRequest& request) const;

 private:
  ConsoleAvailability availability_;
  bool signatures_checked_;
};

// True for a loopback address or name: 127.0.0.0/8, ::1, localhost.
bool IsLoopbackHost(const std::string& host);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_CONSOLE_CONSOLE_H_
