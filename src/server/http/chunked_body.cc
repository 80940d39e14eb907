#include "server/http/chunked_body.h"

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <utility>

#include "server/http/streaming.h"

namespace kinesisctl::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Unsent bytes above which Write waits for the peer to read.
constexpr size_t kMaxQueuedBytes = 4 * 1024 * 1024;

template <class Stream>
class ChunkedBodyWriter final : public BodyWriter,
                                public std::enable_shared_from_this<ChunkedBodyWriter<Stream>> {
 public:
  using std::enable_shared_from_this<ChunkedBodyWriter<Stream>>::shared_from_this;

  ChunkedBodyWriter(Stream& stream, std::shared_ptr<void> owner)
      : stream_(stream), owner_(std::move(owner)) {}

  bool Write(std::string bytes) override {
    if (bytes.empty()) return open();
    std::unique_lock<std::mutex> lock(mu_);
    drained_.wait(lock, [this] { return closed_ || queued_bytes_ < kMaxQueuedBytes; });
    if (closed_ || ended_) return false;
    queued_bytes_ += bytes.size();
    lock.unlock();
    asio::post(stream_.get_executor(), [self = shared_from_this(), b = std::move(bytes)]() mutable {
      self->Enqueue(std::move(b), /*last=*/false);
    });
    return true;
  }

  void End() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (closed_ || ended_) return;
      ended_ = true;
    }
    asio::post(stream_.get_executor(),
               [self = shared_from_this()] { self->Enqueue(std::string(), /*last=*/true); });
  }

  void Abort() override {
    Close();
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->CloseSocket(); });
  }

  bool open() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return !closed_;
  }

  void OnClose(std::function<void()> callback) override {
    std::unique_lock<std::mutex> lock(mu_);
    if (!closed_) {
      on_close_ = std::move(callback);
      return;
    }
    lock.unlock();
    if (callback) callback();
  }

  // On the strand, once the headers are out.
  void WatchPeer() {
    stream_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) {
                                self->Close();
                                self->CloseSocket();
                                return;
                              }
                              self->WatchPeer();  // bytes after the request are ignored
                            });
  }

 private:
  struct Piece {
    std::string bytes;
    bool last = false;
  };

  void Close() {
    std::function<void()> callback;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (closed_) return;
      closed_ = true;
      callback = std::move(on_close_);
    }
    drained_.notify_all();
    if (callback) callback();
  }

  // The rest run on the strand.
  void CloseSocket() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  void Enqueue(std::string bytes, bool last) {
    pending_.push_back({std::move(bytes), last});
    if (!writing_) WriteNext();
  }

  void WriteNext() {
    if (pending_.empty()) {
      writing_ = false;
      return;
    }
    writing_ = true;
    auto self = shared_from_this();
    if (pending_.front().last) {
      asio::async_write(stream_, http::make_chunk_last(), [self](beast::error_code, std::size_t) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->stream_)
            .socket()
            .shutdown(tcp::socket::shutdown_send, ignored);
        self->Close();
      });
      return;
    }
    asio::async_write(stream_, http::make_chunk(asio::buffer(pending_.front().bytes)),
                      [self](beast::error_code ec, std::size_t) { self->AfterChunk(ec); });
  }

  void AfterChunk(beast::error_code ec) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queued_bytes_ -= pending_.front().bytes.size();
    }
    drained_.notify_all();
    pending_.pop_front();
    if (ec) {
      writing_ = false;
      Close();
      CloseSocket();
      return;
    }
    WriteNext();
  }

  Stream& stream_;
  std::shared_ptr<void> owner_;
  std::array<char, 512> scratch_{};
  std::deque<Piece> pending_;  // strand only
  bool writing_ = false;       // strand only

  mutable std::mutex mu_;
  std::condition_variable drained_;
  size_t queued_bytes_ = 0;
  bool closed_ = false;
  bool ended_ = false;
  std::function<void()> on_close_;
};

}  // namespace

template <class Stream>
void StartChunkedBody(Stream& stream, std::shared_ptr<void> owner, const HttpResponse& response) {
  auto res = std::make_shared<http::response<http::empty_body>>();
  res->version(11);
  res->result(static_cast<http::status>(response.status));
  for (const auto& [name, value] : response.headers) res->set(name, value);
  res->keep_alive(false);
  res->chunked(true);
  auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*res);
  auto writer = std::make_shared<ChunkedBodyWriter<Stream>>(stream, std::move(owner));
  http::async_write_header(stream, *serializer,
                           [res, serializer, writer, producer = response.producer, &stream](
                               beast::error_code ec, std::size_t) {
                             if (ec) {
                               beast::error_code ignored;
                               beast::get_lowest_layer(stream).socket().shutdown(
                                   tcp::socket::shutdown_both, ignored);
                               return;
                             }
                             writer->WatchPeer();
                             producer->Start(writer);
                           });
}

template void StartChunkedBody(beast::tcp_stream&, std::shared_ptr<void>, const HttpResponse&);
template void StartChunkedBody(beast::ssl_stream<beast::tcp_stream>&, std::shared_ptr<void>,
                               const HttpResponse&);

}  // namespace kinesisctl::server
