// Salt's seven state test cases (tests/pytests/unit/states/test_boto_kinesis.py) with their
// exact comment strings, and our deviations (docs/design/salt-compatibility.md).
#include "state/state_present.h"

#include <gtest/gtest.h>

#include "functions/testing/fake_stream_ops.h"

namespace kinesisctl::admin {
namespace {

using testing::FakeStreamOps;
using Json = nlohmann::ordered_json;

class PresentTest : public ::testing::Test {
 protected:
  PresentTest() : ops_(clock_) {}

  // Salt's fixture: one shard, retention 24, monitoring ['IteratorAgeMilliseconds'].
  void AddSaltStream() {
    auto& s = ops_.AddStream("new_stream", 1);
    s.state.metrics = {"IteratorAgeMilliseconds"};
  }
  static PresentSpec SaltSpec(int64_t retention, Json monitoring, int64_t shards) {
    PresentSpec spec;
    spec.retention_hours = retention;
    spec.enhanced_monitoring = monitoring;
    spec.num_shards = shards;
    return spec;
  }
  Json Run(const PresentSpec& spec, bool test) {
    return Present(ops_, "new_stream", spec, test, clock_, nullptr);
  }

  FakeClock clock_;
  FakeStreamOps ops_;
};

Json Expected(Json result, const std::string& comment, Json changes = Json::object()) {
  return {{"name", "new_stream"}, {"result", result}, {"comment", comment}, {"changes", changes}};
}

TEST_F(PresentTest, SaltCase1AlreadyPresentNoChange) {
  AddSaltStream();
  EXPECT_EQ(Run(SaltSpec(24, {"IteratorAgeMilliseconds"}, 1), false),
            Expected(true,
                     "Kinesis stream new_stream already exists,\n"
                     "Kinesis stream new_stream: retention hours did not require change, already "
                     "set at 24,\n"
                     "Kinesis stream new_stream: enhanced monitoring did not require change, "
                     "already set at ['IteratorAgeMilliseconds'],\n"
                     "Kinesis stream new_stream: did not require resharding, remains at 1 shards"));
  EXPECT_TRUE(ops_.Mutations().empty());
}

TEST_F(PresentTest, SaltCase2TestModeMissingStream) {
  EXPECT_EQ(Run(SaltSpec(24, {"IteratorAgeMilliseconds"}, 1), true),
            Expected(nullptr, "Kinesis stream new_stream would be created"));
  EXPECT_TRUE(ops_.Mutations().empty());
}

TEST_F(PresentTest, SaltCase3TestModeChangesRequired) {
  AddSaltStream();
  EXPECT_EQ(Run(SaltSpec(25, {"IncomingBytes"}, 2), true),
            Expected(nullptr,
                     "Kinesis stream new_stream already exists,\n"
                     "Kinesis stream new_stream: retention hours would be updated to 25,\n"
                     "Kinesis stream new_stream: would enable enhanced monitoring for "
                     "['IncomingBytes'],\n"
                     "Kinesis stream new_stream: would disable enhanced monitoring for "
                     "['IteratorAgeMilliseconds'],\n"
                     "Kinesis stream new_stream: would be resharded from 1 to 2 shards"));
  EXPECT_TRUE(ops_.Mutations().empty());
}

TEST_F(PresentTest, SaltCase4CreateAndConfigure) {
  ops_.on_create = [](FakeStreamOps::Stream& s) { s.state.metrics = {"IteratorAgeMilliseconds"}; };
  EXPECT_EQ(Run(SaltSpec(24, {"IteratorAgeMilliseconds"}, 1), false),
            Expected(true,
                     "Kinesis stream new_stream successfully created,\n"
                     "Kinesis stream new_stream: retention hours did not require change, already "
                     "set at 24,\n"
                     "Kinesis stream new_stream: enhanced monitoring did not require change, "
                     "already set at ['IteratorAgeMilliseconds'],\n"
                     "Kinesis stream new_stream: did not require resharding, remains at 1 shards",
                     {{"new", {{"name", "new_stream"}, {"num_shards", 1}}}}));
  EXPECT_EQ(ops_.Mutations(), std::vector<std::string>{"Create new_stream 1 -"});
}

TEST(AbsentTest, SaltCases) {
  FakeClock clock;
  FakeStreamOps ops(clock);
  // 5. Does not exist.
  EXPECT_EQ(Absent(ops, "new_stream", false),
            Expected(true, "Kinesis stream new_stream does not exist"));
  ops.AddStream("new_stream", 1);
  // 6. Test mode.
  EXPECT_EQ(Absent(ops, "new_stream", true),
            Expected(nullptr, "Kinesis stream new_stream would be deleted"));
  EXPECT_NE(ops.Find("new_stream"), nullptr);
  // 7. Deleted.
  EXPECT_EQ(Absent(ops, "new_stream", false),
            Expected(true, "Deleted stream new_stream",
                     {{"old", "Stream new_stream exists"}, {"new", "Stream new_stream deleted"}}));
  EXPECT_EQ(ops.Find("new_stream"), nullptr);
}

TEST(AbsentTest, OtherErrorsFailInsteadOfMeaningAbsent) {
  FakeClock clock;
  FakeStreamOps ops(clock);
  ops.AddStream("s", 1);
  ops.FailNext("Exists", Status("AccessDeniedException", "no"));
  Json r = Absent(ops, "s", false);
  EXPECT_EQ(r["result"], false);
  EXPECT_EQ(r["comment"],
            "Failed to check whether stream s exists: {'Code': "
            "'AccessDeniedException', 'Message': 'no'}");
  ops.FailNext("Delete", Status("LimitExceededException", "slow down"));
  r = Absent(ops, "s", false);
  EXPECT_EQ(r["comment"],
            "Failed to delete stream s: {'Code': 'LimitExceededException', "
            "'Message': 'slow down'}");
}

// An AccessDenied exists check fails the run; Salt would try to create
// (docs/design/salt-compatibility.md).
TEST_F(PresentTest, OnlyResourceNotFoundMeansAbsent) {
  ops_.FailNext("Exists", Status("AccessDeniedException", "User is not authorized"));
  Json r = Run(SaltSpec(24, true, 1), false);
  EXPECT_EQ(r["result"], false);
  EXPECT_EQ(r["comment"],
            "Failed to check whether stream new_stream exists: {'Code': "
            "'AccessDeniedException', 'Message': 'User is not authorized'}");
  EXPECT_TRUE(ops_.Mutations().empty());
}

// Our comment lists are sorted; bare ALL, True, False and "None"
// (docs/design/salt-compatibility.md).
TEST_F(PresentTest, MonitoringFormsAndSortedLists) {
  AddSaltStream();
  Json r = Run(SaltSpec(24, "ALL", 1), false);
  EXPECT_EQ(r["comment"],
            "Kinesis stream new_stream already exists,\n"
            "Kinesis stream new_stream: retention hours did not require change, already set at "
            "24,\n"
            "Kinesis stream new_stream: enhanced monitoring was enabled for shard-level metrics "
            "['IncomingBytes', 'IncomingRecords', 'OutgoingBytes', 'OutgoingRecords', "
            "'ReadProvisionedThroughputExceeded', 'WriteProvisionedThroughputExceeded'],\n"
            "Kinesis stream new_stream: did not require resharding, remains at 1 shards");
  EXPECT_EQ(r["changes"]["old"]["enhanced_monitoring"], Json({"IteratorAgeMilliseconds"}));
  EXPECT_EQ(r["changes"]["new"]["enhanced_monitoring"].size(), 7u);
  EXPECT_EQ(r["changes"]["new"]["enhanced_monitoring"][0], "IncomingBytes");
  r = Run(SaltSpec(24, true, 1), false);
  EXPECT_NE(r["comment"].get<std::string>().find("did not require change, already set at "
                                                 "['IncomingBytes', 'IncomingRecords', "),
            std::string::npos);
  r = Run(SaltSpec(24, "None", 1), false);
  EXPECT_NE(r["comment"].get<std::string>().find("was disabled for shard-level metrics "
                                                 "['IncomingBytes', "),
            std::string::npos);
  EXPECT_EQ(r["changes"]["new"]["enhanced_monitoring"], "None");
  r = Run(SaltSpec(24, false, 1), false);
  EXPECT_NE(r["comment"].get<std::string>().find("already set at None"), std::string::npos);
  EXPECT_EQ(NormalizeMetrics(Json::array({"ALL"})).value().size(), 7u);
  EXPECT_FALSE(NormalizeMetrics(Json::array({"IncomingBites"})).ok());
  EXPECT_FALSE(NormalizeMetrics(Json(3)).ok());
}

TEST_F(PresentTest, RetentionUpAndDownWithChanges) {
  AddSaltStream();
  PresentSpec spec;
  spec.retention_hours = 48;
  Json r = Run(spec, false);
  EXPECT_EQ(r["result"], true);
  EXPECT_EQ(r["comment"],
            "Kinesis stream new_stream already exists,\n"
            "Kinesis stream new_stream: retention hours was successfully updated,\n"
            "Kinesis stream new_stream: did not configure enhanced monitoring,\n"
            "Kinesis stream new_stream: did not reshard, remains at 1 shards");
  EXPECT_EQ(r["changes"],
            Json({{"old", {{"retention_hours", 24}}}, {"new", {{"retention_hours", 48}}}}));
  spec.retention_hours = 24;
  Run(spec, false);
  EXPECT_EQ(ops_.Mutations(), (std::vector<std::string>{"IncreaseRetention new_stream 48",
                                                        "DecreaseRetention new_stream 24"}));
  ops_.FailNext("IncreaseRetention", Status("InvalidArgumentException", "too low"));
  spec.retention_hours = 30;
  r = Run(spec, false);
  EXPECT_EQ(r["result"], false);
  EXPECT_EQ(r["comment"],
            "Kinesis stream new_stream already exists,\n"
            "Kinesis stream new_stream: failed to update retention hours: {'Code': "
            "'InvalidArgumentException', 'Message': 'too low'}");
}

TEST_F(PresentTest, RetentionOutsideAwsRangeIsRefusedBeforeAnyCall) {
  for (int64_t hours : {int64_t{-1}, int64_t{0}, int64_t{23}, int64_t{8761}}) {
    PresentSpec spec = SaltSpec(24, true, 1);
    spec.retention_hours = hours;
    Json r = Run(spec, false);
    EXPECT_EQ(r["result"], false);
    EXPECT_NE(r["comment"].get<std::string>().find("retention_hours must be between 24 and 8760"),
              std::string::npos)
        << r["comment"];
  }
  EXPECT_TRUE(ops_.Mutations().empty());
}

TEST_F(PresentTest, ErrorsWhileCreatingOrWaiting) {
  ops_.FailNext("Create", Status("LimitExceededException", "too many streams"));
  Json r = Run(SaltSpec(24, true, 1), false);
  EXPECT_EQ(r, Expected(false,
                        "Failed to create stream new_stream: {'Code': "
                        "'LimitExceededException', 'Message': 'too many streams'}"));
  PresentSpec no_count;
  r = Run(no_count, false);
  EXPECT_EQ(r["comment"],
            "Failed to create stream new_stream: num_shards is required to create "
            "a PROVISIONED stream");
  AddSaltStream();
  ops_.FailNext("WaitActive", Status(codes::kDeadlineExceeded, "still CREATING"));
  r = Run(no_count, false);
  EXPECT_EQ(r, Expected(false,
                        "Kinesis stream new_stream already exists,\n"
                        "Kinesis stream new_stream: error getting description: {'Code': "
                        "'DeadlineExceeded', 'Message': 'still CREATING'}"));
}

TEST_F(PresentTest, ReshardsThroughReshardTo) {
  AddSaltStream();
  PresentSpec spec;
  spec.num_shards = 4;
  Json r = Run(spec, false);
  EXPECT_EQ(r["result"], true);
  EXPECT_NE(r["comment"].get<std::string>().find(
                "Kinesis stream new_stream: successfully resharded to 4 shards"),
            std::string::npos);
  EXPECT_EQ(r["changes"], Json({{"old", {{"num_shards", 1}}}, {"new", {{"num_shards", 4}}}}));
  spec.do_reshard = false;
  spec.num_shards = 2;
  r = Run(spec, false);
  EXPECT_NE(r["comment"].get<std::string>().find("did not reshard, remains at 4 shards"),
            std::string::npos);
  ops_.DeleteAtWait("new_stream", 3);
  spec.do_reshard = true;
  r = Run(spec, false);
  EXPECT_EQ(r["result"], false);
  EXPECT_NE(r["comment"].get<std::string>().find(
                "Encountered error while resharding new_stream: {'Code': "
                "'ResourceNotFoundException', 'Message': 'stream new_stream was deleted while "
                "resharding"),
            std::string::npos);
}

// GCC 12 at -O2/-O3 reports a false -Wmaybe-uninitialized inside std::optional<std::string>
// for this test's spec (GCC bug 105562); silenced for this one test only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
TEST_F(PresentTest, InvalidSpecFailsBeforeAnyCall) {
  PresentSpec spec;
  spec.stream_mode = "SOMETIMES";
  Json r = Run(spec, false);
  EXPECT_EQ(r["result"], false);
  EXPECT_NE(r["comment"].get<std::string>().find("stream_mode must be PROVISIONED or ON_DEMAND"),
            std::string::npos);
  EXPECT_TRUE(ops_.calls().empty());
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace
}  // namespace kinesisctl::admin
