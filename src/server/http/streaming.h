// Streamed response bodies, independent of the transport: a handler that cannot answer with one
// whole body (SubscribeToShard's event stream) sets HttpResponse::producer. The transport sends
// the status line and headers, then calls BodyProducer::Start with a BodyWriter through which the
// producer writes the body, from any thread, for as long as it likes. The HTTP/1.1 listener
// writes each piece as one chunk of a chunked body; an HTTP/2 transport can write each as DATA
// frames of the stream, behind the same two interfaces.
// Thread-safety: BodyWriter's methods may be called from any thread, concurrently.
#ifndef KINESISCTL_SERVER_HTTP_STREAMING_H_
#define KINESISCTL_SERVER_HTTP_STREAMING_H_

#include <functional>
#include <memory>
#include <string>

namespace kinesisctl::server {

// The transport's end of one streamed body.
class BodyWriter {
 public:
  virtual ~BodyWriter() = default;
  // Queues `bytes` for the peer, in order. Blocks while too much is queued and unsent (the peer
  // reads slowly). False once the body can no longer be delivered (peer gone, Abort, server
  // stopping): the producer should stop.
  virtual bool Write(std::string bytes) = 0;
  // Ends the body normally after what was queued; later writes fail.
  virtual void End() = 0;
  // Ends the body at once (server shutdown): waiting and later writes return false.
  virtual void Abort() = 0;
  // True until the body ended, was aborted or the peer went away.
  virtual bool open() const = 0;
  // `callback` runs once, on a transport thread, when the peer goes away or the body ends or is
  // aborted; at once if that already happened. Set it before writing.
  virtual void OnClose(std::function<void()> callback) = 0;
};

// The handler's end: produces a body through the writer the transport gives it.
class BodyProducer {
 public:
  virtual ~BodyProducer() = default;
  // Called once, on a transport thread, after the headers were sent. Must not block: start the
  // work elsewhere (a thread) and return.
  virtual void Start(std::shared_ptr<BodyWriter> writer) = 0;
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_HTTP_STREAMING_H_
