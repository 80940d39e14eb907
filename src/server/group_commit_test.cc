// Group commit of PutRecord(s): requests that arrive while a commit is under way are committed
// together in the next transaction, in the order their sequence numbers were given; no answer
// leaves before the transaction holding its records has committed; a failed group commit fails
// every request of the group (and those queued behind it) and puts their sequence counters back.
// A storage double holds each CommitRecords call at a gate that the test opens one call at a time,
// so every step is ordered by the test, not by timing.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "server/router.h"
#include "server/testing/dispatch_json.h"
#include "server/testing/forwarding_storage.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;

// Delegates to an in-memory SQLite storage. Every CommitRecords call is noted (the first
// partition key of each of its batches) and then waits until the test lets it through, with
// success or with an injected failure.
class GateStorage final : public ForwardingStorage {
 public:
  using ForwardingStorage::ForwardingStorage;

  // Blocks until `n` CommitRecords calls have started.
  void WaitForCalls(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return calls_.size() >= n; });
  }
  // Lets the oldest waiting call go on: it commits, or fails without storing anything.
  void Release(bool fail = false) {
    std::lock_guard<std::mutex> lock(mu_);
    verdicts_.push_back(fail);
    cv_.notify_all();
  }
  // From now on every call goes through at once (with success): a broken implementation then
  // fails the test's checks instead of leaving it waiting at the gate.
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  std::vector<std::vector<std::string>> calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  size_t finished() {
    std::lock_guard<std::mutex> lock(mu_);
    return finished_;
  }

  Status CommitRecords(const std::vector<const std::vector<NewRecord>*>& batches) override {
    size_t index;
    {
      std::unique_lock<std::mutex> lock(mu_);
      std::vector<std::string> keys;
      for (const auto* batch : batches) keys.push_back(batch->front().record.partition_key);
      index = calls_.size();
      calls_.push_back(std::move(keys));
      cv_.notify_all();
      cv_.wait(lock, [&] { return verdicts_.size() > index || open_; });
    }
    bool fail;
    {
      std::lock_guard<std::mutex> lock(mu_);
      fail = index < verdicts_.size() && verdicts_[index];
    }
    Status s = fail ? Status(codes::kInternal, "disk I/O error (injected)")
                    : inner().CommitRecords(batches);
    std::lock_guard<std::mutex> lock(mu_);
    ++finished_;
    return s;
  }

  // A single-request commit; counted when it happens while a group commit is unfinished.
  Status Commit(const std::vector<StreamChange>& changes,
                const std::vector<NewRecord>& records) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (calls_.size() > finished_) ++overlapping_;
    }
    return ForwardingStorage::Commit(changes, records);
  }
  int overlapping() {
    std::lock_guard<std::mutex> lock(mu_);
    return overlapping_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::vector<std::string>> calls_;
  std::vector<bool> verdicts_;  // guarded by mu_; read by index once set
  size_t finished_ = 0;
  int overlapping_ = 0;
  bool open_ = false;
};

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto inner = OpenSqliteStorage("");
    ASSERT_TRUE(inner.ok());
    auto gate = std::make_unique<GateStorage>(std::move(*inner));
    storage_ = gate.get();
    ServerConfig config;
    config.create_delay_ms = 0;
    auto router = Router::Create(config, clock_, std::move(gate));
    ASSERT_TRUE(router.ok());
    router_ = std::move(*router);
    ASSERT_TRUE(Call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}).ok());
    clock_.Advance(std::chrono::milliseconds(10));
  }

  StatusOr<json> Call(const std::string& action, json body) {
    return DispatchJson(*router_, action, std::move(body));
  }

  // A PutRecords of two records whose partition keys start with `key`, on its own thread.
  std::future<StatusOr<json>> Put(const std::string& key) {
    return std::async(std::launch::async, [this, key] {
      return Call("PutRecords", {{"StreamName", "s"},
                                 {"Records",
                                  {{{"PartitionKey", key + "1"}, {"Data", "AQ=="}},
                                   {{"PartitionKey", key + "2"}, {"Data", "Ag=="}}}}});
    });
  }

  void WaitQueued(size_t n) {
    while (router_->QueuedForTest() < n) std::this_thread::yield();
  }

  static bool Ready(std::future<StatusOr<json>>& f) {
    return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }

  std::vector<std::string> StoredSequences() {
    auto stored = Call("GetShardIterator", {{"StreamName", "s"},
                                            {"ShardId", "shardId-000000000000"},
                                            {"ShardIteratorType", "TRIM_HORIZON"}});
    EXPECT_TRUE(stored.ok());
    auto got = Call("GetRecords", {{"ShardIterator", (*stored)["ShardIterator"]}});
    EXPECT_TRUE(got.ok());
    std::vector<std::string> out;
    for (const json& r : (*got)["Records"]) out.push_back(r["SequenceNumber"]);
    return out;
  }

  static std::vector<std::string> Sequences(const StatusOr<json>& answer) {
    std::vector<std::string> out;
    for (const json& r : (*answer)["Records"]) out.push_back(r["SequenceNumber"]);
    return out;
  }

  FakeClock clock_;
  GateStorage* storage_ = nullptr;
  std::unique_ptr<Router> router_;
};

TEST_F(GroupCommitTest, RequestsArrivingDuringACommitShareTheNextOneAndAnswerAfterIt) {
  auto a = Put("a");
  storage_->WaitForCalls(1);  // a's commit is under way, held at the gate
  auto b = Put("b");
  auto c = Put("c");
  WaitQueued(2);
  EXPECT_FALSE(Ready(a));  // its transaction has not committed
  storage_->Release();     // a commits; b and c go together into the next transaction
  storage_->WaitForCalls(2);
  EXPECT_EQ(storage_->finished(), 1u);
  ASSERT_TRUE(a.get().ok());
  EXPECT_FALSE(Ready(b));
  EXPECT_FALSE(Ready(c));
  storage_->Release();
  storage_->Open();
  auto b_answer = b.get();
  auto c_answer = c.get();
  ASSERT_TRUE(b_answer.ok()) << b_answer.status().message();
  ASSERT_TRUE(c_answer.ok()) << c_answer.status().message();

  const auto calls = storage_->calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0], (std::vector<std::string>{"a1"}));
  // One transaction for both, in the order their sequence numbers were given.
  const auto b_seq = Sequences(b_answer);
  const auto c_seq = Sequences(c_answer);
  ASSERT_EQ(calls[1].size(), 2u);
  const bool b_first = b_seq.front() < c_seq.front();
  EXPECT_EQ(calls[1], (b_first ? std::vector<std::string>{"b1", "c1"}
                               : std::vector<std::string>{"c1", "b1"}));
  // Every acknowledged record is stored, in sequence order.
  const auto stored = StoredSequences();
  EXPECT_EQ(stored.size(), 6u);
  EXPECT_TRUE(std::is_sorted(stored.begin(), stored.end()));
  for (const auto* seqs : {&b_seq, &c_seq}) {
    for (const auto& s : *seqs) {
      EXPECT_NE(std::find(stored.begin(), stored.end(), s), stored.end()) << s;
    }
  }
}

TEST_F(GroupCommitTest, AFailedGroupCommitFailsTheGroupAndWhatQueuedBehindItAndPutsCountersBack) {
  auto a = Put("a");
  storage_->WaitForCalls(1);
  auto b = Put("b");
  auto c = Put("c");
  WaitQueued(2);
  storage_->Release();  // a commits
  ASSERT_TRUE(a.get().ok());
  storage_->WaitForCalls(2);  // b and c's transaction, held at the gate
  auto d = Put("d");          // numbered after b and c, queued behind their transaction
  WaitQueued(1);
  storage_->Release(/*fail=*/true);
  storage_->Open();
  for (auto* f : {&b, &c, &d}) {
    auto answer = f->get();
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.status().code(), "InternalFailure");
    EXPECT_EQ(answer.status().http_status(), 500);
  }
  EXPECT_EQ(storage_->calls().size(), 2u);  // d was never committed

  // Only a's records are stored, and numbering goes on right after them.
  const auto stored = StoredSequences();
  ASSERT_EQ(stored.size(), 2u);
  auto e_answer = Put("e").get();
  ASSERT_TRUE(e_answer.ok());
  const auto after = StoredSequences();
  ASSERT_EQ(after.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(after.begin() + 2, after.end()), Sequences(e_answer));
  EXPECT_EQ(router_->ModelForTest().regions["us-east-1"].streams["s"].shards[0].last_counter, 3u);
}

TEST_F(GroupCommitTest, OtherRequestsWaitUntilQueuedRecordsAreCommitted) {
  auto a = Put("a");
  storage_->WaitForCalls(1);
  auto tag = std::async(std::launch::async, [this] {
    return Call("AddTagsToStream", {{"StreamName", "s"}, {"Tags", {{"k", "v"}}}});
  });
  while (router_->DrainingForTest() < 1 && !Ready(tag)) std::this_thread::yield();
  auto b = Put("b");  // arrives after the waiting request: waits for it, not in a's group
  while (router_->WaitingAppendsForTest() < 1 && router_->QueuedForTest() < 1)
    std::this_thread::yield();
  storage_->Release();
  storage_->Open();
  ASSERT_TRUE(a.get().ok());
  ASSERT_TRUE(tag.get().ok());
  ASSERT_TRUE(b.get().ok());
  EXPECT_EQ(storage_->overlapping(), 0);  // the tag change committed after a's records only
  const auto calls = storage_->calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0], (std::vector<std::string>{"a1"}));
  EXPECT_EQ(calls[1], (std::vector<std::string>{"b1"}));
  EXPECT_EQ(StoredSequences().size(), 4u);
}

}  // namespace
}  // namespace kinesisctl::server
