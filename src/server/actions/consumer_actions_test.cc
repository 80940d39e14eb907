// Consumers through the router: transitions on the consumer delay, AWS's limits, ConsumerCount,
// pagination, DeleteStream with consumers, and storage across a restart.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "server/model/model_json.h"
#include "server/router.h"
#include "server/testing/dispatch_json.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr char kArn[] = "arn:aws:kinesis:us-east-1:000000000000:stream/s";

class ConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(""); }

  void Open(const std::string& dir) {
    router_.reset();
    ServerConfig config;
    config.create_delay_ms = 0;
    config.delete_delay_ms = 300;
    config.consumer_delay_ms = 200;
    auto storage = OpenSqliteStorage(dir);
    ASSERT_TRUE(storage.ok());
    auto router = Router::Create(config, clock_, std::move(*storage));
    ASSERT_TRUE(router.ok());
    router_ = std::move(*router);
  }

  StatusOr<json> Call(const std::string& action, json body) {
    return DispatchJson(*router_, action, std::move(body));
  }

  std::string Code(const std::string& action, json body) {
    auto r = Call(action, std::move(body));
    return r.ok() ? "OK" : r.status().code();
  }

  StatusOr<json> Register(const std::string& name) {
    return Call("RegisterStreamConsumer", {{"StreamARN", kArn}, {"ConsumerName", name}});
  }

  std::string StatusOf(const std::string& name) {
    auto r = Call("DescribeStreamConsumer", {{"StreamARN", kArn}, {"ConsumerName", name}});
    return r.ok() ? (*r)["ConsumerDescription"]["ConsumerStatus"].get<std::string>()
                  : r.status().code();
  }

  FakeClock clock_;
  std::unique_ptr<Router> router_;
};

TEST_F(ConsumerTest, RegisterIsCreatingForTheConsumerDelayThenActive) {
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  auto r = Register("c");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const json& c = (*r)["Consumer"];
  EXPECT_EQ(c["ConsumerStatus"], "CREATING");
  EXPECT_EQ(c["ConsumerARN"],
            std::string(kArn) + "/consumer/c:" + std::to_string(ToMillis(clock_.Now()) / 1000));
  EXPECT_EQ(Code("SubscribeToShard", {{"ConsumerARN", c["ConsumerARN"]},
                                      {"ShardId", "shardId-000000000000"},
                                      {"StartingPosition", {{"Type", "LATEST"}}}}),
            "ResourceInUseException");
  clock_.Advance(milliseconds(199));
  EXPECT_EQ(StatusOf("c"), "CREATING");
  clock_.Advance(milliseconds(1));
  EXPECT_EQ(StatusOf("c"), "ACTIVE");
  auto by_arn = Call("DescribeStreamConsumer", {{"ConsumerARN", c["ConsumerARN"]}});
  ASSERT_TRUE(by_arn.ok());
  EXPECT_EQ((*by_arn)["ConsumerDescription"]["StreamARN"], kArn);
  EXPECT_EQ(Code("RegisterStreamConsumer", {{"StreamARN", kArn}, {"ConsumerName", "c"}}),
            "ResourceInUseException");
  auto summary = Call("DescribeStreamSummary", {{"StreamName", "s"}});
  EXPECT_EQ((*summary)["StreamDescriptionSummary"]["ConsumerCount"], 1);
}

TEST_F(ConsumerTest, DeregisterIsDeletingThenGone) {
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  ASSERT_TRUE(Register("c").ok());
  EXPECT_EQ(Code("DeregisterStreamConsumer", {{"StreamARN", kArn}, {"ConsumerName", "c"}}),
            "ResourceInUseException");  // still CREATING
  clock_.Advance(milliseconds(200));
  EXPECT_EQ(Code("DeregisterStreamConsumer", {{"StreamARN", kArn}, {"ConsumerName", "c"}}), "OK");
  EXPECT_EQ(StatusOf("c"), "DELETING");
  clock_.Advance(milliseconds(200));
  EXPECT_EQ(StatusOf("c"), "ResourceNotFoundException");
  EXPECT_EQ(Code("DescribeStreamConsumer", {{"ConsumerName", "c"}}), "InvalidArgumentException");
  EXPECT_EQ(Code("DescribeStreamConsumer", {{"ConsumerARN", std::string(kArn) + "/consumer/c:1"}}),
            "ResourceNotFoundException");
  EXPECT_EQ(Code("DescribeStreamConsumer", {{"ConsumerARN", "arn:aws:kinesis:nonsense"}}),
            "InvalidArgumentException");
}

TEST_F(ConsumerTest, FiveCreatingAtOnceAndTwentyPerStream) {
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  for (int i = 0; i < 20; ++i) {
    if (i > 0 && i % 5 == 0) {
      EXPECT_EQ(Register("extra").status().code(), "LimitExceededException") << i;
      clock_.Advance(milliseconds(200));
    }
    ASSERT_TRUE(Register("c" + std::to_string(i)).ok()) << i;
  }
  clock_.Advance(milliseconds(200));
  auto over = Register("c20");
  EXPECT_EQ(over.status().code(), "LimitExceededException");
  auto summary = Call("DescribeStreamSummary", {{"StreamName", "s"}});
  EXPECT_EQ((*summary)["StreamDescriptionSummary"]["ConsumerCount"], 20);
}

TEST_F(ConsumerTest, ListPagesWithNextToken) {
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Register("c" + std::to_string(i)).ok());
  auto page = Call("ListStreamConsumers", {{"StreamARN", kArn}, {"MaxResults", 2}});
  ASSERT_TRUE(page.ok());
  std::vector<std::string> names;
  while (true) {
    for (const auto& c : (*page)["Consumers"]) names.push_back(c["ConsumerName"]);
    if (!page->contains("NextToken")) break;
    page = Call("ListStreamConsumers",
                {{"StreamARN", kArn}, {"MaxResults", 2}, {"NextToken", (*page)["NextToken"]}});
    ASSERT_TRUE(page.ok()) << page.status().message();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"c0", "c1", "c2", "c3", "c4"}));
  const double created = 1'700'000'000;
  EXPECT_EQ(
      Code("ListStreamConsumers", {{"StreamARN", kArn}, {"StreamCreationTimestamp", created}}),
      "OK");
  EXPECT_EQ(
      Code("ListStreamConsumers", {{"StreamARN", kArn}, {"StreamCreationTimestamp", created - 60}}),
      "ResourceNotFoundException");
}

TEST_F(ConsumerTest, DeleteStreamWithConsumersNeedsEnforceConsumerDeletion) {
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  auto c = Register("c");
  ASSERT_TRUE(c.ok());
  clock_.Advance(milliseconds(200));
  EXPECT_EQ(Code("DeleteStream", {{"StreamName", "s"}}), "ResourceInUseException");
  EXPECT_EQ(Code("DeleteStream", {{"StreamName", "s"}, {"EnforceConsumerDeletion", false}}),
            "ResourceInUseException");
  EXPECT_EQ(Code("DeleteStream", {{"StreamName", "s"}, {"EnforceConsumerDeletion", true}}), "OK");
  EXPECT_EQ(StatusOf("c"), "DELETING");
  clock_.Advance(milliseconds(300));
  EXPECT_EQ(Code("DescribeStreamConsumer", {{"ConsumerARN", (*c)["Consumer"]["ConsumerARN"]}}),
            "ResourceNotFoundException");
  // A new stream of the same name has none of the old consumers.
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  auto list = Call("ListStreamConsumers", {{"StreamARN", kArn}});
  EXPECT_TRUE((*list)["Consumers"].empty());
}

TEST_F(ConsumerTest, ConsumersSurviveARestart) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("kinesisctl-consumers-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  Open(dir.string());
  ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
  ASSERT_TRUE(Register("a").ok());
  ASSERT_TRUE(Register("b").ok());
  clock_.Advance(milliseconds(200));
  EXPECT_EQ(StatusOf("a"), "ACTIVE");  // the completed transition is saved
  Open(dir.string());
  EXPECT_EQ(StatusOf("a"), "ACTIVE");
  EXPECT_EQ(StatusOf("b"), "ACTIVE");
  router_.reset();
  std::filesystem::remove_all(dir);
}

TEST(ConsumerJsonTest, RoundTrips) {
  Stream s;
  s.region = "us-east-1";
  s.name = "s";
  s.arn = kArn;
  s.consumers.push_back(
      {"c", std::string(kArn) + "/consumer/c:5", ConsumerStatus::kDeleting, 5000, 5200});
  auto back = StreamFromJson(StreamToJson(s));
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->consumers.size(), 1u);
  EXPECT_EQ(back->consumers[0].arn, s.consumers[0].arn);
  EXPECT_EQ(back->consumers[0].status, ConsumerStatus::kDeleting);
  EXPECT_EQ(back->consumers[0].due_ms, 5200);
}

}  // namespace
}  // namespace kinesisctl::server
