#include "server/cbor/cbor_codec.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "kinesisctl/clock.h"
#include "server/cbor/cbor_answer.h"
#include "server/front_door.h"
#include "server/storage/storage.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out += static_cast<char>(b);
  return out;
}

// {"a": <item>} with `item` given as raw bytes.
std::string MapA(const std::string& item) { return Bytes({0xa1, 0x61, 'a'}) + item; }

json Decoded(const std::string& bytes) {
  auto doc = CborToJson(bytes);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return doc.ok() ? *doc : json();
}

std::string DecodeError(const std::string& bytes) {
  auto doc = CborToJson(bytes);
  EXPECT_FALSE(doc.ok()) << doc->dump();
  if (doc.ok()) return "";
  EXPECT_EQ(doc.status().code(), "SerializationException");
  EXPECT_EQ(doc.status().http_status(), 400);
  return doc.status().message();
}

TEST(CborCodec, DecodesScalarsToTheirJsonValues) {
  // {"s": "hi", "u": 500, "n": -2, "f": 1.5, "t": true, "z": null}
  const std::string body =
      Bytes({0xa6, 0x61, 's', 0x62, 'h',  'i',  0x61, 'u', 0x19, 0x01, 0xf4, 0x61, 'n',
             0x21, 0x61, 'f', 0xf9, 0x3e, 0x00, 0x61, 't', 0xf5, 0x61, 'z',  0xf6});
  EXPECT_EQ(Decoded(body),
            json({{"s", "hi"}, {"u", 500}, {"n", -2}, {"f", 1.5}, {"t", true}, {"z", nullptr}}));
}

TEST(CborCodec, ByteStringsBecomeBase64AsJsonClientsSendBlobs) {
  EXPECT_EQ(Decoded(MapA(Bytes({0x43, 'a', 'b', 'c'}))), json({{"a", "YWJj"}}));
  EXPECT_EQ(Decoded(MapA(Bytes({0x40}))), json({{"a", ""}}));
  // Not UTF-8: bytes are bytes.
  EXPECT_EQ(Decoded(MapA(Bytes({0x42, 0xff, 0x00}))), json({{"a", "/wA="}}));
}

TEST(CborCodec, Tag1IsEpochMillisecondsAndBecomesEpochSeconds) {
  // 1(1700000000000): whole seconds stay whole.
  EXPECT_EQ(Decoded(MapA(Bytes({0xc1, 0x1b, 0, 0, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00}))),
            json({{"a", 1700000000}}));
  // 1(1700000000123): the fraction reads back as exactly 123 ms the way the actions read it.
  const json doc = Decoded(MapA(Bytes({0xc1, 0x1b, 0, 0, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x7b})));
  ASSERT_TRUE(doc["a"].is_number_float());
  EXPECT_EQ(static_cast<int64_t>(doc["a"].get<double>() * 1000.0), 1700000000123);
  // Every millisecond of a second reads back exactly.
  for (int64_t ms = 1700000000000; ms < 1700000001000; ++ms) {
    std::string item = Bytes({0xc1, 0x1b});
    for (int shift = 56; shift >= 0; shift -= 8) item += static_cast<char>((ms >> shift) & 0xff);
    const json d = Decoded(MapA(item));
    ASSERT_EQ(static_cast<int64_t>(d["a"].get<double>() * 1000.0), ms) << ms;
  }
  // Other tags are transparent.
  EXPECT_EQ(Decoded(MapA(Bytes({0xd8, 0x20, 0x61, 'x'}))), json({{"a", "x"}}));
}

TEST(CborCodec, IndefiniteLengthItemsAsJacksonWritesThem) {
  // {_ "a": [_ 1, 2], "b": (_ h'01', h'02'), "c": (_ "x", "y")}
  const std::string body =
      Bytes({0xbf, 0x61, 'a',  0x9f, 0x01, 0x02, 0xff, 0x61, 'b',  0x5f, 0x41, 0x01,
             0x41, 0x02, 0xff, 0x61, 'c',  0x7f, 0x61, 'x',  0x61, 'y',  0xff, 0xff});
  EXPECT_EQ(Decoded(body), json({{"a", {1, 2}}, {"b", "AQI="}, {"c", "xy"}}));
}

TEST(CborCodec, NestedDefiniteContainersCloseInOrder) {
  // {"a": [[], {}, [1]], "b": 2}
  const std::string body = Bytes({0xa2, 0x61, 'a', 0x83, 0x80, 0xa0, 0x81, 0x01, 0x61, 'b', 0x02});
  EXPECT_EQ(Decoded(body), json({{"a", {json::array(), json::object(), {1}}}, {"b", 2}}));
}

TEST(CborCodec, MalformedInputIsASerializationException) {
  EXPECT_NE(DecodeError(""), "");
  EXPECT_NE(DecodeError(Bytes({0xa1, 0x61})).find("truncated"), std::string::npos);
  EXPECT_NE(DecodeError(Bytes({0xa2, 0x61, 'a', 0x01})).find("truncated"), std::string::npos);
  EXPECT_NE(DecodeError(Bytes({0xa0, 0x00})).find("trailing"), std::string::npos);
  // Reserved additional information 28..30, and an unassigned simple value.
  EXPECT_NE(DecodeError(MapA(Bytes({0x1c}))).find("malformed"), std::string::npos);
  EXPECT_NE(DecodeError(MapA(Bytes({0xf8, 0x20}))), "");
  // A break with nothing open.
  EXPECT_NE(DecodeError(Bytes({0xa1, 0x61, 'a', 0xff})).find("break"), std::string::npos);
  EXPECT_NE(DecodeError(Bytes({0xbf, 0x61, 'a', 0xff})).find("without a value"), std::string::npos);
  // Unterminated indefinite map.
  EXPECT_NE(DecodeError(Bytes({0xbf, 0x61, 'a', 0x01})).find("truncated"), std::string::npos);
  // Invalid UTF-8 in a text string, and an overlong encoding.
  EXPECT_NE(DecodeError(MapA(Bytes({0x62, 0xc3, 0x28}))).find("UTF-8"), std::string::npos);
  EXPECT_NE(DecodeError(MapA(Bytes({0x62, 0xc0, 0x80}))).find("UTF-8"), std::string::npos);
  // NaN and infinity have no JSON value.
  EXPECT_NE(DecodeError(MapA(Bytes({0xf9, 0x7e, 0x00}))).find("finite"), std::string::npos);
  EXPECT_NE(DecodeError(MapA(Bytes({0xf9, 0x7c, 0x00}))).find("finite"), std::string::npos);
}

TEST(CborCodec, WrongMajorTypesAreASerializationException) {
  EXPECT_NE(DecodeError(Bytes({0x80})).find("must be a map"), std::string::npos);
  EXPECT_NE(DecodeError(Bytes({0x01})).find("must be a map"), std::string::npos);
  EXPECT_NE(DecodeError(Bytes({0x43, 'a', 'b', 'c'})).find("must be a map"), std::string::npos);
  EXPECT_NE(DecodeError(Bytes({0xa1, 0x01, 0x02})).find("keys"), std::string::npos);
  EXPECT_NE(DecodeError(Bytes({0xa1, 0x41, 'a', 0x02})).find("keys"), std::string::npos);
  EXPECT_NE(DecodeError(Bytes({0xa1, 0xa0, 0x02})).find("keys"), std::string::npos);
  // Tag 1 around something that is not a number.
  EXPECT_NE(DecodeError(MapA(Bytes({0xc1, 0x61, 'x'}))).find("tag 1"), std::string::npos);
  EXPECT_NE(DecodeError(MapA(Bytes({0xc1, 0xa0}))).find("tag 1"), std::string::npos);
  EXPECT_NE(DecodeError(MapA(Bytes({0xc1, 0xc1, 0x01}))).find("tag 1"), std::string::npos);
  // Chunks of an indefinite string of the other type, or themselves indefinite.
  EXPECT_NE(DecodeError(MapA(Bytes({0x5f, 0x61, 'x', 0xff}))).find("indefinite"),
            std::string::npos);
  EXPECT_NE(DecodeError(MapA(Bytes({0x5f, 0x5f, 0xff, 0xff}))).find("indefinite"),
            std::string::npos);
  EXPECT_NE(DecodeError(MapA(Bytes({0x7f, 0x01, 0xff}))).find("indefinite"), std::string::npos);
}

TEST(CborCodec, HugeDeclaredLengthsFailWithoutAllocating) {
  // A byte string, a text string, an array and a map each declaring 2^64-1 (or 2^32-1) members.
  for (int major : {0x40, 0x60, 0x80, 0xa0}) {
    EXPECT_NE(
        DecodeError(MapA(Bytes({major | 0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}))),
        "");
    EXPECT_NE(DecodeError(MapA(Bytes({major | 0x1a, 0xff, 0xff, 0xff, 0xff}))), "");
  }
  EXPECT_NE(DecodeError(Bytes({0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})), "");
}

TEST(CborCodec, MoreItemsThanTheCapAreRejected) {
  // {"a": [_ 0, 0, ...]}: one byte per item.
  std::string ok = Bytes({0xa1, 0x61, 'a', 0x9f});
  ok += std::string(kCborMaxItems - 3, '\0');
  EXPECT_TRUE(CborToJson(ok + Bytes({0xff})).ok());
  EXPECT_NE(DecodeError(ok + std::string(1, '\0') + Bytes({0xff})).find("items"),
            std::string::npos);
}

TEST(CborCodec, NestingDeeperThanTheCapIsRejected) {
  std::string ok = Bytes({0xa1, 0x61, 'a'});
  for (int i = 1; i < kCborMaxDepth - 1; ++i) ok += Bytes({0x81});
  ok += Bytes({0x01});
  EXPECT_TRUE(CborToJson(ok).ok());
  std::string deep = Bytes({0xa1, 0x61, 'a'});
  for (int i = 0; i < 100000; ++i) deep += Bytes({0x9f});
  EXPECT_NE(DecodeError(deep).find("nest deeper"), std::string::npos);
}

TEST(CborCodec, AnswersUseByteStringsForDataAndTag1ForTimestamps) {
  const json answer = {{"Records",
                        {{{"Data", "YWJj"},
                          {"ApproximateArrivalTimestamp", 1700000000.123},
                          {"PartitionKey", "k"}}}},
                       {"StreamCreationTimestamp", 1700000000},
                       {"MillisBehindLatest", 0},
                       {"Neg", -5},
                       {"Ratio", 0.5},
                       {"Flag", false},
                       {"Nothing", nullptr}};
  const std::string cbor = JsonToCbor(answer);
  // The byte string h'616263' right after the "Data" key, and 1(1700000000123).
  EXPECT_NE(cbor.find(Bytes({0x64, 'D', 'a', 't', 'a', 0x43, 'a', 'b', 'c'})), std::string::npos);
  EXPECT_NE(cbor.find(Bytes({0xc1, 0x1b, 0, 0, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x7b})),
            std::string::npos);
  EXPECT_NE(cbor.find(Bytes({0xc1, 0x1b, 0, 0, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00})),
            std::string::npos);
  // Decoding the answer gives the JSON answer back.
  EXPECT_EQ(Decoded(cbor), answer);
}

// The one-pass transcoder of answers gives what encoding the parsed document gives.
TEST(CborAnswer, TranscodesJsonTextLikeTheDocumentWriter) {
  const json answer = {
      {"Records",
       {{{"Data", "YWJj"}, {"ApproximateArrivalTimestamp", 1700000000.123}, {"PartitionKey", "k"}},
        {{"Data", ""}, {"ApproximateArrivalTimestamp", 1700000001}, {"PartitionKey", "\"q\""}}}},
      {"StreamCreationTimestamp", 1700000000},
      {"Escapes", "tab\t nl\n quote\" slash\\ ctl\x01 \xc3\xa9 \xf0\x9f\x98\x80"},
      {"Big", 18446744073709551615ULL},
      {"Min", INT64_MIN},
      {"Neg", -5},
      {"Ratio", 0.5},
      {"Exp", 1e300},
      {"Flags", {true, false, nullptr}},
      {"Empty", json::object()},
      {"None", json::array()},
      {"Data", "not base64!"}};
  for (int indent : {-1, 2}) {
    auto cbor = JsonTextToCbor(answer.dump(indent));
    ASSERT_TRUE(cbor.ok()) << cbor.status().message();
    EXPECT_EQ(Decoded(*cbor), Decoded(JsonToCbor(answer)));
    // Byte strings and tag 1 as the document writer writes them.
    EXPECT_NE(cbor->find(Bytes({0x64, 'D', 'a', 't', 'a', 0x43, 'a', 'b', 'c'})),
              std::string::npos);
    EXPECT_NE(cbor->find(Bytes({0xc1, 0x1b, 0, 0, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x7b})),
              std::string::npos);
  }
  // \u escapes, surrogate pairs and a lone surrogate (as U+FFFD, as dump() replaces it).
  EXPECT_EQ(Decoded(*JsonTextToCbor(R"({"a":"\u00e9\ud83d\ude00\ud800x"})")),
            json({{"a", "\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbdx"}}));
  EXPECT_EQ(Decoded(*JsonTextToCbor("")), json::object());
  for (const char* bad : {"{", "{\"a\":}", "[1,]", "{\"a\":1}x", "\"\\q\"", "{\"a\" 1}", "nul"}) {
    EXPECT_FALSE(JsonTextToCbor(bad).ok()) << bad;
  }
}

TEST(CborCodec, RoundTripsRequests) {
  const json request = {{"StreamName", "s"},
                        {"Records", {{{"Data", "AAEC"}, {"PartitionKey", "\xc3\xa9"}}}},
                        {"Limit", 10000},
                        {"Nested", {{"List", {1, -1, 2.5, true, nullptr, "x"}}}}};
  EXPECT_EQ(Decoded(JsonToCbor(request)), request);
}

// The front door speaks CBOR to CBOR clients: answers, errors, and the content type.
class CborFrontDoorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto storage = OpenSqliteStorage("");
    ASSERT_TRUE(storage.ok());
    auto router = Router::Create(ServerConfig(), clock_, std::move(*storage));
    ASSERT_TRUE(router.ok());
    router_ = std::move(*router);
  }

  HttpResponse Send(const std::string& action, const std::string& body) {
    HttpRequest r;
    r.method = "POST";
    r.target = "/";
    r.headers = {{"content-type", "application/x-amz-cbor-1.1"},
                 {"x-amz-target", "Kinesis_20131202." + action},
                 {"x-amz-date", "20230101T000000Z"},
                 {"authorization",
                  "AWS4-HMAC-SHA256 Credential=AKID/20230101/us-east-1/kinesis/aws4_request, "
                  "SignedHeaders=host, Signature=00"}};
    r.body = body;
    return FrontDoor(*router_).Handle(r);
  }

  static std::string ContentType(const HttpResponse& r) {
    for (const auto& [k, v] : r.headers) {
      if (k == "Content-Type") return v;
    }
    return "";
  }

  FakeClock clock_;
  std::unique_ptr<Router> router_;
};

TEST_F(CborFrontDoorTest, AnswersAndErrorsAreCbor) {
  HttpResponse r = Send("ListStreams", JsonToCbor(json::object()));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(ContentType(r), "application/x-amz-cbor-1.1");
  EXPECT_EQ(Decoded(r.body)["StreamNames"], json::array());

  r = Send("ListStreams", Bytes({0xa1, 0x61}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ContentType(r), "application/x-amz-cbor-1.1");
  const json error = Decoded(r.body);
  EXPECT_EQ(error["__type"], "SerializationException");
  // SerializationException carries "Message", as AWS writes it.
  EXPECT_NE(error["Message"].get<std::string>().find("not valid CBOR"), std::string::npos);

  r = Send("DescribeStream", JsonToCbor({{"StreamName", "missing"}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ContentType(r), "application/x-amz-cbor-1.1");
  EXPECT_EQ(Decoded(r.body)["__type"], "ResourceNotFoundException");

  r = Send("NoSuchAction", JsonToCbor(json::object()));
  EXPECT_EQ(ContentType(r), "application/x-amz-cbor-1.1");
  EXPECT_EQ(Decoded(r.body)["__type"], "UnknownOperationException");

  // After bad input the server keeps serving.
  r = Send("ListStreams", JsonToCbor(json::object()));
  EXPECT_EQ(r.status, 200);
}

}  // namespace
}  // namespace kinesisctl::server
