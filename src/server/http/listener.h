// Listener: a keep-alive HTTP/1.1 and HTTP/2 server (Boost.Beast and libnghttp2 over Asio) bound
// to one address, that reads requests of up to a body limit, hands each to an HttpHandler and
// writes its answer. A body over the limit is answered with HTTP 413 before any parsing (and the
// HTTP/1.1 connection is closed); "Expect: 100-continue" gets 100 first. HTTP/2 shares the port:
// a connection whose first bytes are the HTTP/2 preface (prior knowledge) or that asks
// "Upgrade: h2c" is served by an H2Session (h2_session.h). With a certificate and key the
// listener speaks TLS only, choosing h2 or http/1.1 by ALPN. Beast is confined to listener.cc.
// Run() blocks on a small pool of threads; Stop() may be called from any thread and makes Run()
// return.
#ifndef KINESISCTL_SERVER_HTTP_LISTENER_H_
#define KINESISCTL_SERVER_HTTP_LISTENER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "kinesisctl/status.h"
#include "server/http/http_types.h"

namespace kinesisctl::server {

class Listener {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 4567;  // 0 picks a free port
    std::size_t body_limit = 10 * 1024 * 1024;
    int threads = 2;
    // PEM files; both set means TLS (with ALPN h2 and http/1.1) instead of plain TCP.
    std::string tls_cert;
    std::string tls_key;
    // HTTP/2 limits announced in SETTINGS.
    uint32_t h2_max_concurrent_streams = 100;
    uint32_t h2_max_header_list_size = 64 * 1024;
  };

  // Binds and listens; the error names the address (or the certificate file) when that fails.
  static StatusOr<std::unique_ptr<Listener>> Bind(const Options& options, HttpHandler handler);
  ~Listener();

  // The bound port (the chosen one when Options::port was 0).
  int port() const;
  // Whether connections speak TLS.
  bool tls() const;

  // Serves until Stop() or, when handle_signals, SIGINT/SIGTERM. Returns once all threads end.
  void Run(bool handle_signals);
  void Stop();

  struct Impl;

 private:
  explicit Listener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_HTTP_LISTENER_H_
