// Listener: a keep-alive HTTP/1.1 server (Boost.Beast over Asio) bound to one address, that reads
// requests of up to a body limit, hands each to an HttpHandler and writes its answer. A body over
// the limit is answered with HTTP 413 before any parsing and the connection is closed. Beast is
// confined to listener.cc. Run() blocks on a small pool of threads; Stop() may be called from any
// thread and makes Run() return.
#ifndef KINESISCTL_SERVER_HTTP_LISTENER_H_
#define KINESISCTL_SERVER_HTTP_LISTENER_H_

#include <cstddef>
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
    int threads = 2;
  };

  // Binds and listens; the error names the address when that fails.
  static StatusOr<std::unique_ptr<Listener>> Bind(const Options& options, HttpHandler handler);
  ~Listener();

  // The bound port (the chosen one when Options::port was 0).
  int port() const;

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
