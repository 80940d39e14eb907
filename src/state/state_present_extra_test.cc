// The beyond-Salt steps of present: stream mode, tags, encryption.
#include <gtest/gtest.h>

#include "state/state_present.h"
#include "functions/testing/fake_stream_ops.h"

namespace kinesisctl::admin {
namespace {

using testing::FakeStreamOps;
using Json = nlohmann::ordered_json;

class PresentExtraTest : public ::testing::Test {
 protected:
  PresentExtraTest() : ops_(clock_) { ops_.AddStream("s", 2); }
  Json Run(const PresentSpec& spec, bool test = false) {
    return Present(ops_, "s", spec, test, clock_, nullptr);
  }
  std::vector<std::string> Lines(const Json& r) {
    std::vector<std::string> out;
    std::string c = r["comment"].get<std::string>();
    size_t at = 0;
    while (true) {
      size_t next = c.find(",\n", at);
      out.push_back(c.substr(at, next - at));
      if (next == std::string::npos) break;
      at = next + 2;
    }
    return out;
  }
  FakeClock clock_;
  FakeStreamOps ops_;
};

TEST_F(PresentExtraTest, StepsRunAfterMonitoringAndBeforeShards) {
  PresentSpec spec;
  spec.num_shards = 4;
  spec.stream_mode = "PROVISIONED";
  spec.tags = std::map<std::string, std::string>{{"team", "payments"}};
  spec.encryption = std::optional<std::string>("alias/aws/kinesis");
  Json r = Run(spec);
  EXPECT_EQ(r["result"], true);
  EXPECT_EQ(Lines(r), (std::vector<std::string>{
                          "Kinesis stream s already exists",
                          "Kinesis stream s: did not configure retention hours",
                          "Kinesis stream s: did not configure enhanced monitoring",
                          "Kinesis stream s: stream mode did not require change, already set at "
                          "PROVISIONED",
                          "Kinesis stream s: tags were added {'team': 'payments'}",
                          "Kinesis stream s: encryption was successfully updated to KMS key "
                          "alias/aws/kinesis",
                          "Kinesis stream s: successfully resharded to 4 shards"}));
  EXPECT_EQ(r["changes"],
            Json({{"old", {{"tags", "None"}, {"encryption", "None"}, {"num_shards", 2}}},
                  {"new",
                   {{"tags", {{"team", "payments"}}},
                    {"encryption", "alias/aws/kinesis"},
                    {"num_shards", 4}}}}));
  // A second run changes nothing.
  r = Run(spec);
  EXPECT_EQ(r["changes"], Json::object());
  EXPECT_EQ(Lines(r)[4],
            "Kinesis stream s: tags did not require change, already set at "
            "{'team': 'payments'}");
  EXPECT_EQ(Lines(r)[5],
            "Kinesis stream s: encryption did not require change, already set at "
            "KMS key alias/aws/kinesis");
}

TEST_F(PresentExtraTest, ModeSwitchUsesTheArnAndWaits) {
  PresentSpec spec;
  spec.stream_mode = "ON_DEMAND";
  spec.num_shards = 8;
  Json r = Run(spec, true);
  EXPECT_EQ(r["result"], nullptr);
  EXPECT_EQ(Lines(r)[3], "Kinesis stream s: stream mode would be updated to ON_DEMAND");
  EXPECT_TRUE(ops_.Mutations().empty());
  r = Run(spec);
  EXPECT_EQ(r["result"], true);
  EXPECT_EQ(Lines(r)[3], "Kinesis stream s: stream mode was successfully updated to ON_DEMAND");
  EXPECT_EQ(Lines(r)[4],
            "Kinesis stream s: is ON_DEMAND, AWS manages its shards: did not "
            "reshard, remains at 2 shards");
  EXPECT_EQ(r["changes"], Json({{"old", {{"stream_mode", "PROVISIONED"}}},
                                {"new", {{"stream_mode", "ON_DEMAND"}}}}));
  EXPECT_EQ(ops_.Mutations(),
            std::vector<std::string>{
                "UpdateStreamMode arn:aws:kinesis:us-east-1:123456789012:stream/s ON_DEMAND"});
  // Back to PROVISIONED, then the count applies.
  spec.stream_mode = "PROVISIONED";
  r = Run(spec);
  EXPECT_EQ(Lines(r)[4], "Kinesis stream s: successfully resharded to 8 shards");
}

TEST_F(PresentExtraTest, TagsAddAndRemoveToMatch) {
  ops_.Find("s")->tags = {{"team", "x"}, {"old", "1"}, {"keep", "y"}};
  PresentSpec spec;
  spec.tags = std::map<std::string, std::string>{{"team", "payments"}, {"keep", "y"}};
  Json r = Run(spec, true);
  EXPECT_EQ(r["result"], nullptr);
  EXPECT_EQ(Lines(r)[3], "Kinesis stream s: would add tags {'team': 'payments'}");
  EXPECT_EQ(Lines(r)[4], "Kinesis stream s: would remove tags ['old']");
  EXPECT_EQ(r["changes"], Json::object());
  r = Run(spec);
  EXPECT_EQ(ops_.Mutations(),
            (std::vector<std::string>{"AddTags s team=payments", "RemoveTags s old"}));
  EXPECT_EQ(ops_.Find("s")->tags, (Tags{{"keep", "y"}, {"team", "payments"}}));
  EXPECT_EQ(r["changes"]["old"]["tags"], Json({{"keep", "y"}, {"old", "1"}, {"team", "x"}}));
  spec.tags = Tags{};
  r = Run(spec);
  EXPECT_EQ(r["changes"]["new"]["tags"], "None");
  ops_.FailNext("ListTags", Status("AccessDeniedException", "no"));
  r = Run(spec);
  EXPECT_EQ(r["result"], false);
  EXPECT_EQ(Lines(r).back(),
            "Kinesis stream s: failed to list tags: {'Code': "
            "'AccessDeniedException', 'Message': 'no'}");
}

TEST_F(PresentExtraTest, EncryptionStopAndErrors) {
  ops_.Find("s")->state.encryption_type = "KMS";
  ops_.Find("s")->state.key_id = "k1";
  PresentSpec spec;
  spec.encryption = std::optional<std::string>();  // None
  Json r = Run(spec, true);
  EXPECT_EQ(Lines(r)[3], "Kinesis stream s: encryption would be updated to None");
  r = Run(spec);
  EXPECT_EQ(ops_.Mutations(), std::vector<std::string>{"StopEncryption s k1"});
  EXPECT_EQ(r["changes"],
            Json({{"old", {{"encryption", "k1"}}}, {"new", {{"encryption", "None"}}}}));
  r = Run(spec);
  EXPECT_EQ(Lines(r)[3],
            "Kinesis stream s: encryption did not require change, already set at "
            "None");
  spec.encryption = std::optional<std::string>("k2");
  ops_.FailNext("StartEncryption", Status("KMSNotFoundException", "no key k2"));
  r = Run(spec);
  EXPECT_EQ(r["result"], false);
  EXPECT_EQ(Lines(r).back(),
            "Kinesis stream s: failed to update encryption: {'Code': "
            "'KMSNotFoundException', 'Message': 'no key k2'}");
  spec.encryption = std::optional<std::string>("");
  EXPECT_EQ(Run(spec)["result"], false);
}

TEST_F(PresentExtraTest, CreateOnDemandWithoutShardCount) {
  PresentSpec spec;
  spec.stream_mode = "ON_DEMAND";
  Json r = Present(ops_, "od", spec, false, clock_, nullptr);
  EXPECT_EQ(r["result"], true);
  EXPECT_EQ(ops_.Mutations(), std::vector<std::string>{"Create od - ON_DEMAND"});
  EXPECT_EQ(r["changes"]["new"],
            Json({{"name", "od"}, {"num_shards", nullptr}, {"stream_mode", "ON_DEMAND"}}));
}

}  // namespace
}  // namespace kinesisctl::admin
