// Answers in CBOR straight from the JSON text of an action's answer, without building a document:
// one pass over the text that copies strings and numbers into CBOR items, turns the "Data"
// members into byte strings and the timestamp members into tag 1 epoch milliseconds
// (cbor_codec.h), and gives every map and array a 32-bit length argument filled in when it
// closes (valid CBOR, one pass). The router uses it for the actions that answer documents;
// PutRecords and GetRecords write the same bytes directly (server/actions/answer_writer.h).
// Pure; thread-safe.
#ifndef KINESISCTL_SERVER_CBOR_CBOR_ANSWER_H_
#define KINESISCTL_SERVER_CBOR_CBOR_ANSWER_H_

#include <string>
#include <string_view>

#include "kinesisctl/status.h"

namespace kinesisctl::server {

// The CBOR encoding of an answer given as JSON text ("" is an empty map); text that is not JSON
// (never written by the actions) is an InternalFailure Status.
StatusOr<std::string> JsonTextToCbor(std::string_view json_text);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_CBOR_CBOR_ANSWER_H_
