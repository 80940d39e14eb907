// The subscription hub with an in-memory BodyWriter: events decoded from the written bytes.
#include "server/subscriptions/subscription_hub.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <nlohmann/json.hpp>

#include "server/subscriptions/event_stream.h"
#include "server/testing/dispatch_json.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

// Collects what a producer writes and splits it into messages.
class FakeWriter final : public BodyWriter {
 public:
  bool Write(std::string bytes) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return false;
    data_ += bytes;
    cv_.notify_all();
    return true;
  }
  void End() override { Close(/*ended=*/true); }
  void Abort() override { Close(false); }
  bool open() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return !closed_;
  }
  void OnClose(std::function<void()> callback) override {
    std::lock_guard<std::mutex> lock(mu_);
    on_close_ = std::move(callback);
  }
  void Disconnect() { Close(false); }

  // (event type or exception type, payload) of each complete message, waiting until there are
  // at least `n` or the body ended.
  std::vector<std::pair<std::string, json>> Messages(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return closed_ || Parse().size() >= n; });
    return Parse();
  }
  bool ended() {
    std::lock_guard<std::mutex> lock(mu_);
    return ended_;
  }

 private:
  void Close(bool ended) {
    std::function<void()> callback;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (closed_) return;
      closed_ = true;
      ended_ = ended;
      callback = on_close_;
    }
    cv_.notify_all();
    if (callback) callback();
  }

  static uint32_t U32(const std::string& s, size_t at) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
    return v;
  }

  std::vector<std::pair<std::string, json>> Parse() const {
    std::vector<std::pair<std::string, json>> out;
    size_t at = 0;
    while (at + 16 <= data_.size()) {
      const uint32_t total = U32(data_, at), headers = U32(data_, at + 4);
      if (at + total > data_.size()) break;
      std::string type;
      size_t h = at + 12;
      while (h < at + 12 + headers) {
        const size_t name_len = static_cast<unsigned char>(data_[h]);
        const std::string name = data_.substr(h + 1, name_len);
        const size_t value_len = (static_cast<unsigned char>(data_[h + 2 + name_len]) << 8) |
                                 static_cast<unsigned char>(data_[h + 3 + name_len]);
        const std::string value = data_.substr(h + 4 + name_len, value_len);
        if (name == ":event-type" || name == ":exception-type") type = value;
        h += 4 + name_len + value_len;
      }
      out.emplace_back(type, json::parse(data_.substr(at + 12 + headers, total - headers - 16)));
      at += total;
    }
    return out;
  }

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string data_;
  bool closed_ = false;
  bool ended_ = false;
  std::function<void()> on_close_;
};

class HubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config;
    config.create_delay_ms = 0;
    config.consumer_delay_ms = 0;
    config.update_delay_ms = 0;
    auto storage = OpenSqliteStorage("");
    ASSERT_TRUE(storage.ok());
    auto router = Router::Create(config, DefaultClock(), std::move(*storage));
    ASSERT_TRUE(router.ok());
    router_ = std::move(*router);
    SubscriptionHub::Options options;
    options.lifetime_ms = 60'000;
    hub_ = std::make_unique<SubscriptionHub>(*router_, options);
    router_->SetChangeListener([this] { hub_->Notify(); });
    ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
    auto c = Call(
        "RegisterStreamConsumer",
        {{"StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/s"}, {"ConsumerName", "c"}});
    ASSERT_TRUE(c.ok());
    consumer_arn_ = (*c)["Consumer"]["ConsumerARN"];
  }

  void TearDown() override {
    hub_->Shutdown();
    EXPECT_EQ(hub_->Running(), 0);
  }

  StatusOr<json> Call(const std::string& action, json body) {
    return DispatchJson(*router_, action, std::move(body));
  }

  void Put(const std::string& data) {
    // "Data" is base64; these test strings are already valid base64 text.
    ASSERT_TRUE(
        Call("PutRecord", {{"StreamName", "s"}, {"PartitionKey", "k"}, {"Data", data}}).ok());
  }

  StatusOr<std::shared_ptr<BodyProducer>> Subscribe(json position) {
    return hub_->Subscribe("us-east-1", {{"ConsumerARN", consumer_arn_},
                                         {"ShardId", "shardId-000000000000"},
                                         {"StartingPosition", position}});
  }

  std::unique_ptr<Router> router_;
  std::unique_ptr<SubscriptionHub> hub_;
  std::string consumer_arn_;
};

TEST_F(HubTest, StreamsStoredAndNewRecordsThenEndsOnDisconnect) {
  Put("YWFh");
  auto producer = Subscribe({{"Type", "TRIM_HORIZON"}});
  ASSERT_TRUE(producer.ok()) << producer.status().message();
  auto writer = std::make_shared<FakeWriter>();
  (*producer)->Start(writer);
  auto messages = writer->Messages(2);
  ASSERT_GE(messages.size(), 2u);
  EXPECT_EQ(messages[0].first, "initial-response");
  EXPECT_EQ(messages[1].first, "SubscribeToShardEvent");
  ASSERT_EQ(messages[1].second["Records"].size(), 1u);
  EXPECT_EQ(messages[1].second["Records"][0]["Data"], "YWFh");
  EXPECT_EQ(messages[1].second["ContinuationSequenceNumber"],
            messages[1].second["Records"][0]["SequenceNumber"]);
  Put("YmJi");
  messages = writer->Messages(3);
  ASSERT_GE(messages.size(), 3u);
  EXPECT_EQ(messages[2].second["Records"][0]["Data"], "YmJi");
  EXPECT_EQ(hub_->Running(), 1);
  writer->Disconnect();
  for (int i = 0; i < 500 && hub_->Running() > 0; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_EQ(hub_->Running(), 0);
}

TEST_F(HubTest, SecondSubscriptionInsideTheWindowIsRefused) {
  auto first = Subscribe({{"Type", "LATEST"}});
  ASSERT_TRUE(first.ok());
  auto second = Subscribe({{"Type", "LATEST"}});
  EXPECT_EQ(second.status().code(), "ResourceInUseException");
}

TEST_F(HubTest, AProducerDroppedUnstartedFreesTheConsumerAndShard) {
  // The transport could not send the answer (it never started the producer): a retry at once
  // must not meet ResourceInUseException.
  {
    auto refused = Subscribe({{"Type", "LATEST"}});
    ASSERT_TRUE(refused.ok());
  }
  auto retry = Subscribe({{"Type", "LATEST"}});
  ASSERT_TRUE(retry.ok()) << retry.status().message();
  auto writer = std::make_shared<FakeWriter>();
  (*retry)->Start(writer);
  ASSERT_GE(writer->Messages(1).size(), 1u);
  // A started one keeps its lease, also once it ended and is gone: refused calls (whose
  // subscriptions are never started) do not free it.
  EXPECT_EQ(Subscribe({{"Type", "LATEST"}}).status().code(), "ResourceInUseException");
  writer->Disconnect();
  retry = Status(codes::kInternal, "dropped");
  for (int i = 0; i < 500 && hub_->Running() > 0; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  ASSERT_EQ(hub_->Running(), 0);
  EXPECT_EQ(Subscribe({{"Type", "LATEST"}}).status().code(), "ResourceInUseException");
  EXPECT_EQ(Subscribe({{"Type", "LATEST"}}).status().code(), "ResourceInUseException");
}

TEST_F(HubTest, ALaterSubscriptionTakesOverAndTheOlderEndsWithResourceInUse) {
  SubscriptionHub::Options options;
  options.window_ms = 0;  // every call is "later than the window"
  hub_->Shutdown();
  hub_ = std::make_unique<SubscriptionHub>(*router_, options);
  auto first = Subscribe({{"Type", "LATEST"}});
  ASSERT_TRUE(first.ok());
  auto older = std::make_shared<FakeWriter>();
  (*first)->Start(older);
  ASSERT_GE(older->Messages(2).size(), 2u);
  auto second = Subscribe({{"Type", "LATEST"}});
  ASSERT_TRUE(second.ok()) << second.status().message();
  auto newer = std::make_shared<FakeWriter>();
  (*second)->Start(newer);
  const auto messages = older->Messages(10);
  EXPECT_TRUE(older->ended());
  EXPECT_EQ(messages.back().first, "ResourceInUseException");
  EXPECT_TRUE(newer->open());
}

TEST_F(HubTest, ShutdownAbortsRunningSubscriptions) {
  auto producer = Subscribe({{"Type", "LATEST"}});
  ASSERT_TRUE(producer.ok());
  auto writer = std::make_shared<FakeWriter>();
  (*producer)->Start(writer);
  ASSERT_GE(writer->Messages(2).size(), 2u);
  hub_->Shutdown();
  EXPECT_EQ(hub_->Running(), 0);
  EXPECT_FALSE(writer->open());
  EXPECT_FALSE(writer->ended());
}

TEST_F(HubTest, ClosedShardEndsWithChildShards) {
  Put("YWFh");
  ASSERT_TRUE(Call("SplitShard", {{"StreamName", "s"},
                                  {"ShardToSplit", "shardId-000000000000"},
                                  {"NewStartingHashKey", "1000"}})
                  .ok());
  auto producer = Subscribe({{"Type", "TRIM_HORIZON"}});
  ASSERT_TRUE(producer.ok());
  auto writer = std::make_shared<FakeWriter>();
  (*producer)->Start(writer);
  auto messages = writer->Messages(10);
  EXPECT_TRUE(writer->ended());
  ASSERT_GE(messages.size(), 2u);
  const json& last = messages.back().second;
  EXPECT_EQ(last["ChildShards"].size(), 2u);
  EXPECT_FALSE(last.contains("ContinuationSequenceNumber"));
}

}  // namespace
}  // namespace kinesisctl::server
