// Unit tests for H2Session, driven from memory with hand-made frames (HPACK literals).
#include "server/http/h2_session.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "server/http/streaming.h"

namespace kinesisctl::server {
namespace {

std::string Frame(uint8_t type, uint8_t flags, uint32_t stream, const std::string& payload) {
  std::string f;
  const auto n = static_cast<uint32_t>(payload.size());
  f += static_cast<char>((n >> 16) & 0xff);
  f += static_cast<char>((n >> 8) & 0xff);
  f += static_cast<char>(n & 0xff);
  f += static_cast<char>(type);
  f += static_cast<char>(flags);
  for (int shift : {24, 16, 8, 0}) f += static_cast<char>((stream >> shift) & 0xff);
  return f + payload;
}

// A header block of literals without indexing (names and values under 127 bytes).
std::string Block(const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    out += '\0';
    out += static_cast<char>(name.size());
    out += name;
    out += static_cast<char>(value.size());
    out += value;
  }
  return out;
}

struct Parsed {
  uint8_t type;
  uint8_t flags;
  uint32_t stream;
  std::string payload;
};

std::vector<Parsed> Frames(const std::string& out) {
  std::vector<Parsed> frames;
  std::size_t at = 0;
  while (out.size() - at >= 9) {
    const auto* p = reinterpret_cast<const uint8_t*>(out.data() + at);
    const std::size_t n = (std::size_t{p[0]} << 16) | (std::size_t{p[1]} << 8) | p[2];
    const uint32_t stream =
        (uint32_t{p[5]} << 24 | uint32_t{p[6]} << 16 | uint32_t{p[7]} << 8 | p[8]) & 0x7fffffffu;
    frames.push_back({p[3], p[4], stream, out.substr(at + 9, n)});
    at += 9 + n;
  }
  EXPECT_EQ(at, out.size()) << "partial frame";
  return frames;
}

class H2SessionTest : public ::testing::Test {
 protected:
  HttpHandler handler_ = [this](const HttpRequest& r) {
    seen_.push_back(r);
    HttpResponse response;
    response.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
    response.headers.emplace_back("Connection", "keep-alive");  // must not reach HTTP/2
    response.body = "answer to " + r.body;
    return response;
  };
  std::vector<HttpRequest> seen_;

  static std::string Request(uint32_t stream, const std::string& body) {
    return Frame(1, 0x4, stream,
                 Block({{":method", "POST"},
                        {":scheme", "http"},
                        {":path", "/"},
                        {":authority", "127.0.0.1:4567"},
                        {"x-amz-target", "K.ListStreams"}})) +
           Frame(0, 0x1, stream, body);
  }
  static bool Feed(H2Session& s, const std::string& bytes) {
    return s.Receive(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
};

TEST_F(H2SessionTest, AnswersRequestsOnTheirStreams) {
  auto session = H2Session::Create({}, handler_);
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(Feed(**session, std::string(kHttp2Preface) + Frame(4, 0, 0, "") + Request(1, "a") +
                                  Request(3, "bb")));
  ASSERT_EQ(seen_.size(), 2u);
  EXPECT_EQ(seen_[0].method, "POST");
  EXPECT_EQ(seen_[0].target, "/");
  EXPECT_EQ(seen_[0].Header("host"), "127.0.0.1:4567");
  EXPECT_EQ(seen_[0].Header("x-amz-target"), "K.ListStreams");
  EXPECT_EQ(seen_[1].body, "bb");
  std::map<uint32_t, std::string> bodies;
  bool settings = false;
  for (const Parsed& f : Frames((*session)->TakeOutput())) {
    if (f.type == 4 && !(f.flags & 1)) settings = true;
    if (f.type == 0) bodies[f.stream] += f.payload;
    if (f.type == 1) {
      EXPECT_EQ(f.payload.find("keep-alive"), std::string::npos);
    }
  }
  EXPECT_TRUE(settings);
  EXPECT_EQ(bodies[1], "answer to a");
  EXPECT_EQ(bodies[3], "answer to bb");
  EXPECT_TRUE((*session)->WantsRead());
}

TEST_F(H2SessionTest, BrokenPrefaceEndsWithGoaway) {
  auto session = H2Session::Create({}, handler_);
  ASSERT_TRUE(session.ok());
  EXPECT_FALSE(Feed(**session, "PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n"));
  const auto frames = Frames((*session)->TakeOutput());
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.back().type, 7);  // GOAWAY
  EXPECT_FALSE((*session)->WantsRead());
  EXPECT_TRUE(seen_.empty());
}

TEST_F(H2SessionTest, BodyOverTheLimitIs413ForThatStreamOnly) {
  H2Session::Options options;
  options.body_limit = 4;
  auto session = H2Session::Create(options, handler_);
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(Feed(**session, std::string(kHttp2Preface) + Frame(4, 0, 0, "") +
                                  Request(1, "too long") + Request(3, "ok")));
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].body, "ok");
  std::map<uint32_t, std::string> bodies;
  for (const Parsed& f : Frames((*session)->TakeOutput())) {
    if (f.type == 0) bodies[f.stream] += f.payload;
  }
  EXPECT_NE(bodies[1].find("RequestEntityTooLargeException"), std::string::npos);
  EXPECT_EQ(bodies[3], "answer to ok");
}

TEST_F(H2SessionTest, UpgradeAnswersTheFirstRequestOnStreamOne) {
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.body = "up";
  EXPECT_FALSE(H2Session::CreateUpgraded({}, handler_, "not base64!", request).ok());
  // SETTINGS_MAX_CONCURRENT_STREAMS=100, as curl sends it.
  auto session = H2Session::CreateUpgraded({}, handler_, "AAMAAABk", request);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  ASSERT_EQ(seen_.size(), 1u);
  ASSERT_TRUE(Feed(**session, std::string(kHttp2Preface) + Frame(4, 0, 0, "")));
  std::string body;
  for (const Parsed& f : Frames((*session)->TakeOutput())) {
    if (f.type == 0 && f.stream == 1) body += f.payload;
  }
  EXPECT_EQ(body, "answer to up");
}

class NeverStarted final : public BodyProducer {
 public:
  void Start(std::shared_ptr<BodyWriter>) override {}
};

TEST_F(H2SessionTest, StreamedAnswersGoThroughTheHooks) {
  HttpHandler streamed = [this](const HttpRequest& r) {
    HttpResponse response = handler_(r);
    if (r.body == "stream") response.producer = std::make_shared<NeverStarted>();
    return response;
  };
  // Without Options::streaming the answer is refused, for that stream only.
  {
    auto session = H2Session::Create({}, streamed);
    ASSERT_TRUE(session.ok());
    ASSERT_TRUE(Feed(**session, std::string(kHttp2Preface) + Frame(4, 0, 0, "") +
                                    Request(1, "stream") + Request(3, "x")));
    std::map<uint32_t, std::string> bodies;
    for (const Parsed& f : Frames((*session)->TakeOutput())) {
      if (f.type == 0) bodies[f.stream] += f.payload;
    }
    EXPECT_NE(bodies[1].find("InvalidArgumentException"), std::string::npos) << bodies[1];
    EXPECT_EQ(bodies[3], "answer to x");
  }
  H2Session::Options options;
  options.streaming = true;
  auto session = H2Session::Create(options, streamed);
  ASSERT_TRUE(session.ok());
  std::vector<int32_t> started, closed;
  std::size_t sent = 0;
  H2Session::StreamingHooks hooks;
  hooks.start = [&](int32_t id, std::shared_ptr<BodyProducer> producer) {
    EXPECT_NE(producer, nullptr);
    started.push_back(id);
  };
  hooks.sent = [&](int32_t, std::size_t n) { sent += n; };
  hooks.closed = [&](int32_t id) { closed.push_back(id); };
  (*session)->SetStreamingHooks(hooks);
  ASSERT_TRUE(Feed(**session, std::string(kHttp2Preface) + Frame(4, 0, 0, "") +
                                  Request(1, "stream") + Request(3, "x")));
  ASSERT_EQ(started, std::vector<int32_t>{1});
  // Headers for stream 1, the whole answer of stream 3 meanwhile; no DATA for 1 yet.
  std::string body1, body3;
  bool headers1 = false;
  for (const Parsed& f : Frames((*session)->TakeOutput())) {
    if (f.type == 1 && f.stream == 1) headers1 = true;
    if (f.type == 0 && f.stream == 1) body1 += f.payload;
    if (f.type == 0 && f.stream == 3) body3 += f.payload;
  }
  EXPECT_TRUE(headers1);
  EXPECT_EQ(body1, "");
  EXPECT_EQ(body3, "answer to x");
  ASSERT_TRUE((*session)->AppendBody(1, "piece one ", false).ok());
  ASSERT_TRUE((*session)->AppendBody(1, "piece two", true).ok());
  bool ended = false;
  for (const Parsed& f : Frames((*session)->TakeOutput())) {
    if (f.type == 0 && f.stream == 1) {
      body1 += f.payload;
      ended = ended || (f.flags & 0x1);
    }
  }
  EXPECT_EQ(body1, "piece one piece two");
  EXPECT_TRUE(ended);
  EXPECT_EQ(sent, body1.size());
  EXPECT_EQ(closed, std::vector<int32_t>{1});
  // A peer's RST_STREAM closes a streamed answer too.
  ASSERT_TRUE(Feed(**session, Request(5, "stream")));
  ASSERT_EQ(started, (std::vector<int32_t>{1, 5}));
  (void)(*session)->TakeOutput();
  ASSERT_TRUE(Feed(**session, Frame(3, 0, 5, std::string("\0\0\0\x08", 4))));
  EXPECT_EQ(closed, (std::vector<int32_t>{1, 5}));
  EXPECT_FALSE((*session)->AppendBody(5, "late", false).ok());
}

}  // namespace
}  // namespace kinesisctl::server
