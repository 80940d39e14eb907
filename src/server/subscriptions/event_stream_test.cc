#include "server/subscriptions/event_stream.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kinesisctl::server {
namespace {

std::string Bytes(std::initializer_list<unsigned> values) {
  std::string out;
  for (unsigned v : values) out.push_back(static_cast<char>(v));
  return out;
}

uint32_t U32(const std::string& s, size_t at) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

TEST(Crc32Test, StandardCheckValue) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("56789", Crc32("1234")), 0xCBF43926u);  // continues
}

// The published event-stream test vectors "empty_message" and "payload_no_headers".
TEST(EventStreamTest, EmptyMessageMatchesTheKnownEncoding) {
  EXPECT_EQ(EncodeEventMessage({}, ""), Bytes({0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x05,
                                               0xc2, 0x48, 0xeb, 0x7d, 0x98, 0xc8, 0xff}));
}

TEST(EventStreamTest, PayloadWithoutHeadersMatchesTheKnownEncoding) {
  const std::string payload = "{'foo':'bar'}";
  EXPECT_EQ(EncodeEventMessage({}, payload),
            Bytes({0x00, 0x00, 0x00, 0x1d, 0x00, 0x00, 0x00, 0x00, 0xfd, 0x52, 0x8c, 0x5a}) +
                payload + Bytes({0xc3, 0x65, 0x39, 0x36}));
}

TEST(EventStreamTest, HeadersAreLengthPrefixedStrings) {
  const std::string m = EncodeEventMessage({{":event-type", "X"}}, "p");
  const std::string header = Bytes({11}) + ":event-type" + Bytes({7, 0, 1}) + "X";
  ASSERT_EQ(m.size(), 12 + header.size() + 1 + 4);
  EXPECT_EQ(U32(m, 0), m.size());
  EXPECT_EQ(U32(m, 4), header.size());
  EXPECT_EQ(U32(m, 8), Crc32(m.substr(0, 8)));
  EXPECT_EQ(m.substr(12, header.size()), header);
  EXPECT_EQ(m.substr(12 + header.size(), 1), "p");
  EXPECT_EQ(U32(m, m.size() - 4), Crc32(m.substr(0, m.size() - 4)));
}

TEST(EventStreamTest, SubscribeToShardMessages) {
  const std::string initial = InitialResponseMessage();
  EXPECT_NE(initial.find(":event-type"), std::string::npos);
  EXPECT_NE(initial.find("initial-response"), std::string::npos);
  EXPECT_EQ(initial.substr(initial.size() - 6, 2), "{}");
  const std::string event = JsonEventMessage("SubscribeToShardEvent", R"({"Records":[]})");
  EXPECT_NE(event.find("application/json"), std::string::npos);
  EXPECT_NE(event.find("SubscribeToShardEvent"), std::string::npos);
  const std::string error = ExceptionMessage("ResourceInUseException", "taken \xff");
  EXPECT_NE(error.find(":message-type"), std::string::npos);
  EXPECT_NE(error.find("exception"), std::string::npos);
  EXPECT_NE(error.find("ResourceInUseException"), std::string::npos);
  EXPECT_EQ(U32(error, error.size() - 4), Crc32(error.substr(0, error.size() - 4)));
}

}  // namespace
}  // namespace kinesisctl::server
