// Regression tests for the front door found by fuzzing and the security checks.
#include "server/front_door.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kinesisctl/clock.h"
#include "server/storage/storage.h"

namespace kinesisctl::server {
namespace {

class FrontDoorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto storage = OpenSqliteStorage("");
    ASSERT_TRUE(storage.ok());
    auto router = Router::Create(ServerConfig(), clock_, std::move(*storage));
    ASSERT_TRUE(router.ok());
    router_ = std::move(*router);
  }

  static HttpRequest Request(const std::string& authorization) {
    HttpRequest r;
    r.method = "POST";
    r.target = "/";
    r.headers = {{"content-type", "application/x-amz-json-1.1"},
                 {"x-amz-target", "Kinesis_20131202.ListStreams"},
                 {"authorization", authorization}};
    r.body = "{}";
    return r;
  }

  FakeClock clock_;
  std::unique_ptr<Router> router_;
};

// fuzz/server_fuzz: an Authorization header that is not UTF-8, quoted in the error message, made
// nlohmann::json::dump throw out of Handle.
TEST_F(FrontDoorTest, NonUtf8AuthorizationGetsAJsonError) {
  FrontDoor door(*router_);
  const HttpResponse r = door.Handle(Request("AWS4-HMAC-SHA256 \xbf\xbc\x90 Credential=x"));
  EXPECT_EQ(r.status, 400);
  ASSERT_TRUE(nlohmann::json::accept(r.body)) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["__type"], "IncompleteSignatureException");
}

// The IncompleteSignature messages echo the header as AWS does, but never its signature.
TEST_F(FrontDoorTest, IncompleteSignatureMessagesOmitTheSignature) {
  FrontDoor door(*router_);
  const std::string sig = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  for (const std::string& auth :
       {"AWS4-HMAC-SHA256 Credential=AKID/20230101/us-east-1/kinesis/aws4_request, "
        "SignedHeaders=host, Signature=" +
            sig,  // no X-Amz-Date header
        "AWS4-HMAC-SHA256 Credential=AKID, SignedHeaders=host, Signature=" + sig}) {
    HttpRequest request = Request(auth);
    if (auth.find("AKID/") == std::string::npos) request.headers["x-amz-date"] = "20230101T000000Z";
    const HttpResponse r = door.Handle(request);
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("IncompleteSignatureException"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("Signature=<redacted>"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(sig), std::string::npos) << r.body;
  }
}

}  // namespace
}  // namespace kinesisctl::server
