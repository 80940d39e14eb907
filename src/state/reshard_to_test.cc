#include "state/reshard_to.h"

#include <gtest/gtest.h>

#include "functions/testing/fake_stream_ops.h"
#include "kinesisctl/layouts.h"

namespace kinesisctl::admin {
namespace {

using testing::FakeStreamOps;

class ReshardToTest : public ::testing::Test {
 protected:
  ReshardToTest() : ops_(clock_) {}

  StatusOr<ReshardToReport> Run(int64_t target, const std::string& method = "auto") {
    ReshardToOptions options;
    options.method = method;
    options.timeout_seconds = timeout_;
    return ReshardTo(ops_, "s", target, options, clock_, &progress_);
  }
  std::vector<HashRange> Layout() {
    std::vector<HashRange> out;
    for (const OpenShard& s : ops_.Find("s")->state.open_shards) out.push_back({s.start, s.end});
    return out;
  }
  // The calls that are not reads, waits included, in order.
  std::vector<std::string> Trace() {
    std::vector<std::string> out;
    for (const std::string& c : ops_.calls()) {
      if (c.rfind("Exists", 0) != 0) out.push_back(c.substr(0, c.find(' ')));
    }
    return out;
  }

  FakeClock clock_;
  FakeStreamOps ops_;
  RecordingProgress progress_;
  double timeout_ = 7200;
};

TEST_F(ReshardToTest, AutoFourToFiveIsOneUpdateShardCount) {
  ops_.AddStream("s", 4);
  auto r = Run(5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->method, "update_shard_count");
  EXPECT_EQ(r->steps, 1);
  EXPECT_EQ(r->from, 4);
  EXPECT_EQ(ops_.Mutations(), std::vector<std::string>{"UpdateShardCount s 5"});
  EXPECT_EQ(Layout(), *AwsLayout(5));
}

TEST_F(ReshardToTest, AutoFiveToTwelveTakesTwoStepsWaitingBetween) {
  ops_.AddStream("s", 5);
  auto r = Run(12);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->steps, 2);
  EXPECT_EQ(ops_.Mutations(),
            (std::vector<std::string>{"UpdateShardCount s 10", "UpdateShardCount s 12"}));
  EXPECT_EQ(Trace(), (std::vector<std::string>{"Wait", "UpdateShardCount", "Wait",
                                               "UpdateShardCount", "Wait"}));
  ASSERT_FALSE(progress_.lines.empty());
  EXPECT_EQ(progress_.lines.front(), "s: checking, status ACTIVE, elapsed 0s");
  EXPECT_EQ(progress_.lines[1],
            "s: step 1 of 2, UpdateShardCount 5 -> 10, status ACTIVE, "
            "elapsed 0s");
  EXPECT_EQ(progress_.lines[2],
            "s: step 1 of 2, UpdateShardCount 5 -> 10, status UPDATING, "
            "elapsed 0s");
  EXPECT_EQ(progress_.lines[3],
            "s: step 2 of 2, UpdateShardCount 10 -> 12, status ACTIVE, "
            "elapsed 10s");
  EXPECT_EQ(progress_.finished, 1);
}

TEST_F(ReshardToTest, NothingToDo) {
  ops_.AddStream("s", 3);
  auto r = Run(3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method, "none");
  EXPECT_TRUE(ops_.Mutations().empty());
  // split_merge on a balanced layout (Salt's rounding is within tolerance) does nothing either.
  ops_.SetLayout(ops_.Find("s")->state, *SaltLayout(3));
  r = Run(3, "split_merge");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->steps, 0);
  EXPECT_TRUE(ops_.Mutations().empty());
}

TEST_F(ReshardToTest, AutoFallsBackToSplitMergeWhenUnsupported) {
  ops_.AddStream("s", 5);
  ops_.FailAlways("UpdateShardCount", Status("UnknownOperationException", "", 400));
  auto r = Run(12);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->method, "split_merge");
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_NE(r->notes[0].find("UnknownOperationException"), std::string::npos);
  EXPECT_EQ(Layout().size(), 12u);
  for (size_t i = 1; i < 12; ++i) {
    const uint128 got = Layout()[i].start.value(), want = AwsLayoutStart(i, 12).value();
    EXPECT_LE(got > want ? got - want : want - got, static_cast<uint128>(12));
  }
}

TEST_F(ReshardToTest, SpentBudgetIsAClearErrorOrAFallback) {
  ops_.AddStream("s", 5);
  ops_.SetUpdateShardCountBudget(1);
  auto r = Run(12, "update_shard_count");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "LimitExceededException");
  EXPECT_NE(r.status().message().find("at most 10 scalings per stream per rolling 24 hours"),
            std::string::npos);
  EXPECT_NE(r.status().message().find("method=split_merge"), std::string::npos);
  EXPECT_EQ(ops_.Find("s")->state.open_shards.size(), 10u);  // the first step stays done
  // auto carries on from 10 with split/merge.
  r = Run(12);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->method, "split_merge");
  EXPECT_EQ(Layout().size(), 12u);
}

TEST_F(ReshardToTest, SplitMergeFourToFiveReachesAwsLayout) {
  ops_.AddStream("s", 4);
  auto r = Run(5, "split_merge");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->steps, 7);
  EXPECT_EQ(Layout(), *AwsLayout(5));
  // Every operation after the first waited for ACTIVE.
  const std::vector<std::string> trace = Trace();
  for (size_t i = 1; i < trace.size(); ++i) {
    if (trace[i] == "SplitShard" || trace[i] == "MergeShards") {
      EXPECT_EQ(trace[i - 1], "Wait");
    }
  }
}

TEST_F(ReshardToTest, DeadlineAndDeletedStream) {
  ops_.AddStream("s", 4);
  timeout_ = 25;  // each wait for a changed stream takes 10 s on the fake clock
  auto r = Run(5, "split_merge");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), codes::kDeadlineExceeded);
  EXPECT_NE(r.status().message().find("gave up after"), std::string::npos);
  EXPECT_EQ(progress_.finished, 1);

  timeout_ = 7200;
  ops_.AddStream("s", 5);
  ops_.DeleteAtWait("s", 2);
  r = Run(12);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "ResourceNotFoundException");
  EXPECT_NE(r.status().message().find("stream s was deleted while resharding (step 1 of 2"),
            std::string::npos);
}

TEST_F(ReshardToTest, RefusalsAndBadOptions) {
  ops_.AddStream("s", 4).state.stream_mode = "ON_DEMAND";
  auto r = Run(8);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("ON_DEMAND"), std::string::npos);
  EXPECT_FALSE(Run(0).ok());
  EXPECT_FALSE(Run(4, "fast").ok());
  ops_.AddStream("s", 4).state.stream_mode = "PROVISIONED";
  ops_.FailAlways("UpdateShardCount", Status("AccessDeniedException", "no"));
  r = Run(8, "update_shard_count");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "AccessDeniedException");
  EXPECT_EQ(ops_.Mutations(), std::vector<std::string>{"UpdateShardCount s 8"});
}

TEST_F(ReshardToTest, TargetsBeyondTheLimitAreRefusedBeforeAnyCall) {
  ops_.AddStream("s", 4);
  for (int64_t target : {int64_t{10001}, int64_t{100000000}, int64_t{1000000000000}}) {
    auto r = Run(target, "split_merge");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), codes::kInvalidInput);
    EXPECT_NE(r.status().message().find("above the 10000 shards"), std::string::npos)
        << r.status().message();
  }
  EXPECT_TRUE(ops_.calls().empty());
}

TEST_F(ReshardToTest, AMissingStreamDoesNotExistRatherThanWasDeleted) {
  auto r = Run(4);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "ResourceNotFoundException");
  EXPECT_EQ(r.status().message(), "stream s does not exist");
}

}  // namespace
}  // namespace kinesisctl::admin
