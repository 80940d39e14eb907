// HTTP/2's transport for streamed bodies (server/http/streaming.h): a BodyWriter for one stream
// of an H2Session. Pieces written from the producer's thread are handed to the connection's
// strand (H2StreamHost), which appends them to the stream with H2Session::AppendBody; libnghttp2
// then frames them as DATA within the peer's flow-control windows. Write blocks while more than
// a bound is queued and not yet framed (a peer that reads slowly, or keeps its window shut);
// the host reports framed bytes with Sent() and the stream's end (END_STREAM, RST_STREAM from
// the peer, the connection closing) with Closed(). Abort resets the stream (RST_STREAM CANCEL).
// Other streams of the connection go on meanwhile: the producer never runs on the strand.
// Thread-safety: thread-safe; the host calls Sent() and Closed() on the connection's strand.
#ifndef KINESISCTL_SERVER_HTTP_H2_BODY_WRITER_H_
#define KINESISCTL_SERVER_HTTP_H2_BODY_WRITER_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "server/http/h2_session.h"
#include "server/http/streaming.h"

namespace kinesisctl::server {

// The connection side of streamed HTTP/2 bodies.
class H2StreamHost {
 public:
  virtual ~H2StreamHost() = default;
  // Runs `task` with the session on the connection's strand, then writes what the session has
  // to send. Dropped when the connection is closed.
  virtual void RunOnSession(std::function<void(H2Session&)> task) = 0;
};

class H2BodyWriter final : public BodyWriter, public std::enable_shared_from_this<H2BodyWriter> {
 public:
  // Unframed bytes above which Write waits.
  static constexpr std::size_t kMaxQueuedBytes = 4 * 1024 * 1024;

  H2BodyWriter(int32_t stream_id, std::weak_ptr<H2StreamHost> host)
      : stream_id_(stream_id), host_(std::move(host)) {}

  bool Write(std::string bytes) override;
  void End() override;
  void Abort() override;
  bool open() const override;
  void OnClose(std::function<void()> callback) override;

  // The host's side, on the strand.
  void Sent(std::size_t bytes);
  void Closed();
  // Open and not ended: the producer may still write (the connection's idle timeout waits).
  bool producing() const;

 private:
  void Post(std::function<void(H2Session&)> task);

  const int32_t stream_id_;
  const std::weak_ptr<H2StreamHost> host_;
  mutable std::mutex mu_;
  std::condition_variable drained_;
  std::size_t queued_bytes_ = 0;
  bool closed_ = false;
  bool ended_ = false;
  std::function<void()> on_close_;
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_HTTP_H2_BODY_WRITER_H_
