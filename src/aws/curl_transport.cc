#include "aws/curl_transport.h"

#include <strings.h>

#include <algorithm>
#include <cerrno>

#include "aws/curl_library.h"
#include "core/seconds_text.h"

namespace kinesisctl::aws {
namespace {

// Where WriteBody appends, and the most it may hold.
struct BodySink {
  HttpResponse* response;
  size_t max_bytes;
  bool too_large = false;
  // Streaming: a 2xx body goes to on_body; `stopped` when it asked to end the transfer.
  const HttpTransport::BodyCallback* on_body = nullptr;
  const CurlLibrary* lib = nullptr;
  CURL* curl = nullptr;
  bool stopped = false;
};

bool Streams(BodySink* sink) {
  if (sink->on_body == nullptr) return false;
  long status = 0;
  sink->lib->easy_getinfo(sink->curl, CURLINFO_RESPONSE_CODE, &status);
  return status >= 200 && status < 300;
}

// Heartbeat of a streamed transfer: lets the receiver stop while nothing arrives.
int Progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* sink = static_cast<BodySink*>(user);
  if (!Streams(sink)) return 0;
  if (!(*sink->on_body)(std::string_view())) {
    sink->stopped = true;
    return 1;  // CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const size_t n = size * count;
  if (Streams(sink)) {
    if (!(*sink->on_body)(std::string_view(data, n))) {
      sink->stopped = true;
      return 0;
    }
    return n;
  }
  if (n > sink->max_bytes - std::min(sink->max_bytes, sink->response->body.size())) {
    sink->too_large = true;
    return 0;  // CURLE_WRITE_ERROR: the transfer stops here
  }
  sink->response->body.append(data, n);
  return n;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new status line (after 100 Continue or a proxy's CONNECT answer): start over.
    response->headers.clear();
  } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
    response->headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                   std::string(Trim(line.substr(colon + 1))));
  }
  return size * count;
}

long Millis(Duration d) { return static_cast<long>(std::max<Duration::rep>(d.count(), 1)); }

// scheme://host[:port] of a URL, without path or query.
std::string Origin(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const size_t path = url.find_first_of("/?#", scheme_end + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

}  // namespace

std::string DescribeTransportFailure(const TransportFailure& f) {
  const std::string origin = Origin(f.url);
  std::string cause;
  if (f.connection_refused) {
    cause = "connection refused to " + origin;
  } else if (f.timed_out && !f.connected) {
    cause = "could not connect to " + origin + " within " +
            SecondsText(std::min(f.connect_timeout, f.timeout));
  } else if (f.timed_out) {
    cause = "no answer from " + origin + " within " + SecondsText(f.timeout);
  } else if (f.connection_reset) {
    cause = "connection reset by " + origin;
  } else if (f.closed_without_answer) {
    cause = origin + " closed the connection without an answer";
  } else {
    cause = "request to " + origin + " failed";
  }
  return f.detail.empty() ? cause : cause + " (" + f.detail + ")";
}

ProxySettings ProxyFromEnvironment(const Environment& env, std::string_view scheme) {
  ProxySettings settings;
  auto proxy = scheme == "https" ? env.First({"https_proxy", "HTTPS_PROXY"})
                                 : env.First({"http_proxy", "HTTP_PROXY"});
  if (proxy) settings.proxy = *proxy;
  if (auto no_proxy = env.First({"no_proxy", "NO_PROXY"})) settings.no_proxy = *no_proxy;
  return settings;
}

CurlTransport::CurlTransport(CurlTransportOptions options)
    : options_(std::move(options)), curl_(LoadCurl()) {
  if (curl_.ok()) handle_ = (*curl_)->easy_init();
}

CurlTransport::~CurlTransport() {
  if (handle_ != nullptr) (*curl_)->easy_cleanup(static_cast<CURL*>(handle_));
}

StatusOr<HttpResponse> CurlTransport::Send(const HttpRequest& request, Duration timeout) {
  return Perform(request, timeout, nullptr);
}

StatusOr<HttpResponse> CurlTransport::SendStreaming(const HttpRequest& request, Duration timeout,
                                                    const BodyCallback& on_body) {
  return Perform(request, timeout, &on_body);
}

StatusOr<HttpResponse> CurlTransport::Perform(const HttpRequest& request, Duration timeout,
                                              const BodyCallback* on_body) {
  if (!curl_.ok()) return curl_.status();
  const CurlLibrary& lib = **curl_;
  CURL* curl = static_cast<CURL*>(handle_);
  if (curl == nullptr) return Status(codes::kTransport, "libcurl could not be initialised");
  // Reset keeps the live connections (keep-alive) and the DNS cache.
  lib.easy_reset(curl);
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {0};
  lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  lib.easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  lib.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                  Millis(std::min(options_.connect_timeout, timeout)));
  lib.easy_setopt(curl, CURLOPT_TIMEOUT_MS, Millis(timeout));
  lib.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  lib.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_bundle.empty()) {
    lib.easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle.c_str());
  }
  // An empty string disables libcurl's own proxy environment lookup.
  lib.easy_setopt(curl, CURLOPT_PROXY, options_.proxy.proxy.c_str());
  if (!options_.proxy.no_proxy.empty()) {
    lib.easy_setopt(curl, CURLOPT_NOPROXY, options_.proxy.no_proxy.c_str());
  }
  if (request.method == "GET") {
    lib.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    if (request.method == "POST") {
      lib.easy_setopt(curl, CURLOPT_POST, 1L);
    } else {
      lib.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    lib.easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    lib.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                    static_cast<curl_off_t>(request.body.size()));
  }
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    std::string line = name;
    line.append(value.empty() ? ";" : ": ").append(value);
    headers = lib.slist_append(headers, line.c_str());
  }
  headers = lib.slist_append(headers, "Expect:");  // no 100-continue round trip
  const bool has_content_type =
      std::any_of(request.headers.begin(), request.headers.end(), [](const auto& h) {
        return h.first.size() == 12 && strncasecmp(h.first.c_str(), "content-type", 12) == 0;
      });
  if (!has_content_type) headers = lib.slist_append(headers, "Content-Type:");
  lib.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  BodySink sink{&response, options_.max_body_bytes};
  sink.on_body = on_body;
  sink.lib = &lib;
  sink.curl = curl;
  lib.easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  if (on_body != nullptr) {
    lib.easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    lib.easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, Progress);
    lib.easy_setopt(curl, CURLOPT_XFERINFODATA, &sink);
  }
  // An announced Content-Length above the cap fails before any of the body is read.
  // (Not for a streamed answer, whose 2xx body has no cap; an error body still has it below.)
  if (on_body == nullptr) {
    lib.easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(sink.max_bytes));
  }
  lib.easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
  lib.easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  const CURLcode rc = lib.easy_perform(curl);
  lib.slist_free_all(headers);
  // Drop the pointers to this call's locals.
  lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  lib.easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  if (sink.stopped) {  // the receiver ended a streamed answer: not an error
    long status = 0;
    lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
  }
  if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return Status(kResponseTooLarge, request.method + " " + request.url +
                                         " failed: the answer's body is larger than " +
                                         std::to_string(sink.max_bytes) +
                                         " bytes, the most this client accepts");
  }
  if (rc != CURLE_OK) {
    TransportFailure f;
    f.url = request.url;
    f.detail = error[0] != '\0' ? error : lib.easy_strerror(rc);
    f.timeout = timeout;
    f.connect_timeout = options_.connect_timeout;
    long os_errno = 0;
    lib.easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
    curl_off_t connect_time = 0;
    lib.easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect_time);
    f.connected = connect_time > 0;
    f.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    f.connection_refused = rc == CURLE_COULDNT_CONNECT && os_errno == ECONNREFUSED;
    f.connection_reset = os_errno == ECONNRESET || os_errno == EPIPE;
    f.closed_without_answer = rc == CURLE_GOT_NOTHING;
    return Status(codes::kTransport, DescribeTransportFailure(f));
  }
  long status = 0;
  lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace kinesisctl::aws
