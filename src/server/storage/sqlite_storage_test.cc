#include <gtest/gtest.h>

#include <filesystem>

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

}  // namespace
}  // namespace kinesisctl::server
