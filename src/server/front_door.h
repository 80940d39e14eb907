// The front door: turns one HTTP request into an action call and its answer into an HTTP
// response, checking what AWS checks before any action runs, in AWS's order: POST only, the
// content type, an empty or non-JSON body (SerializationException), the X-Amz-Target
// (UnknownOperationException), the Authorization header's shape (MissingAuthenticationToken /
// IncompleteSignature) and, when a verifier is set, the signature. The region comes from the
// credential scope. Thread-safe when the router and verifier are.
#ifndef KINESISCTL_SERVER_FRONT_DOOR_H_
#define KINESISCTL_SERVER_FRONT_DOOR_H_

#include <functional>
#include <string>

#include "kinesisctl/status.h"
#include "server/faults/fault_rules.h"
#include "server/http/http_types.h"
#include "server/router.h"

namespace kinesisctl::server {

// Checks a request's signature (issue 6); OK or an AWS error Status.
using SignatureCheck = std::function<Status(const HttpRequest&)>;

class FrontDoor {
 public:
  // `faults` (optional) serves /_kinesisctl/faults and applies its rules to Kinesis requests.
  explicit FrontDoor(Router& router, SignatureCheck verifier = nullptr,
                     FaultInjector* faults = nullptr)
      : router_(router), verifier_(std::move(verifier)), faults_(faults) {}

  HttpResponse Handle(const HttpRequest& request);

 private:
  Router& router_;
  SignatureCheck verifier_;
  FaultInjector* faults_;
};

// The parts of "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=..., Signature=...", or the IncompleteSignatureException text when missing.
struct AuthorizationParts {
  std::string access_key;
  std::string date;
  std::string region;
  std::string service;
  std::string signed_headers;
  std::string signature;
};
StatusOr<AuthorizationParts> ParseAuthorization(const HttpRequest& request);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_FRONT_DOOR_H_
