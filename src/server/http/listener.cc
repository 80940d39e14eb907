#include "server/http/listener.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/log.h"
#include "server/cbor/cbor_codec.h"
#include "server/http/chunked_body.h"
#include "server/http/h2_body_writer.h"
#include "server/http/h2_session.h"
#include "server/http/streaming.h"

namespace kinesisctl::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// What every connection of one listener shares; owned by Listener::Impl, which outlives them.
struct Shared {
  const HttpHandler& handler;
  const Listener::Options& options;
  H2Session::Options h2;
  std::atomic<int> open{0};  // connections alive
};

// Counts one connection in Shared::open for as long as some part of it holds the slot.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::atomic<int>& open) : open_(open) { ++open_; }
  ~ConnectionSlot() { --open_; }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  std::atomic<int>& open_;
};
using Slot = std::shared_ptr<ConnectionSlot>;

// Arms (ms > 0) or disarms the connection's timer: Beast closes the socket when it fires.
template <class Stream>
void Expire(Stream& stream, int64_t ms) {
  if (ms > 0) {
    beast::get_lowest_layer(stream).expires_after(std::chrono::milliseconds(ms));
  } else {
    beast::get_lowest_layer(stream).expires_never();
  }
}

template <class Stream>
void CloseStream(Stream& stream) {
  beast::error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(stream).socket().close(ignored);
}

// An HTTP/2 connection: moves bytes between the socket and an H2Session. One read and one write
// may be in flight at once, both on the connection's strand. Streamed answers (SubscribeToShard)
// get an H2BodyWriter each; their producers write from their own threads through
// RunOnSession, so the connection's other streams are served meanwhile. While one is still
// producing, the idle timeout is off (a subscriber only reads).
template <class Stream>
class H2Connection : public std::enable_shared_from_this<H2Connection<Stream>>,
                     public H2StreamHost {
 public:
  H2Connection(Stream stream, std::unique_ptr<H2Session> session, std::string first_write,
               std::string already_read, Slot slot, int64_t idle_timeout_ms)
      : slot_(std::move(slot)),
        idle_timeout_ms_(idle_timeout_ms),
        stream_(std::move(stream)),
        session_(std::move(session)),
        pending_(std::move(first_write)),
        already_read_(std::move(already_read)),
        linger_(stream_.get_executor()),
        idle_(stream_.get_executor()) {}

  ~H2Connection() override {
    session_->SetStreamingHooks({});  // they point into this connection
    CloseWriters();
  }

  void Start() {
    H2Session::StreamingHooks hooks;
    hooks.start = [this](int32_t id, std::shared_ptr<BodyProducer> producer) {
      auto writer = std::make_shared<H2BodyWriter>(id, this->weak_from_this());
      writers_[id] = writer;
      // Started once the headers are on their way, outside the session's callbacks.
      asio::post(stream_.get_executor(),
                 [producer = std::move(producer), writer] { producer->Start(writer); });
    };
    hooks.sent = [this](int32_t id, std::size_t bytes) {
      if (auto it = writers_.find(id); it != writers_.end()) it->second->Sent(bytes);
    };
    hooks.closed = [this](int32_t id) {
      auto it = writers_.find(id);
      if (it == writers_.end()) return;
      auto writer = std::move(it->second);
      writers_.erase(it);
      writer->Closed();
      IdleAfterStreams();
    };
    session_->SetStreamingHooks(std::move(hooks));
    if (!already_read_.empty()) {
      ok_ = session_->Receive(reinterpret_cast<const uint8_t*>(already_read_.data()),
                              already_read_.size());
      already_read_.clear();
    }
    Pump();
  }

 private:
  // Writes what the session has to say; reads while it wants to; ends when it wants neither.
  void Pump() {
    if (writing_ || closing_) return;
    std::string out = std::move(pending_);
    pending_.clear();
    out += session_->TakeOutput();
    if (!out.empty()) {
      writing_ = true;
      out_ = std::move(out);
      asio::async_write(stream_, asio::buffer(out_),
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                          self->writing_ = false;
                          if (ec) return self->Close();
                          self->Pump();
                        });
      return;
    }
    if (!ok_ || (!session_->WantsRead() && !session_->WantsWrite())) return Linger();
    if (!reading_) Read();
  }

  void RunOnSession(std::function<void(H2Session&)> task) override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this(), task = std::move(task)] {
      if (self->closed_) return;
      task(*self->session_);
      self->Pump();
    });
  }

  bool Producing() const {
    for (const auto& [id, writer] : writers_) {
      if (writer->producing()) return true;
    }
    return false;
  }

  // Once no streamed answer is producing, the idle timeout applies again, also to the read that
  // is already waiting (Beast arms its timer only for reads started later).
  void IdleAfterStreams() {
    if (idle_timeout_ms_ <= 0 || !reading_ || Producing()) return;
    idle_.expires_after(std::chrono::milliseconds(idle_timeout_ms_));
    idle_.async_wait([self = this->shared_from_this(), reads = reads_](beast::error_code ec) {
      if (ec || self->closed_ || self->reads_ != reads || self->Producing()) return;
      self->Close();
    });
  }

  // Every streamed body ends with the connection (their producers stop).
  void CloseWriters() {
    auto writers = std::move(writers_);
    writers_.clear();
    for (auto& [id, writer] : writers) writer->Closed();
  }

  void Read() {
    reading_ = true;
    // A silent connection is closed, unless a streamed answer is still being produced.
    Expire(stream_, Producing() ? 0 : idle_timeout_ms_);
    stream_.async_read_some(asio::buffer(in_),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->reading_ = false;
                              ++self->reads_;
                              if (self->closed_) return;
                              if (ec) return self->Close();
                              if (self->closing_) return self->Read();  // draining after GOAWAY
                              if (!self->session_->Receive(self->in_.data(), n)) self->ok_ = false;
                              self->Pump();
                            });
  }

  // After the last frame (a GOAWAY): stop sending and drain what the peer still sends for a
  // moment, so that closing does not reset the connection before the peer read the GOAWAY.
  void Linger() {
    closing_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ignored);
    linger_.expires_after(std::chrono::seconds(1));
    linger_.async_wait([self = this->shared_from_this()](beast::error_code) { self->Close(); });
    if (!reading_) Read();
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    linger_.cancel();
    idle_.cancel();
    CloseStream(stream_);
    CloseWriters();
  }

  Slot slot_;
  int64_t idle_timeout_ms_;
  Stream stream_;
  std::unique_ptr<H2Session> session_;
  std::string pending_;
  std::string already_read_;
  std::string out_;
  std::array<uint8_t, 16 * 1024> in_{};
  asio::steady_timer linger_;
  asio::steady_timer idle_;                                   // IdleAfterStreams
  std::map<int32_t, std::shared_ptr<H2BodyWriter>> writers_;  // streamed answers still open
  uint64_t reads_ = 0;                                        // reads completed
  bool ok_ = true;
  bool reading_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool closed_ = false;
};

template <class Stream>
void StartH2(Stream stream, const Shared& shared, std::string already_read, Slot slot) {
  auto session = H2Session::Create(shared.h2, shared.handler);
  if (!session.ok()) {
    LogError("http2: " + session.status().message());
    CloseStream(stream);
    return;
  }
  std::make_shared<H2Connection<Stream>>(std::move(stream), std::move(*session), "",
                                         std::move(already_read), std::move(slot),
                                         shared.options.idle_timeout_ms)
      ->Start();
}

bool HasToken(const std::string& list, std::string_view token) {
  const std::string lower = Lower(list);
  std::size_t pos = 0;
  while (pos <= lower.size()) {
    std::size_t end = lower.find(',', pos);
    if (end == std::string::npos) end = lower.size();
    std::string_view item(lower.data() + pos, end - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == token) return true;
    pos = end + 1;
  }
  return false;
}

// A JSON error body and its content type, or both in CBOR for a CBOR request.
void InAnswerFormat(const std::string& request_type, HttpResponse& response) {
  const bool cbor = request_type.rfind(kCborContentType, 0) == 0;
  response.headers.emplace_back("Content-Type",
                                cbor ? kCborContentType : "application/x-amz-json-1.1");
  if (cbor) response.body = JsonToCbor(nlohmann::json::parse(response.body));
}

// One keep-alive HTTP/1.1 connection: read a request, answer it, repeat until the peer closes or
// a timeout passes (idle before a request, header, body, or a client not taking its answer).
// "Expect: 100-continue" is answered 100 once the headers passed; "Upgrade: h2c" (plain TCP only)
// switches the connection to HTTP/2, the request becoming its stream 1.
template <class Stream>
class Http1Session : public std::enable_shared_from_this<Http1Session<Stream>> {
 public:
  Http1Session(Stream stream, beast::flat_buffer buffer, const Shared& shared, Slot slot)
      : slot_(std::move(slot)),
        stream_(std::move(stream)),
        buffer_(std::move(buffer)),
        shared_(shared) {
    // The peer's address, read once per connection (the admin endpoint serves loopback only).
    beast::error_code ec;
    const auto remote = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) peer_ = remote.address().to_string();
  }

  // The first bytes of the first request are in the buffer already.
  void Start() { ReadHeader(); }

 private:
  // Idle until the next request's first byte (unless pipelined bytes are already buffered).
  void ReadNext() {
    if (buffer_.size() > 0) return ReadHeader();
    Expire(stream_, shared_.options.idle_timeout_ms);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->Close();
                              self->buffer_.commit(n);
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    parser_.emplace();
    parser_->body_limit(shared_.options.body_limit);
    parser_->header_limit(64 * 1024);
    Expire(stream_, shared_.options.header_timeout_ms);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->OnHeader(ec);
                            });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == http::error::body_limit) return TooLarge();
    if (ec) return Close();
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                          if (ec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    if (parser_->is_done()) return OnRead({});
    Expire(stream_, shared_.options.body_timeout_ms);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void TooLarge() {
    HttpResponse too_large;
    too_large.status = 413;
    too_large.body =
        R"({"__type":"RequestEntityTooLargeException","message":"Request body too large."})";
    InAnswerFormat(std::string(parser_->get()[http::field::content_type]), too_large);
    Write(too_large, /*keep_alive=*/false);
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) return TooLarge();
    if (ec) return Close();
    http::request<http::string_body> req = parser_->release();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    for (const auto& field : req) {
      request.headers[Lower(std::string_view(
          field.name_string().data(), field.name_string().size()))] = std::string(field.value());
    }
    request.body = std::move(req.body());
    request.peer = peer_;
    if constexpr (std::is_same_v<Stream, PlainStream>) {
      if (HasToken(request.Header("upgrade"), "h2c") && request.HasHeader("http2-settings") &&
          HasToken(request.Header("connection"), "http2-settings")) {
        const std::string settings = request.Header("http2-settings");
        auto session = H2Session::CreateUpgraded(shared_.h2, shared_.handler, settings, request);
        if (session.ok()) {
          const auto rest = buffer_.data();
          std::string already_read(static_cast<const char*>(rest.data()), rest.size());
          std::make_shared<H2Connection<Stream>>(
              std::move(stream_), std::move(*session),
              "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n",
              std::move(already_read), slot_, shared_.options.idle_timeout_ms)
              ->Start();
          return;
        }
        // A broken HTTP2-Settings: the upgrade is optional, so answer over HTTP/1.1.
      }
    }
    HttpResponse response;
    try {
      response = shared_.handler(request);
    } catch (const std::exception& e) {
      LogError(std::string("request handler failed: ") + e.what());
      response = HttpResponse();
      response.status = 500;
      response = HttpResponse();
      response.status = 500;
      response.body = R"({"__type":"InternalFailure","message":"Internal failure."})";
      InAnswerFormat(request.Header("content-type"), response);
    }
    if (response.drop_connection) return Close();  // a lost answer (fault rules)
    Write(response, req.keep_alive());
  }

  void Write(const HttpResponse& response, bool keep_alive) {
    if (response.producer) {  // a streamed body ends the connection (server/http/streaming.h)
      Expire(stream_, 0);     // a subscription may be quiet for as long as it lasts
      StartChunkedBody(stream_, this->shared_from_this(), response);
      return;
    }
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<http::status>(response.status));
    for (const auto& [name, value] : response.headers) res->set(name, value);
    res->body() = response.body;
    res->keep_alive(keep_alive);
    res->prepare_payload();
    Expire(stream_, shared_.options.idle_timeout_ms);
    http::async_write(
        stream_, *res,
        [self = this->shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
          if (ec || !keep_alive) {
            beast::error_code ignored;
            beast::get_lowest_layer(self->stream_)
                .socket()
                .shutdown(tcp::socket::shutdown_send, ignored);
            return;
          }
          self->ReadNext();
        });
  }

  void Close() { CloseStream(stream_); }

  Slot slot_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const Shared& shared_;
  std::string peer_;
};

// Reads a connection's first bytes: the HTTP/2 preface's request line means HTTP/2 with prior
// knowledge (libnghttp2 then checks the whole preface and answers a broken one with GOAWAY);
// anything else is HTTP/1.1. The bytes read are handed on.
template <class Stream>
class Sniffer : public std::enable_shared_from_this<Sniffer<Stream>> {
 public:
  Sniffer(Stream stream, const Shared& shared, Slot slot)
      : slot_(std::move(slot)), stream_(std::move(stream)), shared_(shared) {}

  void Start() {
    Expire(stream_, buffer_.size() == 0 ? shared_.options.idle_timeout_ms
                                        : shared_.options.header_timeout_ms);
    stream_.async_read_some(buffer_.prepare(64),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->buffer_.commit(n);
                              self->OnRead(ec);
                            });
  }

 private:
  void OnRead(beast::error_code ec) {
    if (ec) return CloseStream(stream_);
    const auto data = buffer_.data();
    const std::string_view got(static_cast<const char*>(data.data()), data.size());
    const std::string_view line = kHttp2Preface.substr(0, 14);  // "PRI * HTTP/2.0"
    const std::size_t n = std::min(got.size(), line.size());
    if (got.substr(0, n) != line.substr(0, n)) {
      std::make_shared<Http1Session<Stream>>(std::move(stream_), std::move(buffer_), shared_,
                                             std::move(slot_))
          ->Start();
    } else if (n == line.size()) {
      StartH2(std::move(stream_), shared_, std::string(got), std::move(slot_));
    } else {
      Start();
    }
  }

  Slot slot_;
  Stream stream_;
  beast::flat_buffer buffer_;
  const Shared& shared_;
};

// ALPN: h2 when the client offers it, else http/1.1, else no protocol (the client chooses).
int SelectAlpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
               unsigned int inlen, void*) {
  static const unsigned char kProtocols[] = "\x02h2\x08http/1.1";
  unsigned char* chosen = nullptr;
  if (SSL_select_next_proto(&chosen, outlen, kProtocols, sizeof(kProtocols) - 1, in, inlen) !=
      OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

struct Listener::Impl {
  Impl(Options o, HttpHandler h)
      : options(std::move(o)),
        handler(std::move(h)),
        shared{handler, options, {}},
        acceptor(ioc),
        backoff(ioc) {
    shared.h2.body_limit = options.body_limit;
    shared.h2.max_concurrent_streams = options.h2_max_concurrent_streams;
    shared.h2.max_header_list_size = options.h2_max_header_list_size;
    shared.h2.streaming = true;  // H2Connection drives streamed answers
  }

  // One accept at a time; its handlers run one after another, so the flags need no lock. Each
  // connection lives on one worker's context, taken in turn.
  void Accept() {
    asio::io_context& home = *workers[next_worker++ % workers.size()];
    acceptor.async_accept(asio::make_strand(home), [this](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted) return;
      if (ec && ec != asio::error::connection_aborted) {
        // EMFILE / ENFILE (or worse): the connection stays queued and accepting again at once
        // would fail at once, in a loop. Wait; a closing connection frees a descriptor.
        if (!backing_off) {
          // strerror, not ec.message(): accept errors are errno values, and UBSan's vptr check
          // trips over Boost's system category object in message().
          LogWarning(std::string("accepting connections: ") + std::strerror(ec.value()) +
                     "; retrying every " + std::to_string(options.accept_backoff_ms) + " ms");
        }
        backing_off = true;
        backoff.expires_after(
            std::chrono::milliseconds(std::max<int64_t>(1, options.accept_backoff_ms)));
        backoff.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec) Accept();
        });
        return;
      }
      if (backing_off) LogInfo("accepting connections again");
      backing_off = false;
      if (!ec && shared.open.load() >= options.max_connections) {
        if (!full) LogWarning("--max-connections reached; closing new connections");
        full = true;
        beast::error_code ignored;
        s.close(ignored);
      } else if (!ec) {
        full = false;
        s.set_option(tcp::no_delay(true), ec);
        auto slot = std::make_shared<ConnectionSlot>(shared.open);
        if (tls) {
          StartTls(std::move(s), std::move(slot));
        } else {
          std::make_shared<Sniffer<PlainStream>>(PlainStream(std::move(s)), shared, std::move(slot))
              ->Start();
        }
      }
      Accept();
    });
  }

  // The TLS handshake, then HTTP/2 when ALPN chose h2, else what the first bytes say.
  void StartTls(tcp::socket s, Slot slot) {
    auto stream = std::make_shared<TlsStream>(std::move(s), *tls);
    Expire(*stream, options.header_timeout_ms);
    stream->async_handshake(ssl::stream_base::server, [this, stream,
                                                       slot](beast::error_code ec) mutable {
      if (ec) return CloseStream(*stream);
      const unsigned char* proto = nullptr;
      unsigned int len = 0;
      SSL_get0_alpn_selected(stream->native_handle(), &proto, &len);
      if (len == 2 && std::memcmp(proto, "h2", 2) == 0) {
        StartH2(std::move(*stream), shared, "", std::move(slot));
      } else {
        std::make_shared<Sniffer<TlsStream>>(std::move(*stream), shared, std::move(slot))->Start();
      }
    });
  }

  Status LoadTls() {
    if (options.tls_cert.empty() != options.tls_key.empty()) {
      return InvalidInputError("TLS needs both a certificate (--tls-cert) and a key (--tls-key)");
    }
    if (options.tls_cert.empty()) return OkStatus();
    tls.emplace(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    // OpenSSL's reason ("no such file", "no start line", "key values mismatch") names the problem.
    auto reason = [](const beast::error_code& ec) {
      const char* r = ERR_reason_error_string(static_cast<unsigned long>(ec.value()));
      return std::string(r ? r : ec.message().c_str());
    };
    for (const std::string* file : {&options.tls_cert, &options.tls_key}) {
      if (!std::ifstream(*file)) return InvalidInputError("cannot read '" + *file + "'");
    }
    beast::error_code ec;
    tls->use_certificate_chain_file(options.tls_cert, ec);
    if (ec) {
      return InvalidInputError("cannot load the TLS certificate '" + options.tls_cert +
                               "' (PEM): " + reason(ec));
    }
    tls->use_private_key_file(options.tls_key, ssl::context::pem, ec);
    if (ec) {
      return InvalidInputError("cannot load the TLS key '" + options.tls_key +
                               "' (PEM, matching the certificate): " + reason(ec));
    }
    SSL_CTX_set_alpn_select_cb(tls->native_handle(), SelectAlpn, nullptr);
    return OkStatus();
  }

  Options options;
  HttpHandler handler;
  Shared shared;  // before the contexts, whose queued connections end with them
  std::optional<ssl::context> tls;
  // One context per worker thread, each run by that thread alone: a connection's reads, its
  // requests and its writes stay on one thread, with no hand-over between threads. Declared
  // before ioc, which goes first: an accept still pending there holds a socket of a worker.
  std::vector<std::unique_ptr<asio::io_context>> workers;
  size_t next_worker = 0;
  asio::io_context ioc;  // the acceptor and the signals
  tcp::acceptor acceptor;
  asio::steady_timer backoff;
  bool backing_off = false;
  bool full = false;
  int port = 0;
};

Listener::Listener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Listener::~Listener() = default;

StatusOr<std::unique_ptr<Listener>> Listener::Bind(const Options& options, HttpHandler handler) {
  auto impl = std::make_unique<Impl>(options, std::move(handler));
  if (Status loaded = impl->LoadTls(); !loaded.ok()) return loaded;
  const std::string where = options.host + ":" + std::to_string(options.port);
  beast::error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (ec) return InvalidInputError("not an IP address: '" + options.host + "'");
  if (options.port < 0 || options.port > 65535) {
    return InvalidInputError("not a port number: " + std::to_string(options.port));
  }
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return InvalidInputError("cannot listen on " + where + ": " + ec.message());
  impl->port = impl->acceptor.local_endpoint().port();
  return std::unique_ptr<Listener>(new Listener(std::move(impl)));
}

int Listener::port() const { return impl_->port; }

bool Listener::tls() const { return impl_->tls.has_value(); }

void Listener::Run(bool handle_signals) {
  std::optional<asio::signal_set> signals;
  if (handle_signals) {
    signals.emplace(impl_->ioc, SIGINT, SIGTERM);
    signals->async_wait([this](beast::error_code ec, int) {
      if (!ec) Stop();
    });
  }
  using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;
  std::vector<WorkGuard> keep_running;
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i) {
    impl_->workers.push_back(std::make_unique<asio::io_context>(1));
    keep_running.push_back(asio::make_work_guard(*impl_->workers.back()));
  }
  impl_->Accept();
  std::vector<std::thread> pool;
  for (auto& worker : impl_->workers) pool.emplace_back([w = worker.get()] { w->run(); });
  impl_->ioc.run();
  for (auto& worker : impl_->workers) worker->stop();
  for (auto& t : pool) t.join();
}

void Listener::Stop() { impl_->ioc.stop(); }

}  // namespace kinesisctl::server
