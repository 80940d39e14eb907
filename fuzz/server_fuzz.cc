// libFuzzer target: the server's request handling without sockets. Each input is a script run
// against a fresh in-memory server (Router + FrontDoor, fake clock): one command per line,
//   "+N"             advance the clock N ms (lets streams become ACTIVE, iterators expire)
//   "@VALUE"         the Authorization header of the next requests (default: a well-formed one)
//   "ACTION BODY"    POST BODY with X-Amz-Target Kinesis_20131202.ACTION
// Every answer must be a well-formed HTTP response whose body is JSON, with no 5xx for any
// input; the signature verifier also checks every request (any result, no crash); every body
// the fast JSON parser accepts must be the document nlohmann::json::parse reads; and every body
// ParsePlainPutRecords accepts must hold, in that document, the same stream name and entries.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kinesisctl/clock.h"
#include "server/actions/plain_put_records.h"
#include "server/auth/signature_verifier.h"
#include "server/front_door.h"
#include "server/router.h"
#include "server/simple_json.h"
#include "server/storage/storage.h"

namespace ks = kinesisctl::server;

namespace {

constexpr char kAuth[] =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=00";

void Check(const ks::HttpResponse& response) {
  if (response.status >= 500 || response.status < 200) std::abort();
  // Actions without output members answer an empty body, as AWS does; everything else is JSON.
  if (!response.body.empty() && !nlohmann::json::accept(response.body)) std::abort();
}

bool SameText(const nlohmann::json& doc, const char* member, std::string_view text) {
  const auto it = doc.find(member);
  return it != doc.end() && it->is_string() && it->get_ref<const std::string&>() == text;
}

// Whether `doc` holds the stream name and entries ParsePlainPutRecords read, and nothing more.
bool SameEntries(const ks::PlainPutRecords& plain, const nlohmann::json& doc) {
  if (!doc.is_object() || doc.size() != 2 || !SameText(doc, "StreamName", plain.stream_name))
    return false;
  const auto records = doc.find("Records");
  if (records == doc.end() || !records->is_array() || records->size() != plain.records.size())
    return false;
  for (size_t i = 0; i < plain.records.size(); ++i) {
    const nlohmann::json& entry = (*records)[i];
    const ks::RecordEntryView& view = plain.records[i];
    if (!entry.is_object() || entry.size() != (view.explicit_hash_key ? 3u : 2u) ||
        !SameText(entry, "Data", view.data) ||
        !SameText(entry, "PartitionKey", view.partition_key) ||
        (view.explicit_hash_key && !SameText(entry, "ExplicitHashKey", *view.explicit_hash_key))) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* verifier = new ks::SignatureVerifier(*ks::SignatureVerifier::FromText(
      "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = s3cr3t\n", "fuzz"));
  kinesisctl::FakeClock clock;
  ks::ServerConfig config;
  config.shard_limit = 64;
  auto storage = ks::OpenSqliteStorage("");
  if (!storage.ok()) std::abort();
  auto router = ks::Router::Create(config, clock, std::move(*storage));
  if (!router.ok()) std::abort();
  ks::FrontDoor door(**router);

  std::string auth = kAuth;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  int commands = 0;
  while (!rest.empty() && commands++ < 64) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (line.empty()) continue;
    if (line[0] == '+') {
      int64_t ms = 0;
      for (char c : line.substr(1, 9)) {
        if (c < '0' || c > '9') break;
        ms = ms * 10 + (c - '0');
      }
      clock.Advance(std::chrono::milliseconds(ms));
      continue;
    }
    if (line[0] == '@') {
      auth = std::string(line.substr(1));
      continue;
    }
    const size_t space = line.find(' ');
    ks::HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.headers["content-type"] = "application/x-amz-json-1.1";
    request.headers["host"] = "127.0.0.1:4567";
    request.headers["x-amz-date"] = "20231114T221320Z";
    request.headers["x-amz-target"] = "Kinesis_20131202." + std::string(line.substr(0, space));
    request.headers["authorization"] = auth;
    request.body = space == std::string_view::npos ? "" : std::string(line.substr(space + 1));
    if (auto fast = ks::ParseSimpleJson(request.body)) {
      const auto slow = nlohmann::json::parse(request.body, nullptr, false);
      if (slow.is_discarded() || !ks::SameDocument(*fast, slow)) std::abort();
    }
    if (auto plain = ks::ParsePlainPutRecords(request.body)) {
      const auto slow = nlohmann::json::parse(request.body, nullptr, false);
      if (!SameEntries(*plain, slow)) std::abort();
    }
    Check(door.Handle(request));
    (void)verifier->Verify(request, clock.Now());
  }
  return 0;
}
