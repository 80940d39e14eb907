// HTTP/1.1's transport for streamed bodies (server/http/streaming.h), over plain TCP or TLS: sends
// a response's status line and headers with Transfer-Encoding: chunked and Connection: close, then
// starts its producer with a BodyWriter that writes each piece as one chunk. The writer watches the
// connection for the peer going away (a read that ends) and closes the connection after the last
// chunk. Used by listener.cc only; with Beast, confined to these two files.
// Thread-safety: StartChunkedBody is called on the connection's strand; the writer it makes is
// thread-safe.
#ifndef KINESISCTL_SERVER_HTTP_CHUNKED_BODY_H_
#define KINESISCTL_SERVER_HTTP_CHUNKED_BODY_H_

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>

#include "server/http/http_types.h"

namespace kinesisctl::server {

// `owner` keeps `stream` alive for as long as the body is being written. Defined for
// boost::beast::tcp_stream and boost::beast::ssl_stream<boost::beast::tcp_stream>.
template <class Stream>
void StartChunkedBody(Stream& stream, std::shared_ptr<void> owner, const HttpResponse& response);

extern template void StartChunkedBody(boost::beast::tcp_stream&, std::shared_ptr<void>,
                                      const HttpResponse&);
extern template void StartChunkedBody(boost::beast::ssl_stream<boost::beast::tcp_stream>&,
                                      std::shared_ptr<void>, const HttpResponse&);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_HTTP_CHUNKED_BODY_H_
