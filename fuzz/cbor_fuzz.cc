// libFuzzer target: the CBOR front door. Each input is a CBOR request body.
//   - The decoder either returns a JSON object or a SerializationException (never crashes,
//     never allocates from a declared length); a decoded document dumps as strict UTF-8 JSON.
//   - Encoding the document as an answer and decoding it again is stable after one pass
//     (timestamps normalise to whole milliseconds once), and the one-pass transcoder of answers
//     (cbor_answer.h) gives the same document as the document writer.
//   - The same body, sent with the CBOR content type to one of a few read actions of a server
//     (chosen by the input's length), gets an answer below 500 whose body is CBOR.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kinesisctl/clock.h"
#include "server/cbor/cbor_answer.h"
#include "server/cbor/cbor_codec.h"
#include "server/front_door.h"
#include "server/router.h"
#include "server/storage/storage.h"

namespace ks = kinesisctl::server;

namespace {

ks::FrontDoor& Door() {
  static kinesisctl::FakeClock* clock = new kinesisctl::FakeClock();
  static ks::Router* router = [] {
    auto storage = ks::OpenSqliteStorage("");
    if (!storage.ok()) std::abort();
    auto r = ks::Router::Create(ks::ServerConfig(), *clock, std::move(*storage));
    if (!r.ok()) std::abort();
    return r->release();
  }();
  static ks::FrontDoor* door = [] {
    auto* d = new ks::FrontDoor(*router);
    ks::HttpRequest create;
    create.method = "POST";
    create.headers = {{"content-type", ks::kCborContentType},
                      {"x-amz-target", "Kinesis_20131202.CreateStream"},
                      {"x-amz-date", "20231114T221320Z"},
                      {"authorization",
                       "AWS4-HMAC-SHA256 Credential=AKID/20231114/us-east-1/kinesis/"
                       "aws4_request, SignedHeaders=host, Signature=00"}};
    create.body = ks::JsonToCbor({{"StreamName", "s"}, {"ShardCount", 1}});
    if (d->Handle(create).status != 200) std::abort();
    return d;
  }();
  return *door;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto doc = ks::CborToJson(body);
  if (!doc.ok()) {
    if (doc.status().code() != "SerializationException") std::abort();
  } else {
    if (!doc->is_object()) std::abort();
    (void)doc->dump();  // throws (and so crashes the target) on invalid UTF-8
    auto once = ks::CborToJson(ks::JsonToCbor(*doc));
    if (!once.ok()) std::abort();
    auto twice = ks::CborToJson(ks::JsonToCbor(*once));
    if (!twice.ok() || *twice != *once) std::abort();
    auto fast = ks::JsonTextToCbor(doc->dump());
    if (!fast.ok()) std::abort();
    auto fast_doc = ks::CborToJson(*fast);
    if (!fast_doc.ok() || *fast_doc != *once) std::abort();
  }

  static const char* const kActions[] = {"ListStreams", "DescribeStreamSummary",
                                         "ListShards",  "GetShardIterator",
                                         "GetRecords",  "ListTagsForStream"};
  ks::HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.headers = {{"content-type", ks::kCborContentType},
                     {"x-amz-target", std::string("Kinesis_20131202.") + kActions[size % 6]},
                     {"x-amz-date", "20231114T221320Z"},
                     {"authorization",
                      "AWS4-HMAC-SHA256 Credential=AKID/20231114/us-east-1/kinesis/aws4_request, "
                      "SignedHeaders=host, Signature=00"}};
  request.body = body;
  const ks::HttpResponse response = Door().Handle(request);
  if (response.status >= 500 || response.status < 200) std::abort();
  if (!ks::CborToJson(response.body).ok()) std::abort();
  return 0;
}
