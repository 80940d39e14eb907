#include "server/http/h2_session.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <exception>
#include <utility>

#include "core/log.h"
#include "server/http/streaming.h"

namespace kinesisctl::server {

struct H2Session::Stream {
  HttpRequest request;
  std::size_t header_bytes = 0;
  int reject_status = 0;  // 413 or 431 once refused; the request is then never handled
  bool answered = false;
  bool streamed = false;                  // the body comes from a BodyProducer (StreamingHooks)
  std::shared_ptr<BodyProducer> waiting;  // streamed, before SetStreamingHooks
  bool counted = true;  // the body came in DATA frames, so it holds connection window
  // The answer's body: what is not sent yet starts at `sent`; `eof` once the last piece is in.
  std::string out;
  std::size_t sent = 0;
  bool eof = false;
};

namespace {

Status InternalError(std::string message) { return Status(codes::kInternal, std::move(message)); }

constexpr char kJson11[] = "application/x-amz-json-1.1";

HttpResponse ErrorAnswer(int status, const char* type, const char* message) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("content-type", kJson11);
  r.body = std::string(R"({"__type":")") + type + R"(","message":")" + message + "\"}";
  return r;
}

// base64url (RFC 4648 section 5), padding optional, as in the HTTP2-Settings header.
bool DecodeBase64Url(const std::string& in, std::string& out) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-' || c == '+') return 62;
    if (c == '_' || c == '/') return 63;
    return -1;
  };
  std::string s = in;
  while (!s.empty() && s.back() == '=') s.pop_back();
  if (s.size() % 4 == 1) return false;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    const int v = value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return true;
}

bool IsConnectionSpecific(const std::string& lower_name) {
  return lower_name == "connection" || lower_name == "keep-alive" ||
         lower_name == "transfer-encoding" || lower_name == "upgrade" ||
         lower_name == "proxy-connection" || lower_name == "content-length";
}

}  // namespace

// The libnghttp2 callbacks, with access to the session's internals.
struct H2Callbacks {
  static H2Session& Self(void* user_data) { return *static_cast<H2Session*>(user_data); }

  static int OnBeginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    Self(user_data).streams_[frame->hd.stream_id] = std::make_unique<H2Session::Stream>();
    return 0;
  }

  static int OnHeader(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                      size_t namelen, const uint8_t* value, size_t valuelen, uint8_t,
                      void* user_data) {
    H2Session& self = Self(user_data);
    auto it = self.streams_.find(frame->hd.stream_id);
    if (it == self.streams_.end()) return 0;  // trailers of an unknown stream: ignore
    H2Session::Stream& s = *it->second;
    if (s.reject_status) return 0;
    s.header_bytes += namelen + valuelen + 32;
    if (s.header_bytes > self.options_.max_header_list_size) {
      s.reject_status = 431;
      s.request = HttpRequest();
      return 0;
    }
    const std::string_view n(reinterpret_cast<const char*>(name), namelen);
    const std::string v(reinterpret_cast<const char*>(value), valuelen);
    if (n == ":method") {
      s.request.method = v;
    } else if (n == ":path") {
      s.request.target = v;
    } else if (n == ":authority") {
      s.request.headers.emplace("host", v);
    } else if (!n.empty() && n[0] == ':') {
      // :scheme (and :protocol): nothing the front door needs.
    } else {
      std::string key(n);
      auto [at, inserted] = s.request.headers.emplace(key, v);
      if (!inserted) at->second += (key == "cookie" ? "; " : ", ") + v;
    }
    return 0;
  }

  static int OnDataChunk(nghttp2_session* session, uint8_t, int32_t stream_id, const uint8_t* data,
                         size_t len, void* user_data) {
    H2Session& self = Self(user_data);
    nghttp2_session_consume_stream(session, stream_id, len);  // the stream's own window reopens
    auto it = self.streams_.find(stream_id);
    if (it == self.streams_.end() || it->second->reject_status) {
      nghttp2_session_consume_connection(session, len);
      return 0;
    }
    H2Session::Stream& s = *it->second;
    if (s.request.body.size() + len > self.options_.body_limit) {
      nghttp2_session_consume_connection(session, s.request.body.size() + len);
      Reject(self, stream_id, s, 413);
      return 0;
    }
    s.request.body.append(reinterpret_cast<const char*>(data), len);
    return 0;
  }

  static int OnFrameRecv(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    H2Session& self = Self(user_data);
    if (frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) return 0;
    auto it = self.streams_.find(frame->hd.stream_id);
    if (it == self.streams_.end()) return 0;
    H2Session::Stream& s = *it->second;
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
      if (s.reject_status) {
        Reject(self, frame->hd.stream_id, s, s.reject_status);
        return 0;
      }
      // An announced body over the limit is refused before any of it arrives.
      const std::string& length = s.request.Header("content-length");
      uint64_t n = 0;
      const auto [p, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
      if (!length.empty() && ec == std::errc() && n > self.options_.body_limit) {
        Reject(self, frame->hd.stream_id, s, 413);
        return 0;
      }
    }
    if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) && !s.reject_status && !s.answered) {
      self.ready_.push_back(frame->hd.stream_id);
    }
    return 0;
  }

  static int OnStreamClose(nghttp2_session* session, int32_t stream_id, uint32_t, void* user_data) {
    H2Session& self = Self(user_data);
    auto it = self.streams_.find(stream_id);
    if (it == self.streams_.end()) return 0;
    // Whatever the stream still held counts as consumed, so the connection window reopens.
    if (!it->second->answered && it->second->counted) {
      nghttp2_session_consume_connection(session, it->second->request.body.size());
    }
    const bool streamed = it->second->streamed;
    self.streams_.erase(it);
    self.ready_.erase(std::remove(self.ready_.begin(), self.ready_.end(), stream_id),
                      self.ready_.end());
    if (streamed && self.hooks_.closed) self.hooks_.closed(stream_id);
    return 0;
  }

  static ssize_t ReadBody(nghttp2_session*, int32_t stream_id, uint8_t* buf, size_t length,
                          uint32_t* data_flags, nghttp2_data_source*, void* user_data) {
    H2Session& self = Self(user_data);
    auto it = self.streams_.find(stream_id);
    if (it == self.streams_.end()) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    H2Session::Stream& s = *it->second;
    const std::size_t n = std::min(length, s.out.size() - s.sent);
    if (n == 0 && !s.eof) return NGHTTP2_ERR_DEFERRED;
    std::memcpy(buf, s.out.data() + s.sent, n);
    s.sent += n;
    if (s.streamed && n > 0 && self.hooks_.sent) self.hooks_.sent(stream_id, n);
    if (s.sent == s.out.size()) {
      s.out.clear();
      s.sent = 0;
      if (s.eof) *data_flags |= NGHTTP2_DATA_FLAG_EOF;
    }
    return static_cast<ssize_t>(n);
  }

  static void Reject(H2Session& self, int32_t stream_id, H2Session::Stream& s, int status) {
    s.reject_status = status;
    s.request.body.clear();
    s.request.body.shrink_to_fit();
    if (s.answered) return;
    self.Answer(stream_id, status == 413 ? ErrorAnswer(413, "RequestEntityTooLargeException",
                                                       "Request body too large.")
                                         : ErrorAnswer(431, "RequestHeaderFieldsTooLarge",
                                                       "Request header fields too large."));
  }
};

H2Session::H2Session(const Options& options, const HttpHandler& handler)
    : options_(options), handler_(handler) {
  options_.connection_window_size = static_cast<uint32_t>(
      std::min<uint64_t>(std::max<uint64_t>(options_.connection_window_size,
                                            uint64_t{options_.body_limit} + (1u << 20)),
                         NGHTTP2_MAX_WINDOW_SIZE));
}

H2Session::~H2Session() { nghttp2_session_del(session_); }

Status H2Session::Init() {
  nghttp2_session_callbacks* callbacks = nullptr;
  if (nghttp2_session_callbacks_new(&callbacks) != 0) return InternalError("out of memory");
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, H2Callbacks::OnBeginHeaders);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, H2Callbacks::OnHeader);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, H2Callbacks::OnDataChunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, H2Callbacks::OnFrameRecv);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, H2Callbacks::OnStreamClose);
  nghttp2_option* option = nullptr;
  nghttp2_option_new(&option);
  // The connection window is handed back only once a request has been handled (below, and in
  // OnStreamClose); each stream's own window reopens as its data arrives.
  nghttp2_option_set_no_auto_window_update(option, 1);
  const int rv = nghttp2_session_server_new2(&session_, callbacks, this, option);
  nghttp2_option_del(option);
  nghttp2_session_callbacks_del(callbacks);
  if (rv != 0) return InternalError(std::string("nghttp2: ") + nghttp2_strerror(rv));
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, options_.max_concurrent_streams},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, options_.max_header_list_size},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, options_.initial_window_size},
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
  };
  if (nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings)) != 0 ||
      nghttp2_session_set_local_window_size(
          session_, NGHTTP2_FLAG_NONE, 0, static_cast<int32_t>(options_.connection_window_size)) !=
          0) {
    return InternalError("nghttp2: cannot submit SETTINGS");
  }
  return OkStatus();
}

StatusOr<std::unique_ptr<H2Session>> H2Session::Create(const Options& options,
                                                       const HttpHandler& handler) {
  std::unique_ptr<H2Session> s(new H2Session(options, handler));
  if (Status st = s->Init(); !st.ok()) return st;
  return s;
}

StatusOr<std::unique_ptr<H2Session>> H2Session::CreateUpgraded(const Options& options,
                                                               const HttpHandler& handler,
                                                               const std::string& http2_settings,
                                                               HttpRequest request) {
  std::string payload;
  if (!DecodeBase64Url(http2_settings, payload) || payload.size() % 6 != 0) {
    return InvalidInputError("HTTP2-Settings is not a base64url SETTINGS payload");
  }
  std::unique_ptr<H2Session> s(new H2Session(options, handler));
  if (Status st = s->Init(); !st.ok()) return st;
  const int rv =
      nghttp2_session_upgrade2(s->session_, reinterpret_cast<const uint8_t*>(payload.data()),
                               payload.size(), request.method == "HEAD", nullptr);
  if (rv != 0) return InvalidInputError(std::string("HTTP2-Settings: ") + nghttp2_strerror(rv));
  auto stream = std::make_unique<Stream>();
  stream->request = std::move(request);
  stream->counted = false;  // the body came over HTTP/1.1, outside the HTTP/2 windows
  s->streams_[1] = std::move(stream);
  s->ready_.push_back(1);
  s->HandleReady();
  return s;
}

bool H2Session::Receive(const uint8_t* data, std::size_t size) {
  if (broken_) return false;
  const auto rv = nghttp2_session_mem_recv(session_, data, size);
  if (rv < 0) {
    // A broken preface (or a failure libnghttp2 could not map to an answer of its own): GOAWAY
    // with PROTOCOL_ERROR, then the caller closes the connection.
    LogInfo(std::string("http2: closing a connection: ") + nghttp2_strerror(static_cast<int>(rv)));
    nghttp2_session_terminate_session(session_, NGHTTP2_PROTOCOL_ERROR);
    broken_ = true;
    return false;
  }
  HandleReady();
  return true;
}

void H2Session::HandleReady() {
  // Handle in arrival order; Answer() may not close streams, but be safe against erasure.
  std::vector<int32_t> ready;
  ready.swap(ready_);
  for (int32_t id : ready) {
    auto it = streams_.find(id);
    if (it == streams_.end() || it->second->answered) continue;
    Stream& s = *it->second;
    HttpResponse response;
    try {
      response = handler_(s.request);
    } catch (const std::exception& e) {
      LogError(std::string("request handler failed: ") + e.what());
      response = ErrorAnswer(500, "InternalFailure", "Internal failure.");
    }
    if (response.producer && !options_.streaming) {
      response = ErrorAnswer(400, "InvalidArgumentException",
                             "This connection cannot stream answers (SubscribeToShard).");
    }
    if (s.counted) nghttp2_session_consume_connection(session_, s.request.body.size());
    s.request.body.clear();
    s.request.body.shrink_to_fit();
    if (response.producer) {
      // Headers now; the body comes through AppendBody as the producer makes it.
      s.streamed = true;
      if (!StartResponse(id, response).ok()) {
        s.streamed = false;
      } else if (hooks_.start) {
        hooks_.start(id, std::move(response.producer));
      } else {
        s.waiting = std::move(response.producer);
      }
      continue;
    }
    Answer(id, response);
  }
}

void H2Session::Answer(int32_t stream_id, const HttpResponse& response) {
  if (!StartResponse(stream_id, response).ok()) return;
  (void)AppendBody(stream_id, response.body, /*last=*/true);
}

Status H2Session::StartResponse(int32_t stream_id, const HttpResponse& head) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return InvalidInputError("no open stream " + std::to_string(stream_id));
  Stream& s = *it->second;
  if (s.answered) return InvalidInputError("stream already answered");
  s.answered = true;
  std::vector<std::pair<std::string, std::string>> fields;
  fields.emplace_back(":status", std::to_string(head.status));
  for (const auto& [name, value] : head.headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (IsConnectionSpecific(lower)) continue;
    fields.emplace_back(std::move(lower), value);
  }
  std::vector<nghttp2_nv> nva;
  nva.reserve(fields.size());
  for (auto& [name, value] : fields) {
    nva.push_back({reinterpret_cast<uint8_t*>(name.data()),
                   reinterpret_cast<uint8_t*>(value.data()), name.size(), value.size(),
                   NGHTTP2_NV_FLAG_NONE});
  }
  nghttp2_data_provider provider{};
  provider.read_callback = H2Callbacks::ReadBody;
  const int rv = nghttp2_submit_response(session_, stream_id, nva.data(), nva.size(), &provider);
  if (rv != 0) return InternalError(std::string("nghttp2: ") + nghttp2_strerror(rv));
  return OkStatus();
}

Status H2Session::AppendBody(int32_t stream_id, std::string_view data, bool last) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return InvalidInputError("no open stream " + std::to_string(stream_id));
  Stream& s = *it->second;
  if (!s.answered || s.eof) return InvalidInputError("stream not open for a body");
  if (s.sent > 0) {  // drop what was framed, so a long-lived body does not grow
    s.out.erase(0, s.sent);
    s.sent = 0;
  }
  s.out.append(data);
  s.eof = last;
  nghttp2_session_resume_data(session_, stream_id);  // fails harmlessly when not deferred
  return OkStatus();
}

void H2Session::SetStreamingHooks(StreamingHooks hooks) {
  hooks_ = std::move(hooks);
  if (!hooks_.start) return;
  for (auto& [id, stream] : streams_) {
    if (stream->waiting) hooks_.start(id, std::move(stream->waiting));
  }
}

void H2Session::ResetStream(int32_t stream_id) {
  nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, stream_id, NGHTTP2_CANCEL);
}

std::string H2Session::TakeOutput(std::size_t max) {
  std::string out;
  while (out.size() < max) {
    const uint8_t* data = nullptr;
    const auto n = nghttp2_session_mem_send(session_, &data);
    if (n <= 0) {
      if (n < 0) broken_ = true;
      break;
    }
    out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
  }
  return out;
}

bool H2Session::WantsRead() const { return !broken_ && nghttp2_session_want_read(session_) != 0; }
bool H2Session::WantsWrite() const { return nghttp2_session_want_write(session_) != 0; }

}  // namespace kinesisctl::server
