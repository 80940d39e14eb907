// The CBOR wire format of the Kinesis API (Content-Type application/x-amz-cbor-1.1, the default of
// the Java SDK, the KPL and the KCL), translated at the front door so the actions only ever see
// the JSON document they get from JSON clients:
//   - Requests: byte strings become base64 text (as JSON clients send blobs); tag 1 (the Java
//     SDK's timestamps, epoch *milliseconds*, not RFC 8949's seconds) becomes epoch seconds, the
//     number JSON clients send. Untagged numbers are kept as they are. Indefinite-length maps,
//     arrays and strings are accepted (Jackson's CBOR generator writes maps that way); other tags
//     are transparent. Anything malformed, truncated, too deep, with non-text map keys, invalid
//     UTF-8, non-finite numbers or too many items is a SerializationException naming the problem.
//     Declared lengths are checked against the remaining input before anything is read, so
//     memory stays proportional to the request.
//   - Answers: the same document as CBOR with definite lengths; the record blob member "Data"
//     becomes a byte string and the Kinesis timestamp members become tag 1 epoch milliseconds.
// Pure functions; thread-safe.
#ifndef KINESISCTL_SERVER_CBOR_CBOR_CODEC_H_
#define KINESISCTL_SERVER_CBOR_CBOR_CODEC_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kinesisctl/status.h"

namespace kinesisctl::server {

inline constexpr char kCborContentType[] = "application/x-amz-cbor-1.1";

// Deepest nesting of maps and arrays a request may have (Kinesis requests use at most 4).
inline constexpr int kCborMaxDepth = 32;

// Most items (map keys and values, array members, scalars) a request may have. The largest
// Kinesis request, PutRecords with 500 records, has about 2,500; the cap keeps the decoded
// document small whatever the body holds (a 10 MiB body of one-byte items would otherwise be
// millions of nodes).
inline constexpr int kCborMaxItems = 100000;

// The JSON document a CBOR request body stands for, or a SerializationException Status.
StatusOr<nlohmann::json> CborToJson(std::string_view bytes);

// The CBOR encoding of an answer (or error) document.
std::string JsonToCbor(const nlohmann::json& doc);

// Answer members that travel as CBOR byte strings ("Data") and as tag 1 epoch milliseconds (the
// Kinesis timestamps).
bool IsCborBlobMember(std::string_view key);
bool IsCborTimestampMember(std::string_view key);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_CBOR_CBOR_CODEC_H_
