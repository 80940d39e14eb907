// Regression tests for the front door found by fuzzing and the security checks.
#include "server/front_door.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kinesisctl/clock.h"
#include "server/storage/storage.h"
#include "server/testing/forwarding_storage.h"

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

std::string HeaderOf(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

HttpRequest Signed(const std::string& action, const std::string& body) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"content-type", "application/x-amz-json-1.1"},
               {"x-amz-target", "Kinesis_20131202." + action},
               {"x-amz-date", "20260101T000000Z"},
               {"authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request, "
                "SignedHeaders=host, Signature=00"}};
  r.body = body;
  return r;
}

// Every answer carries x-amz-id-2 (72 random bytes in base64) beside x-amzn-RequestId; answers
// of actions without output are empty; SerializationException writes "Message".
TEST_F(FrontDoorTest, AnswersCarryAwsHeadersAndBodies) {
  FrontDoor door(*router_);
  const HttpResponse created =
      door.Handle(Signed("CreateStream", R"({"StreamName":"s","ShardCount":1})"));
  EXPECT_EQ(created.status, 200);
  EXPECT_EQ(created.body, "");
  const HttpResponse bad_type = door.Handle(Signed("DescribeStreamSummary", R"({"StreamName":1})"));
  const HttpResponse not_found =
      door.Handle(Signed("DescribeStreamSummary", R"({"StreamName":"x"})"));
  for (const HttpResponse* r : {&created, &bad_type, &not_found}) {
    const std::string id2 = HeaderOf(*r, "x-amz-id-2");
    EXPECT_EQ(id2.size(), 96u) << id2;
    EXPECT_EQ(
        id2.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
        std::string::npos)
        << id2;
    EXPECT_FALSE(HeaderOf(*r, "x-amzn-RequestId").empty());
  }
  EXPECT_NE(HeaderOf(created, "x-amz-id-2"), HeaderOf(not_found, "x-amz-id-2"));
  const auto type_error = nlohmann::json::parse(bad_type.body);
  EXPECT_EQ(type_error["__type"], "SerializationException");
  EXPECT_TRUE(type_error.contains("Message")) << bad_type.body;
  EXPECT_FALSE(type_error.contains("message")) << bad_type.body;
  const auto missing = nlohmann::json::parse(not_found.body);
  EXPECT_EQ(missing["__type"], "ResourceNotFoundException");
  EXPECT_TRUE(missing.contains("message")) << not_found.body;
}

// A storage that refuses every write: the server's own failure is AWS's InternalFailure (500).
class FailingStorage : public ForwardingStorage {
 public:
  using ForwardingStorage::ForwardingStorage;
  Status Commit(const std::vector<StreamChange>&, const std::vector<NewRecord>&) override {
    return Status(codes::kInternal, "disk full");
  }
  Status SaveAccountSettings(const std::string&, const AccountSettings&) override {
    return Status(codes::kInternal, "disk full");
  }
};

TEST(FrontDoorFailureTest, InternalErrorsAreInternalFailure) {
  FakeClock clock;
  auto storage = OpenSqliteStorage("");
  ASSERT_TRUE(storage.ok());
  auto router =
      Router::Create(ServerConfig(), clock, std::make_unique<FailingStorage>(std::move(*storage)));
  ASSERT_TRUE(router.ok());
  FrontDoor door(**router);
  const HttpResponse r =
      door.Handle(Signed("CreateStream", R"({"StreamName":"s","ShardCount":1})"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(nlohmann::json::parse(r.body)["__type"], "InternalFailure") << r.body;
  EXPECT_EQ(HeaderOf(r, "x-amzn-ErrorType"), "InternalFailure");
  EXPECT_EQ(r.body.find("disk full"), std::string::npos) << r.body;

  // A verifier's internal error (no signing keys readable, say) answers the same way.
  FrontDoor checked(**router, [](const HttpRequest&) { return Status(codes::kInternal, "x"); });
  const HttpResponse v = checked.Handle(Signed("ListStreams", "{}"));
  EXPECT_EQ(v.status, 500);
  EXPECT_EQ(nlohmann::json::parse(v.body)["__type"], "InternalFailure") << v.body;
}

// An unknown X-Amz-Target names what was asked for, not an empty message.
TEST_F(FrontDoorTest, UnknownOperationNamesTheOperation) {
  FrontDoor door(*router_);
  for (const std::string body : {"{}", ""}) {
    HttpRequest request =
        Request("AWS4-HMAC-SHA256 Credential=AKID/20230101/us-east-1/kinesis/aws4_request");
    request.headers["x-amz-target"] = "Kinesis_20131202.ListStreamz";
    request.body = body;
    const HttpResponse r = door.Handle(request);
    EXPECT_EQ(r.status, 400);
    const auto json = nlohmann::json::parse(r.body);
    EXPECT_EQ(json["__type"], "UnknownOperationException");
    EXPECT_EQ(json["message"], "Unknown operation 'ListStreamz'.");
  }
  HttpRequest other = Request("");
  other.headers["x-amz-target"] = "DynamoDB_20120810.ListTables";
  EXPECT_NE(nlohmann::json::parse(door.Handle(other).body)["message"].get<std::string>().find(
                "'DynamoDB_20120810.ListTables'"),
            std::string::npos);
}

}  // namespace
}  // namespace kinesisctl::server
