// Test helper (included by *_test.cc only): a tiny HTTP/1.1 server on 127.0.0.1 and a free port,
// with keep-alive, one thread per connection, answering through a handler function. It records
// every request and the number of connections accepted, so tests can check keep-alive reuse,
// the IMDSv2 token dance and container-credential headers against a real socket. Thread-safe;
// the handler is called from connection threads, one request at a time (a mutex serialises it).
#ifndef KINESISCTL_AWS_TESTING_LOOPBACK_HTTP_SERVER_H_
#define KINESISCTL_AWS_TESTING_LOOPBACK_HTTP_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "signing/http_transport.h"

namespace kinesisctl::aws::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;  // path and query
  Headers headers;
  std::string body;
  int connection = 0;  // 1-based number of the connection it came on

  std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
    }
    return "";
  }
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<HttpResponse(const ReceivedRequest&)>;

  explicit LoopbackHttpServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      std::perror("LoopbackHttpServer: bind");
      std::abort();
    }
    socklen_t len = sizeof(addr);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(listen_fd_, 16);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }

  ~LoopbackHttpServer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      for (const int fd : connection_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    acceptor_.join();
    for (auto& t : workers_) t.join();
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<ReceivedRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  int connections() {
    std::lock_guard<std::mutex> lock(mu_);
    return connection_count_;
  }

 private:
  void AcceptLoop() {
    while (true) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) {
        ::close(fd);
        return;
      }
      connection_fds_.push_back(fd);
      const int number = ++connection_count_;
      workers_.emplace_back([this, fd, number] { Serve(fd, number); });
    }
  }

  static bool ReadMore(int fd, std::string& buffer) {
    char chunk[4096];
    const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
    return true;
  }

  void Serve(int fd, int number) {
    std::string buffer;
    while (true) {
      size_t end;
      while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (!ReadMore(fd, buffer)) return Close(fd);
      }
      ReceivedRequest request;
      request.connection = number;
      const std::string head = buffer.substr(0, end);
      buffer.erase(0, end + 4);
      size_t line_end = head.find("\r\n");
      const std::string first = head.substr(0, line_end);
      const size_t s1 = first.find(' ');
      const size_t s2 = first.find(' ', s1 + 1);
      request.method = first.substr(0, s1);
      request.target = first.substr(s1 + 1, s2 - s1 - 1);
      while (line_end != std::string::npos) {
        const size_t next = head.find("\r\n", line_end + 2);
        const std::string line = head.substr(line_end + 2, next - line_end - 2);
        const size_t colon = line.find(':');
        if (colon != std::string::npos) {
          size_t v = colon + 1;
          while (v < line.size() && line[v] == ' ') ++v;
          request.headers.emplace_back(line.substr(0, colon), line.substr(v));
        }
        line_end = next;
      }
      const std::string length = request.Header("Content-Length");
      const size_t body_size = length.empty() ? 0 : std::stoul(length);
      while (buffer.size() < body_size) {
        if (!ReadMore(fd, buffer)) return Close(fd);
      }
      request.body = buffer.substr(0, body_size);
      buffer.erase(0, body_size);
      HttpResponse response;
      {
        std::lock_guard<std::mutex> lock(mu_);
        requests_.push_back(request);
        response = handler_(request);
      }
      std::string out = "HTTP/1.1 " + std::to_string(response.status) + " X\r\n";
      for (const auto& [k, v] : response.headers)
        out.append(k).append(": ").append(v).append("\r\n");
      out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n";
      out += response.body;
      if (::send(fd, out.data(), out.size(), MSG_NOSIGNAL) < 0) return Close(fd);
      if (strcasecmp(request.Header("Connection").c_str(), "close") == 0) return Close(fd);
    }
  }

  void Close(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
    std::erase(connection_fds_, fd);
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::mutex mu_;
  bool stopping_ = false;
  std::vector<int> connection_fds_;
  std::vector<std::thread> workers_;
  std::vector<ReceivedRequest> requests_;
  int connection_count_ = 0;
};

}  // namespace kinesisctl::aws::testing

#endif  // KINESISCTL_AWS_TESTING_LOOPBACK_HTTP_SERVER_H_
