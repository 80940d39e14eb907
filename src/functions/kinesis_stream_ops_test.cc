// The engine's view of a description as services send it (nulls, moto's "ALL", no mode).
#include "functions/kinesis_stream_ops.h"

#include <gtest/gtest.h>

namespace kinesisctl::admin {
namespace {

using Json = nlohmann::ordered_json;

Json Shard(const char* id, const char* start, const char* end, bool closed = false) {
  Json range = {{"StartingSequenceNumber", "1"}};
  if (closed) range["EndingSequenceNumber"] = "2";
  return {{"ShardId", id},
          {"HashKeyRange", {{"StartingHashKey", start}, {"EndingHashKey", end}}},
          {"SequenceNumberRange", range}};
}

TEST(StreamStateFromDescriptionTest, ToleratesNullsAndDefaults) {
  // kinesis-mock sends "KeyId": null for an unencrypted stream.
  Json d = {{"StreamDescription",
             {{"StreamName", "s"},
              {"StreamARN", "arn:s"},
              {"StreamStatus", "ACTIVE"},
              {"Shards",
               {Shard("shardId-1", "170141183460469231731687303715884105728",
                      "340282366920938463463374607431768211455"),
                Shard("shardId-0", "0", "170141183460469231731687303715884105727"),
                Shard("shardId-x", "0", "340282366920938463463374607431768211455", true)}},
              {"RetentionPeriodHours", 48},
              {"EnhancedMonitoring", {{{"ShardLevelMetrics", Json::array()}}}},
              {"EncryptionType", "NONE"},
              {"KeyId", nullptr}}}};
  auto s = StreamStateFromDescription(d);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->arn, "arn:s");
  EXPECT_EQ(s->retention_hours, 48);
  EXPECT_TRUE(s->metrics.empty());
  EXPECT_EQ(s->stream_mode, "PROVISIONED");  // no StreamModeDetails
  EXPECT_EQ(s->encryption_type, "NONE");
  EXPECT_EQ(s->key_id, "");
  ASSERT_EQ(s->open_shards.size(), 2u);  // the closed one is left out, the rest sorted
  EXPECT_EQ(s->open_shards[0].shard_id, "shardId-0");
}

TEST(StreamStateFromDescriptionTest, ModeEncryptionAndAllMetrics) {
  Json d = {{"StreamDescription",
             {{"StreamName", "s"},
              {"StreamStatus", "ACTIVE"},
              {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}},
              {"Shards", {Shard("a", "0", "340282366920938463463374607431768211455")}},
              {"EnhancedMonitoring", {{{"ShardLevelMetrics", {"ALL"}}}}},
              {"EncryptionType", "KMS"},
              {"KeyId", "alias/aws/kinesis"}}}};
  auto s = StreamStateFromDescription(d);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->stream_mode, "ON_DEMAND");
  EXPECT_EQ(s->encryption_type, "KMS");
  EXPECT_EQ(s->key_id, "alias/aws/kinesis");
  EXPECT_EQ(s->metrics.size(), 7u);
  EXPECT_EQ(s->retention_hours, 24);
}

}  // namespace
}  // namespace kinesisctl::admin
