// apply's document checks (everything before any stream is touched) and its output format.
#include <gtest/gtest.h>

#include "kinesisctl/state.h"

namespace kinesisctl {
namespace {

std::string Error(const std::string& yaml) {
  StatusOr<ApplyOutcome> outcome = ApplyDocument(yaml, true, {});
  if (!outcome.ok()) {
    EXPECT_EQ(outcome.status().code(), codes::kInvalidInput);
    return outcome.status().message();
  }
  EXPECT_TRUE(outcome->results.empty());
  return "";
}

TEST(ApplyDocumentTest, RejectsBadDocumentsBeforeRunning) {
  EXPECT_EQ(Error("streams:\n  orders:\n    shards: 4\n"),
            "streams.orders: unknown key 'shards' (line 3) (expected state, num_shards, "
            "retention_hours, enhanced_monitoring, stream_mode, tags, encryption, do_reshard, "
            "method)");
  EXPECT_NE(Error("regoin: us-east-1\nstreams: {}\n").find("unknown top-level key 'regoin'"),
            std::string::npos);
  EXPECT_EQ(Error("region: us-east-1\n"), "the document has no 'streams' mapping");
  EXPECT_EQ(Error("- a\n- b\n"), "the document must be a mapping with a 'streams' key");
  EXPECT_NE(Error("streams:\n  a:\n    num_shards: four\n").find("must be an integer"),
            std::string::npos);
  EXPECT_NE(Error("streams:\n  a:\n    state: gone\n").find("must be present or absent"),
            std::string::npos);
  EXPECT_NE(Error("streams:\n  a:\n    enhanced_monitoring: [IncomingBites]\n")
                .find("unknown shard-level metric 'IncomingBites'"),
            std::string::npos);
  EXPECT_NE(Error("streams:\n  a:\n    method: fast\n").find("method must be"), std::string::npos);
  EXPECT_NE(Error("streams:\n  a:\n    tags: [x]\n").find("tags must be a mapping"),
            std::string::npos);
  EXPECT_NE(Error("streams:\n  a: {}\n  a: {}\n").find("appears twice"), std::string::npos);
  EXPECT_NE(Error("streams: [\n").find("invalid YAML"), std::string::npos);
  // A valid document with no streams runs nothing and succeeds.
  EXPECT_EQ(Error("streams: {}\n"), "");
}

// Text that is not UTF-8 is refused where it is read, naming the key and the line; before, such
// a name reached the results and their JSON rendering threw.
TEST(ApplyDocumentTest, RefusesTextThatIsNotUtf8) {
  EXPECT_EQ(Error("streams:\n  \"or\xff"
                  "ders\": {}\n"),
            "stream names: not valid UTF-8 text (line 2)");
  EXPECT_EQ(Error("streams:\n  a:\n    tags: {team: \"d\xc3\"}\n"),
            "streams.a.tags: not valid UTF-8 text (line 3)");
  // A surrogate encoded as UTF-8 bytes is not UTF-8 either.
  EXPECT_EQ(Error("streams:\n  a:\n    stream_mode: \"\xed\xa0\x80\"\n"),
            "streams.a.stream_mode: not valid UTF-8 text (line 3)");
  EXPECT_EQ(Error("region: \"\xe0\x80\x80\"\nstreams: {}\n"),
            "region: not valid UTF-8 text (line 1)");
  EXPECT_EQ(Error("region: \"caf\xc3\xa9\"\nstreams: {}\n"), "");  // valid UTF-8 passes
}

TEST(StateOutputTest, SaltLayout) {
  StateResult r = {{"name", "orders"},
                   {"result", true},
                   {"comment", "Kinesis stream orders successfully created,\nline two"},
                   {"changes", {{"new", {{"name", "orders"}, {"num_shards", 4}}}}}};
  EXPECT_EQ(FormatStateResult(r, "present"),
            "----------\n"
            "          ID: orders\n"
            "    Function: boto_kinesis.present\n"
            "      Result: True\n"
            "     Comment: Kinesis stream orders successfully created,\n"
            "              line two\n"
            "     Changes:\n"
            "              ----------\n"
            "              new:\n"
            "                  ----------\n"
            "                  name:\n"
            "                      orders\n"
            "                  num_shards:\n"
            "                      4\n");
  r["result"] = nullptr;
  r["changes"] = StateResult::object();
  EXPECT_NE(FormatStateResult(r, "absent").find("      Result: None\n"), std::string::npos);
  ApplyOutcome o;
  o.succeeded = 2;
  o.changed = 1;
  o.failed = 1;
  EXPECT_EQ(FormatApplySummary(o), "2 succeeded (1 changed), 1 failed\n");
}

}  // namespace
}  // namespace kinesisctl
