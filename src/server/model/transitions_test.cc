#include "server/model/transitions.h"

#include <gtest/gtest.h>

namespace kinesisctl::server {
namespace {

Stream MakeStream(int shards) {
  Stream s;
  s.name = "s";
  s.status = StreamStatus::kActive;
  AddInitialShards(s, shards, 1'000);
  return s;
}

TEST(TransitionsTest, InitialShardsCoverTheSpace) {
  const Stream s = MakeStream(3);
  ASSERT_EQ(s.shards.size(), 3u);
  EXPECT_EQ(s.shards[0].id, "shardId-000000000000");
  EXPECT_EQ(s.shards[0].start, HashKey(0));
  EXPECT_EQ(s.shards[0].end.ToString(), "113427455640312821154458202477256070484");
  EXPECT_EQ(s.shards[2].end, HashKey::Max());
  for (size_t i = 1; i < s.shards.size(); ++i) {
    EXPECT_EQ(s.shards[i].start.value(), s.shards[i - 1].end.value() + 1);
  }
}

TEST(TransitionsTest, SplitClosesParentAndNumbersChildren) {
  Stream s = MakeStream(1);
  ASSERT_TRUE(CompleteSplit(s, "shardId-000000000000", HashKey(100), 2'000).ok());
  ASSERT_EQ(s.shards.size(), 3u);
  EXPECT_FALSE(s.shards[0].open());
  EXPECT_EQ(s.shards[1].id, "shardId-000000000001");
  EXPECT_EQ(s.shards[1].parent, "shardId-000000000000");
  EXPECT_EQ(s.shards[1].end, HashKey(99));
  EXPECT_EQ(s.shards[2].start, HashKey(100));
  EXPECT_GT(s.shards[1].starting_sequence, s.shards[0].ending_sequence);
  EXPECT_EQ(s.OpenShardCount(), 2);
  EXPECT_FALSE(CompleteSplit(s, "shardId-000000000000", HashKey(50), 3'000).ok());
}

TEST(TransitionsTest, MergeNamesBothParents) {
  Stream s = MakeStream(2);
  ASSERT_TRUE(CompleteMerge(s, "shardId-000000000001", "shardId-000000000000", 2'000).ok());
  const Shard& child = s.shards.back();
  EXPECT_EQ(child.parent, "shardId-000000000001");
  EXPECT_EQ(child.adjacent_parent, "shardId-000000000000");
  EXPECT_EQ(child.start, HashKey(0));
  EXPECT_EQ(child.end, HashKey::Max());
  EXPECT_EQ(s.OpenShardCount(), 1);
}

TEST(TransitionsTest, ResizeUsesAwsLayoutWithParents) {
  Stream s = MakeStream(2);
  ASSERT_TRUE(CompleteResize(s, 3, 2'000).ok());
  EXPECT_EQ(s.OpenShardCount(), 3);
  const Shard& middle = s.shards[3];
  EXPECT_EQ(middle.start.ToString(), "113427455640312821154458202477256070485");
  EXPECT_EQ(middle.parent, "shardId-000000000000");
  EXPECT_EQ(middle.adjacent_parent, "shardId-000000000001");
}

TEST(TransitionsTest, AdvanceCompletesOnlyDueTransitions) {
  Region region;
  Stream a = MakeStream(1);
  a.name = "a";
  a.status = StreamStatus::kCreating;
  a.pending = Transition{.kind = Transition::Kind::kCreate, .due_ms = 5'000};
  Stream b = MakeStream(1);
  b.name = "b";
  b.status = StreamStatus::kDeleting;
  b.pending = Transition{.kind = Transition::Kind::kDelete, .due_ms = 6'000};
  region.streams["a"] = a;
  region.streams["b"] = b;
  AdvanceTransitions(region, 4'999);
  EXPECT_EQ(region.streams["a"].status, StreamStatus::kCreating);
  AdvanceTransitions(region, 5'000);
  EXPECT_EQ(region.streams["a"].status, StreamStatus::kActive);
  EXPECT_EQ(region.streams.count("b"), 1u);
  AdvanceTransitions(region, 6'000);
  EXPECT_EQ(region.streams.count("b"), 0u);
}

TEST(SequenceNumberTest, FiftySixDigitsOrderedByTimeThenCounter) {
  const std::string a = FormatSequenceNumber(1'700'000'000'000, 5, 3);
  EXPECT_EQ(a.size(), 56u);
  EXPECT_LT(a, FormatSequenceNumber(1'700'000'000'000, 6, 0));
  EXPECT_LT(FormatSequenceNumber(1'700'000'000'000, kMaxSequenceCounter, 9),
            FormatSequenceNumber(1'700'000'000'001, 0, 0));
}

TEST(SequenceNumberTest, FieldsAreZeroPaddedDecimals) {
  EXPECT_EQ(FormatSequenceNumber(1'700'000'000'123, 42, 7),
            "49"
            "0001700000000123"
            "00000000000000000042"
            "000000000000000007");
  EXPECT_EQ(FormatSequenceNumber(0, UINT64_MAX, 2'147'483'647),
            "49"
            "0000000000000000"
            "18446744073709551615"
            "000000002147483647");
}

}  // namespace
}  // namespace kinesisctl::server
