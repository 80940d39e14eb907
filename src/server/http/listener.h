// Listener: a keep-alive HTTP/1.1 and HTTP/2 server (Boost.Beast and libnghttp2 over Asio) bound
// to one address, that reads requests of up to a body limit, hands each to an HttpHandler and
// writes its answer. A body over the limit is answered with HTTP 413 before any parsing (and the
// HTTP/1.1 connection is closed); "Expect: 100-continue" gets 100 first. HTTP/2 shares the port:
// a connection whose first bytes are the HTTP/2 preface (prior knowledge) or that asks
// "Upgrade: h2c" is served by an H2Session (h2_session.h). With a certificate and key the
// listener speaks TLS only, choosing h2 or http/1.1 by ALPN. A connection is closed when a
// request's header or body takes too long, when it sits idle, or when max_connections are already
// open; when file descriptors run out, accepting pauses for accept_backoff_ms instead of
// spinning. A response with a producer is streamed: over HTTP/1.1 (plain or TLS) as a chunked
// body (chunked_body.h), after which the connection closes; over HTTP/2 as the DATA of its
// stream (h2_body_writer.h), the connection's other streams going on. Beast is confined to
// listener.cc and chunked_body.cc.
// Run() blocks while a small pool of worker threads serves the connections, each connection on
// one worker for its whole life (taken in turn), so no request is handed between threads; Stop()
// may be called from any thread and makes Run() return.
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
    // A PutRecord of the largest record (10 MiB of data, 13.4 MiB as base64) fits.
    std::size_t body_limit = 16 * 1024 * 1024;
    int threads = 2;  // worker threads; the calling thread accepts
    // Timeouts in milliseconds (0: none). Header: from a request's first byte until its header
    // is complete; body: from then until the body is complete; idle: waiting for the next
    // request on a keep-alive connection, and for the client to take an answer.
    int64_t header_timeout_ms = 10'000;
    int64_t body_timeout_ms = 60'000;
    int64_t idle_timeout_ms = 60'000;
    int max_connections = 1024;       // further connections are accepted and closed at once
    int64_t accept_backoff_ms = 100;  // pause after EMFILE/ENFILE (or any accept error)
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
