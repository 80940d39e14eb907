#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "server/model/model_json.h"
#include "server/model/transitions.h"
#include "server/storage/storage.h"

namespace kinesisctl::server {
namespace {

Stream MakeStream() {
  Stream s;
  s.region = "us-east-1";
  s.name = "s";
  s.arn = StreamArn("us-east-1", "000000000000", "s");
  s.status = StreamStatus::kUpdating;
  s.tags["team"] = "data";
  s.pending = Transition{.kind = Transition::Kind::kSplit, .due_ms = 9, .shard = "x"};
  AddInitialShards(s, 2, 1'000);
  return s;
}

NewRecord Rec(int shard, uint64_t counter, const std::string& data) {
  return {
      "us-east-1", "s", shard, {FormatSequenceNumber(2'000, counter, shard), 2'000, "pk", data}};
}

void RoundTrip(const std::string& dir) {
  auto storage = OpenSqliteStorage(dir);
  ASSERT_TRUE(storage.ok()) << storage.status().ToString();
  const Stream s = MakeStream();
  ASSERT_TRUE((*storage)
                  ->Commit({{"us-east-1", "s", &s}},
                           {Rec(0, 0, "a"), Rec(0, 1, std::string("\0b", 2)), Rec(1, 0, "c")})
                  .ok());
  auto model = (*storage)->Load();
  ASSERT_TRUE(model.ok());
  const Stream& loaded = model->regions["us-east-1"].streams.at("s");
  EXPECT_EQ(loaded.tags.at("team"), "data");
  EXPECT_EQ(loaded.shards.size(), 2u);
  EXPECT_EQ(loaded.shards[1].end, HashKey::Max());
  EXPECT_EQ(loaded.pending.kind, Transition::Kind::kSplit);
  EXPECT_EQ(loaded.status, StreamStatus::kUpdating);

  auto all = (*storage)->Read({"us-east-1", "s", 0});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].data, std::string("\0b", 2));
  auto after = (*storage)->Read({"us-east-1", "s", 0, (*all)[0].sequence, false});
  ASSERT_EQ(after->size(), 1u);
  auto at = (*storage)->Read({"us-east-1", "s", 0, (*all)[0].sequence, true});
  EXPECT_EQ(at->size(), 2u);
  auto last = (*storage)->LastRecord("us-east-1", "s", 0);
  EXPECT_EQ(last->sequence, (*all)[1].sequence);

  // A duplicate sequence fails the whole transaction: nothing of it is kept.
  EXPECT_FALSE((*storage)->Commit({}, {Rec(1, 5, "new"), Rec(0, 0, "dup")}).ok());
  EXPECT_EQ((*storage)->Read({"us-east-1", "s", 1})->size(), 1u);

  ASSERT_TRUE((*storage)->Trim("us-east-1", "s", 2'000).ok());  // keeps arrival 2000
  EXPECT_EQ((*storage)->Read({"us-east-1", "s", 0})->size(), 2u);
  ASSERT_TRUE((*storage)->Trim("us-east-1", "s", 2'001).ok());
  EXPECT_TRUE((*storage)->Read({"us-east-1", "s", 0})->empty());
  // Trimming goes by the sequence number's time (a key range): a record that arrived before the
  // limit but whose sequence time is later (the clock went back) stays until that time passes.
  NewRecord late = Rec(1, 9, "late");
  late.record.sequence = FormatSequenceNumber(5'000, 9, 1);
  ASSERT_TRUE((*storage)->Commit({}, {late}).ok());
  ASSERT_TRUE((*storage)->Trim("us-east-1", "s", 4'000).ok());
  EXPECT_EQ((*storage)->Read({"us-east-1", "s", 1})->size(), 1u);
  ASSERT_TRUE((*storage)->Trim("us-east-1", "s", 5'001).ok());
  EXPECT_TRUE((*storage)->Read({"us-east-1", "s", 1})->empty());

  ASSERT_TRUE((*storage)->Commit({{"us-east-1", "s", nullptr}}, {}).ok());
  EXPECT_TRUE((*storage)->Load()->regions.empty());
  EXPECT_TRUE((*storage)->Read({"us-east-1", "s", 0})->empty());
}

TEST(SqliteStorageTest, InMemory) { RoundTrip(""); }

TEST(SqliteStorageTest, OnDiskSurvivesReopen) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("kinesisctl-storage-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  RoundTrip(dir.string());
  {
    auto storage = OpenSqliteStorage(dir.string());
    const Stream s = MakeStream();
    ASSERT_TRUE((*storage)->Commit({{"us-east-1", "s", &s}}, {Rec(0, 0, "kept")}).ok());
  }
  auto reopened = OpenSqliteStorage(dir.string());
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->Load()->regions["us-east-1"].streams.count("s"), 1u);
  EXPECT_EQ((*reopened)->Read({"us-east-1", "s", 0})->at(0).data, "kept");
  std::filesystem::remove_all(dir);
}

TEST(SqliteStorageTest, OneOwnerPerDataDirectory) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("kinesisctl-storage-lock-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto first = OpenSqliteStorage(dir.string());
    ASSERT_TRUE(first.ok()) << first.status().message();
    auto second = OpenSqliteStorage(dir.string());
    ASSERT_FALSE(second.ok());
    EXPECT_NE(second.status().message().find("data directory " + dir.string() + " is in use (pid " +
                                             std::to_string(::getpid()) + ")"),
              std::string::npos)
        << second.status().message();
  }
  EXPECT_TRUE(OpenSqliteStorage(dir.string()).ok());  // released with its owner
  std::filesystem::remove_all(dir);
}

TEST(SqliteStorageTest, NewStreamFieldsAndAccountSettingsSurviveReopen) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("kinesisctl-storage-account-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto storage = OpenSqliteStorage(dir.string());
    ASSERT_TRUE(storage.ok());
    Stream s = MakeStream();
    s.max_record_kib = 4096;
    s.warm_target_mibps = 100;
    s.warm_current_mibps = 50;
    s.policy = R"({"Version":"2012-10-17","Statement":[]})";
    ASSERT_TRUE((*storage)->Commit({{"us-east-1", "s", &s}}, {}).ok());
    AccountSettings a;
    a.status = "ENABLED";
    a.started_ms = 5;
    a.earliest_end_ms = 86'400'005;
    ASSERT_TRUE((*storage)->SaveAccountSettings("eu-west-1", a).ok());
  }
  auto reopened = OpenSqliteStorage(dir.string());
  ASSERT_TRUE(reopened.ok());
  auto model = (*reopened)->Load();
  ASSERT_TRUE(model.ok());
  const Stream& s = model->regions["us-east-1"].streams.at("s");
  EXPECT_EQ(s.max_record_kib, 4096);
  EXPECT_EQ(s.warm_target_mibps, 100);
  EXPECT_EQ(s.warm_current_mibps, 50);
  EXPECT_EQ(s.policy, R"({"Version":"2012-10-17","Statement":[]})");
  const AccountSettings& a = model->regions["eu-west-1"].account;
  EXPECT_EQ(a.status, "ENABLED");
  EXPECT_EQ(a.earliest_end_ms, 86'400'005);
  EXPECT_EQ(model->regions["us-east-1"].account.StatusAt(0), "DISABLED");
  std::filesystem::remove_all(dir);
}

// Records are keyed by an integer per shard: a shard id created in a rolled-back transaction, or
// of a deleted stream, is not reused for another shard's records; a stream re-created under a
// deleted one's name starts empty; and a starting sequence number past every record (a counter
// beyond 64 bits, never one we give out) reads nothing.
TEST(SqliteStorageTest, ShardIdsFollowTransactionsAndDeletes) {
  auto storage = OpenSqliteStorage("");
  ASSERT_TRUE(storage.ok());
  const Stream s = MakeStream();
  // Shard 1's first record and a duplicate: the whole commit (and shard 1's new id) is undone.
  ASSERT_TRUE((*storage)->Commit({{"us-east-1", "s", &s}}, {Rec(0, 0, "a")}).ok());
  EXPECT_FALSE((*storage)->Commit({}, {Rec(1, 0, "lost"), Rec(0, 0, "dup")}).ok());
  ASSERT_TRUE((*storage)->Commit({}, {Rec(1, 1, "b")}).ok());
  EXPECT_EQ((*storage)->Read({"us-east-1", "s", 0})->size(), 1u);
  ASSERT_EQ((*storage)->Read({"us-east-1", "s", 1})->size(), 1u);
  EXPECT_EQ((*storage)->Read({"us-east-1", "s", 1})->at(0).data, "b");

  const std::string beyond =
      "49" + std::string(16, '9') + std::string(20, '9') + FormatSequenceNumber(0, 0, 0).substr(38);
  auto none = (*storage)->Read({"us-east-1", "s", 0, beyond, true});
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());

  ASSERT_TRUE((*storage)->Commit({{"us-east-1", "s", nullptr}}, {}).ok());
  ASSERT_TRUE((*storage)->Commit({{"us-east-1", "s", &s}}, {Rec(1, 7, "fresh")}).ok());
  EXPECT_TRUE((*storage)->Read({"us-east-1", "s", 0})->empty());
  auto fresh = (*storage)->Read({"us-east-1", "s", 1});
  ASSERT_EQ(fresh->size(), 1u);
  EXPECT_EQ(fresh->at(0).data, "fresh");
  EXPECT_EQ(fresh->at(0).sequence, FormatSequenceNumber(2'000, 7, 1));
  EXPECT_EQ((*storage)->LastRecord("us-east-1", "s", 1)->sequence, fresh->at(0).sequence);
  EXPECT_TRUE((*storage)->LastRecord("us-east-1", "s", 0)->sequence.empty());
}

// A stream saved before MaxRecordSizeInKiB, warm throughput and resource policies existed.
TEST(SqliteStorageTest, OldStreamBodiesStillLoad) {
  Stream s = MakeStream();
  std::string text = StreamToJson(s);
  auto j = nlohmann::json::parse(text);
  for (const char* k : {"max_record_kib", "warm_target", "warm_current", "policy"}) j.erase(k);
  auto loaded = StreamFromJson(j.dump());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->max_record_kib, 1024);
  EXPECT_EQ(loaded->warm_target_mibps, -1);
  EXPECT_TRUE(loaded->policy.empty());
}

}  // namespace
}  // namespace kinesisctl::server
