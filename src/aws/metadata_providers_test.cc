// Container and EC2 instance-metadata credentials against real HTTP servers on 127.0.0.1.
#include <gtest/gtest.h>

#include "aws/caching_credentials_provider.h"
#include "aws/container_credentials_provider.h"
#include "aws/curl_transport.h"
#include "aws/imds_credentials_provider.h"
#include "aws/testing/fake_transport.h"
#include "aws/testing/loopback_http_server.h"
#include "core/testing/temp_dir.h"

namespace kinesisctl::aws {
namespace {

using testing::LoopbackHttpServer;
using testing::ReceivedRequest;

constexpr char kCredsJson[] =
    R"({"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAMETA","SecretAccessKey":"METASECRET",)"
    R"("Token":"METATOKEN","Expiration":"2030-01-01T00:00:00Z","LastUpdated":"2029-12-31T18:00:00Z"})";

HttpResponse Answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::unique_ptr<HttpTransport> Curl() { return std::make_unique<CurlTransport>(); }

// ---- container ----

TEST(ContainerCredentialsTest, NotConfiguredWithoutVariables) {
  MapEnvironment env;
  testing::FakeTransport::Shared shared;
  ContainerCredentialsProvider provider(env, std::make_unique<testing::FakeTransport>(&shared));
  auto c = provider.GetCredentials();
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_value());
  EXPECT_TRUE(shared.requests.empty());
}

TEST(ContainerCredentialsTest, FullUriWithAuthorizationToken) {
  LoopbackHttpServer server([](const ReceivedRequest& r) {
    if (r.target != "/creds" || r.Header("Authorization") != "Bearer abc") {
      return Answer(401, "no");
    }
    return Answer(200, kCredsJson);
  });
  MapEnvironment env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds"},
                      {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer abc"}});
  ContainerCredentialsProvider provider(env, Curl());
  auto c = provider.GetCredentials();
  ASSERT_TRUE(c.ok() && c->has_value()) << c.status().ToString();
  EXPECT_EQ((*c)->access_key_id, "ASIAMETA");
  EXPECT_EQ((*c)->secret_access_key, "METASECRET");
  EXPECT_EQ((*c)->session_token, "METATOKEN");
  EXPECT_TRUE((*c)->expiration.has_value());
  EXPECT_EQ(server.requests().at(0).method, "GET");
}

TEST(ContainerCredentialsTest, TokenFromFile) {
  LoopbackHttpServer server([](const ReceivedRequest& r) {
    return r.Header("Authorization") == "filetoken" ? Answer(200, kCredsJson) : Answer(401, "");
  });
  testing::TempDir dir;
  MapEnvironment env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/c"},
                      {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", dir.Write("t", "filetoken\n")}});
  ContainerCredentialsProvider provider(env, Curl());
  auto c = provider.GetCredentials();
  ASSERT_TRUE(c.ok() && c->has_value()) << c.status().ToString();
}

TEST(ContainerCredentialsTest, RelativeUriGoesToTheEcsAddress) {
  // A fake transport: nothing may reach 169.254.170.2 from a test.
  MapEnvironment env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/uuid"}});
  testing::FakeTransport::Shared shared;
  shared.answers.push_back(Answer(200, kCredsJson));
  ContainerCredentialsProvider provider(env, std::make_unique<testing::FakeTransport>(&shared));
  ASSERT_TRUE(provider.GetCredentials().ok());
  EXPECT_EQ(shared.requests.at(0).url, "http://169.254.170.2/v2/credentials/uuid");
}

TEST(ContainerCredentialsTest, BrokenEndpointsAreErrors) {
  LoopbackHttpServer server([](const ReceivedRequest& r) {
    if (r.target == "/500") return Answer(500, "boom");
    if (r.target == "/garbage") return Answer(200, "<html>");
    return Answer(200, R"({"AccessKeyId":"A"})");
  });
  for (const char* path : {"/500", "/garbage", "/partial"}) {
    MapEnvironment env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + path}});
    ContainerCredentialsProvider provider(env, Curl());
    EXPECT_EQ(provider.GetCredentials().status().code(), codes::kCredentials) << path;
  }
  MapEnvironment remote({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds"}});
  testing::FakeTransport::Shared shared;
  ContainerCredentialsProvider provider(remote, std::make_unique<testing::FakeTransport>(&shared));
  EXPECT_NE(provider.GetCredentials().status().message().find("plain http"), std::string::npos);
  EXPECT_TRUE(shared.requests.empty());
}

// ---- IMDSv2 ----

// A metadata service that insists on the session token, like EC2's with IMDSv2 required.
class FakeImds {
 public:
  FakeImds() : server_([this](const ReceivedRequest& r) { return Handle(r); }) {}
  std::string url() const { return server_.url(); }
  std::vector<ReceivedRequest> requests() { return server_.requests(); }

  std::string role = "my-role";
  std::string credentials = kCredsJson;

 private:
  HttpResponse Handle(const ReceivedRequest& r) {
    if (r.method == "PUT" && r.target == "/latest/api/token") {
      if (r.Header("X-aws-ec2-metadata-token-ttl-seconds").empty()) return Answer(400, "");
      return Answer(200, "TOKEN-123");
    }
    if (r.Header("X-aws-ec2-metadata-token") != "TOKEN-123") return Answer(401, "");
    if (r.target == "/latest/meta-data/iam/security-credentials/") {
      return role.empty() ? Answer(404, "") : Answer(200, role + "\n");
    }
    if (r.target == "/latest/meta-data/iam/security-credentials/" + role) {
      return Answer(200, credentials);
    }
    return Answer(404, "");
  }
  LoopbackHttpServer server_;
};

TEST(ImdsCredentialsTest, TokenRoleAndCredentials) {
  FakeImds imds;
  MapEnvironment env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url() + "/"}});
  FakeClock clock;
  SequenceRandom random({0.5});
  ImdsCredentialsProvider provider(env, Curl(), clock, random);
  auto c = provider.GetCredentials();
  ASSERT_TRUE(c.ok() && c->has_value()) << c.status().ToString();
  EXPECT_EQ((*c)->access_key_id, "ASIAMETA");
  EXPECT_EQ((*c)->session_token, "METATOKEN");
  const auto requests = imds.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].Header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(requests[1].target, "/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(requests[2].target, "/latest/meta-data/iam/security-credentials/my-role");
  EXPECT_EQ(requests[2].Header("X-aws-ec2-metadata-token"), "TOKEN-123");
}

TEST(ImdsCredentialsTest, TheFakeRefusesRequestsWithoutToken) {
  FakeImds imds;
  CurlTransport transport;
  HttpRequest request;
  request.method = "GET";
  request.url = imds.url() + "/latest/meta-data/iam/security-credentials/";
  auto response = transport.Send(request, std::chrono::seconds(1));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 401);
}

TEST(ImdsCredentialsTest, DisabledMeansNoRequest) {
  FakeImds imds;
  MapEnvironment env(
      {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  FakeClock clock;
  SequenceRandom random({0.5});
  auto c = ImdsCredentialsProvider(env, Curl(), clock, random).GetCredentials();
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_value());
  EXPECT_TRUE(imds.requests().empty());
}

TEST(ImdsCredentialsTest, UnreachableOrNoRoleIsNotConfigured) {
  int port;
  {
    port = LoopbackHttpServer([](const ReceivedRequest&) { return Answer(200, ""); }).port();
  }
  MapEnvironment env(
      {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + std::to_string(port)}});
  FakeClock clock;
  SequenceRandom random({0.5});
  auto unreachable = ImdsCredentialsProvider(env, Curl(), clock, random).GetCredentials();
  ASSERT_TRUE(unreachable.ok());
  EXPECT_FALSE(unreachable->has_value());

  FakeImds imds;
  imds.role = "";
  env.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url());
  auto no_role = ImdsCredentialsProvider(env, Curl(), clock, random).GetCredentials();
  ASSERT_TRUE(no_role.ok());
  EXPECT_FALSE(no_role->has_value());
}

TEST(ImdsCredentialsTest, ErrorDocumentIsAnError) {
  FakeImds imds;
  imds.credentials = R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"denied"})";
  MapEnvironment env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  FakeClock clock;
  SequenceRandom random({0.5});
  auto c = ImdsCredentialsProvider(env, Curl(), clock, random).GetCredentials();
  EXPECT_EQ(c.status().code(), codes::kCredentials);
  EXPECT_NE(c.status().message().find("AssumeRoleUnauthorizedAccess"), std::string::npos);
}

TEST(ImdsCredentialsTest, NearlyExpiredCredentialsGetAStableLocalExpiry) {
  FakeImds imds;
  FakeClock clock(TimePoint(std::chrono::seconds(1893455400)));  // 2029-12-31T23:50:00Z
  MapEnvironment env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  SequenceRandom random({0.5});
  auto c = ImdsCredentialsProvider(env, Curl(), clock, random).GetCredentials();
  ASSERT_TRUE(c.ok() && c->has_value());
  // Expiration 00:00 is 10 min away: inside the 15 min window, so 15 + 5 + 2.5 min from now.
  EXPECT_EQ(*(*c)->expiration - clock.Now(), std::chrono::seconds(22 * 60 + 30));
}

TEST(ImdsCredentialsTest, CacheRefreshesFromImdsBeforeExpiration) {
  FakeImds imds;
  FakeClock clock(TimePoint(std::chrono::seconds(1893448800)));  // 2029-12-31T22:00:00Z
  MapEnvironment env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  SequenceRandom random({0.5});
  CachingCredentialsProvider cache(
      std::make_shared<ImdsCredentialsProvider>(env, Curl(), clock, random), clock);
  ASSERT_EQ((*cache.GetCredentials())->access_key_id, "ASIAMETA");
  EXPECT_EQ(imds.requests().size(), 3u);
  clock.Advance(std::chrono::minutes(100));  // 20 min before the 00:00 Expiration
  EXPECT_EQ((*cache.GetCredentials())->access_key_id, "ASIAMETA");
  EXPECT_EQ(imds.requests().size(), 3u) << "still outside the refresh window";
  imds.credentials =
      R"({"Code":"Success","AccessKeyId":"ASIANEXT","SecretAccessKey":"S2","Token":"T2",)"
      R"("Expiration":"2030-01-01T06:00:00Z"})";
  clock.Advance(std::chrono::minutes(6));  // 14 min before: refresh, while still valid
  EXPECT_EQ((*cache.GetCredentials())->access_key_id, "ASIANEXT");
  const auto requests = imds.requests();
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests[3].method, "PUT") << "a fresh IMDSv2 token for the refresh";
}

TEST(ImdsCredentialsTest, EndpointSelection) {
  EXPECT_EQ(ImdsEndpoint(MapEnvironment()), "http://169.254.169.254");
  EXPECT_EQ(ImdsEndpoint(MapEnvironment({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}})),
            "http://[fd00:ec2::254]");
  EXPECT_EQ(ImdsEndpoint(MapEnvironment({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://x:1/"}})),
            "http://x:1");
}

}  // namespace
}  // namespace kinesisctl::aws
