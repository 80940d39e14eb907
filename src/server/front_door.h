// The front door: turns one HTTP request into an action call and its answer into an HTTP
// response, checking what AWS checks before any action runs, in AWS's order: POST only, the
// content type, an empty or unreadable body (SerializationException), the X-Amz-Target
// (UnknownOperationException), the Authorization header's shape (MissingAuthenticationToken /
// IncompleteSignature) and, when a verifier is set, the signature. The region comes from the
// credential scope. CBOR requests (application/x-amz-cbor-1.1) are translated to the JSON document
// the actions read (server/cbor/cbor_codec.h); the router answers them in CBOR, and errors are
// encoded here.
// SubscribeToShard goes to the subscriber, whose producer streams the answer
// (application/vnd.amazon.eventstream). Thread-safe when the router, verifier and subscriber are.
#ifndef KINESISCTL_SERVER_FRONT_DOOR_H_
#define KINESISCTL_SERVER_FRONT_DOOR_H_

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "kinesisctl/status.h"
#include "server/actions/plain_put_records.h"
#include "server/faults/fault_rules.h"
#include "server/http/http_types.h"
#include "server/http/streaming.h"
#include "server/router.h"

namespace kinesisctl::server {

// Checks a request's signature; OK or an AWS error Status.
using SignatureCheck = std::function<Status(const HttpRequest&)>;

// Starts SubscribeToShard (region, validated body): the producer of its event stream, or an AWS
// error answered as usual.
using Subscriber =
    std::function<StatusOr<std::shared_ptr<BodyProducer>>(const std::string&, nlohmann::json)>;

class FrontDoor {
 public:
  // `faults` (optional) serves /_kinesisctl/faults and applies its rules to Kinesis requests.
  explicit FrontDoor(Router& router, SignatureCheck verifier = nullptr,
                     Subscriber subscriber = nullptr, FaultInjector* faults = nullptr)
      : router_(router),
        verifier_(std::move(verifier)),
        subscriber_(std::move(subscriber)),
        faults_(faults) {}

  HttpResponse Handle(const HttpRequest& request);

 private:
  // Runs a checked request (fault rules already applied) and encodes its answer.
  HttpResponse Answer(const std::string& action, const std::string& region, nlohmann::json body,
                      bool cbor, const char* answer_type, const PlainPutRecords* plain);

  Router& router_;
  SignatureCheck verifier_;
  Subscriber subscriber_;
  FaultInjector* faults_;
};

// The parts of "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=..., Signature=...", or the IncompleteSignatureException text when missing.
struct AuthorizationParts {
  std::string algorithm;  // the token before the first space ("AWS4-HMAC-SHA256")
  std::string access_key;
  std::string date;
  std::string region;
  std::string service;
  std::string signed_headers;
  std::string signature;
  // A presigned request carries all of this in its query string (X-Amz-Algorithm,
  // X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Signature) instead
  // of an Authorization header.
  bool presigned = false;
  std::string amz_date;  // X-Amz-Date of a presigned request
  std::string expires;   // X-Amz-Expires of a presigned request ("" when absent)
};
// From the Authorization header or, for a presigned request, the query string, with AWS's
// IncompleteSignatureException / InvalidSignatureException texts when parts are missing.
StatusOr<AuthorizationParts> ParseAuthorization(const HttpRequest& request);

// The decoded parameters of the request target's query string ("/?a=1&b=%2F" -> a, b).
std::map<std::string, std::string> QueryParameters(const std::string& target);

// Whether the request is signed in its query string (it has X-Amz-Algorithm there).
bool IsPresigned(const HttpRequest& request);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_FRONT_DOOR_H_
