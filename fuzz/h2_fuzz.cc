// libFuzzer target: the HTTP/2 entry of the server (H2Session over libnghttp2) without sockets.
// Each input is what a client sends after the connection preface: its first byte chooses how the
// bytes are cut into reads (1 to 256 bytes each), the rest are frames. Requests go to a handler
// that answers 200 with a body as long as the request's (so answers cross DATA frames and flow
// control). Whatever the input: no crash or sanitizer report, every byte the session writes is a
// sequence of whole frames of at most 16,384 bytes of payload (the default
// SETTINGS_MAX_FRAME_SIZE), and once the session gives up it neither reads nor takes more bytes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "server/http/h2_session.h"

namespace ks = kinesisctl::server;

namespace {

ks::HttpResponse Answer(const ks::HttpRequest& request) {
  ks::HttpResponse r;
  r.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
  r.body.assign(std::min<std::size_t>(request.body.size() * 3, 1 << 20), 'x');
  return r;
}

// Checks that `out` (everything written so far, from the start) is whole frames.
void CheckFrames(const std::string& out, std::size_t& parsed) {
  while (out.size() - parsed >= 9) {
    const auto* p = reinterpret_cast<const uint8_t*>(out.data() + parsed);
    const std::size_t length = (std::size_t{p[0]} << 16) | (std::size_t{p[1]} << 8) | p[2];
    if (length > 16384) std::abort();
    if (out.size() - parsed < 9 + length) break;
    parsed += 9 + length;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ks::HttpHandler* handler = new ks::HttpHandler(Answer);
  if (size == 0) return 0;
  const std::size_t cut = std::size_t{data[0]} + 1;
  std::string input(ks::kHttp2Preface);
  input.append(reinterpret_cast<const char*>(data + 1), size - 1);

  ks::H2Session::Options options;
  options.body_limit = 64 * 1024;  // small, so that the 413 path is reachable
  auto session = ks::H2Session::Create(options, *handler);
  if (!session.ok()) std::abort();
  std::string written;
  std::size_t parsed = 0;
  bool alive = true;
  for (std::size_t at = 0; at < input.size() && alive; at += cut) {
    const std::size_t n = std::min(cut, input.size() - at);
    alive = (*session)->Receive(reinterpret_cast<const uint8_t*>(input.data() + at), n);
    written += (*session)->TakeOutput();
    CheckFrames(written, parsed);
    if (!alive && (*session)->WantsRead()) std::abort();
  }
  // Drain: the session must run dry, never loop forever.
  for (int i = 0; i < 64 && (*session)->WantsWrite(); ++i) {
    written += (*session)->TakeOutput();
  }
  CheckFrames(written, parsed);
  if (parsed != written.size()) std::abort();
  return 0;
}
