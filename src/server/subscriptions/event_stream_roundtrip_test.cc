// The client's decoder (core) reads what the server's encoder writes, fed in pieces of every
// size, and refuses corrupted bytes.
#include <gtest/gtest.h>

#include "core/event_stream_decoder.h"
#include "server/subscriptions/event_stream.h"

namespace kinesisctl::server {
namespace {

TEST(EventStreamRoundTripTest, DecodesTheServersMessagesInAnyPieces) {
  const std::string stream = InitialResponseMessage() +
                             JsonEventMessage("SubscribeToShardEvent", R"({"Records":[]})") +
                             ExceptionMessage("ResourceNotFoundException", "gone");
  for (size_t piece = 1; piece <= stream.size(); piece += 7) {
    EventStreamDecoder decoder;
    std::vector<EventMessage> got;
    for (size_t i = 0; i < stream.size(); i += piece) {
      auto messages = decoder.Feed(std::string_view(stream).substr(i, piece));
      ASSERT_TRUE(messages.ok()) << messages.status().message();
      for (auto& m : *messages) got.push_back(std::move(m));
    }
    EXPECT_TRUE(decoder.idle());
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].Header(":event-type"), "initial-response");
    EXPECT_EQ(got[1].Header(":event-type"), "SubscribeToShardEvent");
    EXPECT_EQ(got[1].payload, R"({"Records":[]})");
    EXPECT_EQ(got[2].Header(":message-type"), "exception");
    EXPECT_EQ(got[2].Header(":exception-type"), "ResourceNotFoundException");
  }
}

TEST(EventStreamRoundTripTest, CrcMatchesZlib) {
  const std::string text = "123456789";
  EXPECT_EQ(EventStreamCrc32(text), Crc32(text));
  EXPECT_EQ(EventStreamCrc32(text), 0xcbf43926u);
}

TEST(EventStreamRoundTripTest, RefusesCorruption) {
  std::string message = JsonEventMessage("SubscribeToShardEvent", R"({"Records":[]})");
  std::string payload_flip = message;
  payload_flip[payload_flip.size() - 6] ^= 1;
  EventStreamDecoder a;
  EXPECT_FALSE(a.Feed(payload_flip).ok());
  EXPECT_FALSE(a.Feed(message).ok());  // stays failed
  std::string prelude_flip = message;
  prelude_flip[2] ^= 1;
  EventStreamDecoder b;
  EXPECT_FALSE(b.Feed(prelude_flip).ok());
  EventStreamDecoder c(16);
  EXPECT_FALSE(c.Feed(message).ok());  // over the size limit
}

}  // namespace
}  // namespace kinesisctl::server
