// H2Session: the server side of one HTTP/2 connection (RFC 9113) over libnghttp2, as a machine
// that takes the bytes read from the peer and gives back the bytes to write; it does no I/O of its
// own, so the listener drives it from its Asio loop (plain TCP or TLS) and the fuzz target drives
// it from memory. Framing, HPACK, flow control and the protocol checks are libnghttp2's. Each
// request whose stream ends goes, as an HttpRequest (":authority" as "host"), to the HttpHandler,
// called synchronously from Receive(); its answer goes back on that stream. Limits: SETTINGS
// announce a maximum of concurrent streams and a maximum header list size; a header list over it
// is answered 431, a body over the body limit (announced by content-length or counted as DATA
// arrives) 413 RequestEntityTooLargeException, for that stream only. Request bodies count against
// the connection's receive window until handled, so a peer cannot make one connection buffer more
// than that window. Requests are handled one after another as they complete; an answer that
// streams (a BodyProducer) only has its headers sent there, and its body is appended later
// (StreamingHooks), so it holds up no other stream. A broken preface, frame or HPACK block ends the
// connection with GOAWAY; a broken stream gets RST_STREAM and the others carry on. Not thread-safe:
// one thread (or Asio strand) at a time per session.
#ifndef KINESISCTL_SERVER_HTTP_H2_SESSION_H_
#define KINESISCTL_SERVER_HTTP_H2_SESSION_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kinesisctl/status.h"
#include "server/http/http_types.h"

struct nghttp2_session;

namespace kinesisctl::server {

class BodyProducer;  // server/http/streaming.h

// The 24 bytes every HTTP/2 client sends first ("prior knowledge").
inline constexpr std::string_view kHttp2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

class H2Session {
 public:
  struct Options {
    std::size_t body_limit = 10 * 1024 * 1024;
    uint32_t max_concurrent_streams = 100;
    uint32_t max_header_list_size = 64 * 1024;
    uint32_t initial_window_size = 1024 * 1024;          // per stream
    uint32_t connection_window_size = 16 * 1024 * 1024;  // raised to body_limit + 1 MiB if lower
    // Whether answers with a BodyProducer are streamed (the driver sets StreamingHooks); when
    // false they are refused with an InvalidArgumentException.
    bool streaming = false;
  };

  // A session that expects the client preface as its first bytes. The handler must outlive it.
  static StatusOr<std::unique_ptr<H2Session>> Create(const Options& options,
                                                     const HttpHandler& handler);
  // A session taking over an HTTP/1.1 connection after "Upgrade: h2c" was accepted (the caller
  // writes the 101 answer first): `http2_settings` is the request's HTTP2-Settings header
  // (base64url) and `request`, already read, becomes stream 1. An error when the header is not
  // valid; the caller then answers over HTTP/1.1 instead.
  static StatusOr<std::unique_ptr<H2Session>> CreateUpgraded(const Options& options,
                                                             const HttpHandler& handler,
                                                             const std::string& http2_settings,
                                                             HttpRequest request);
  ~H2Session();
  H2Session(const H2Session&) = delete;
  H2Session& operator=(const H2Session&) = delete;

  // Feeds bytes read from the peer and answers every request they complete. False when the
  // connection is broken beyond repair: write what TakeOutput() still has (a GOAWAY), then close.
  bool Receive(const uint8_t* data, std::size_t size);

  // The bytes to write to the peer now (up to about `max` bytes; empty when nothing is due).
  std::string TakeOutput(std::size_t max = 1024 * 1024);

  // Whether the session still reads / has something to write. Close when both are false.
  bool WantsRead() const;
  bool WantsWrite() const;

  // Answers with a BodyProducer (event streams), with Options::streaming. The hooks run on the
  // session's thread, from Receive(), TakeOutput(), AppendBody() or SetStreamingHooks() (which
  // starts the producers of streams answered before it was called: an upgraded stream 1).
  struct StreamingHooks {
    // The headers of `stream_id` are queued: start producing its body (through AppendBody).
    std::function<void(int32_t stream_id, std::shared_ptr<BodyProducer> producer)> start;
    // `bytes` more of its body were framed (the peer's flow-control windows let them go).
    std::function<void(int32_t stream_id, std::size_t bytes)> sent;
    // The stream closed: its body ended, the peer reset it, or it was reset by ResetStream.
    std::function<void(int32_t stream_id)> closed;
  };
  void SetStreamingHooks(StreamingHooks hooks);

  // Ends stream `stream_id` at once with RST_STREAM (CANCEL): a streamed body that cannot go on.
  void ResetStream(int32_t stream_id);

  // A body produced in pieces (for answers that stream, such as event streams): StartResponse
  // sends the status and headers of stream `stream_id` and AppendBody the body as it becomes
  // available, `last` ending it. Whole answers from the HttpHandler take the same path. Call from
  // the session's thread or strand and then write TakeOutput().
  Status StartResponse(int32_t stream_id, const HttpResponse& head);
  Status AppendBody(int32_t stream_id, std::string_view data, bool last);

  struct Stream;  // per-stream state, internal

 private:
  H2Session(const Options& options, const HttpHandler& handler);
  Status Init();
  void Answer(int32_t stream_id, const HttpResponse& response);
  void HandleReady();

  // Called from the C callbacks of h2_session.cc.
  friend struct H2Callbacks;

  Options options_;
  const HttpHandler& handler_;
  nghttp2_session* session_ = nullptr;
  std::map<int32_t, std::unique_ptr<Stream>> streams_;
  std::vector<int32_t> ready_;  // streams whose request is complete, in arrival order
  StreamingHooks hooks_;
  bool broken_ = false;
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_HTTP_H2_SESSION_H_
