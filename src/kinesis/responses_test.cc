// The answer parsers of kinesisctl/responses.h: AWS-shaped answers (and the emulators' variants:
// nulls for unset fields, missing newer fields) parse into the typed results; hostile answers
// (wrong types, missing required fields, nulls where a value is required, out-of-range numbers,
// malformed hash keys, non-objects) are InvalidResponse errors naming the action and the field.
#include "kinesisctl/responses.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace kinesisctl {
namespace {

const char kMaxKey[] = "340282366920938463463374607431768211455";

Document ShardJson(const std::string& id, const std::string& start, const std::string& end,
                   Document ending_sequence = nullptr) {
  Document range = {
      {"StartingSequenceNumber", "49590338271490256608559692538361571095921575989136588898"}};
  if (!ending_sequence.is_null()) {
    range["EndingSequenceNumber"] = ending_sequence;
  }
  return {{"ShardId", id},
          {"HashKeyRange", {{"StartingHashKey", start}, {"EndingHashKey", end}}},
          {"SequenceNumberRange", range}};
}

Document Description() {
  return {
      {"StreamDescription",
       {{"StreamName", "orders"},
        {"StreamARN", "arn:aws:kinesis:us-east-1:123456789012:stream/orders"},
        {"StreamStatus", "ACTIVE"},
        {"StreamModeDetails", {{"StreamMode", "PROVISIONED"}}},
        {"Shards",
         {ShardJson("shardId-000000000000", "0", "170141183460469231731687303715884105727",
                    "49590338271490256608559692538361571095921575989136588999"),
          ShardJson("shardId-000000000001", "170141183460469231731687303715884105728", kMaxKey)}},
        {"HasMoreShards", false},
        {"RetentionPeriodHours", 48},
        {"StreamCreationTimestamp", 1572297168.25},
        {"EnhancedMonitoring", {{{"ShardLevelMetrics", {"IncomingBytes"}}}}},
        {"EncryptionType", "KMS"},
        {"KeyId", "alias/aws/kinesis"}}}};
}

Document Summary() {
  return {{"StreamDescriptionSummary",
           {{"StreamName", "orders"},
            {"StreamARN", "arn:aws:kinesis:us-east-1:123456789012:stream/orders"},
            {"StreamStatus", "UPDATING"},
            {"RetentionPeriodHours", 24},
            {"StreamCreationTimestamp", 1700000000},
            {"EnhancedMonitoring", {{{"ShardLevelMetrics", Document::array()}}}},
            {"EncryptionType", "NONE"},
            {"OpenShardCount", 3},
            {"ConsumerCount", 1}}}};
}

TEST(ResponsesTest, DescribeStreamParsesEveryField) {
  StatusOr<StreamDescription> d = ParseDescribeStreamResponse(Description());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->stream_name, "orders");
  EXPECT_EQ(d->stream_arn, "arn:aws:kinesis:us-east-1:123456789012:stream/orders");
  EXPECT_EQ(d->stream_status, "ACTIVE");
  ASSERT_TRUE(d->stream_mode_details.has_value());
  EXPECT_EQ(d->stream_mode_details->stream_mode, "PROVISIONED");
  ASSERT_EQ(d->shards.size(), 2u);
  EXPECT_EQ(d->shards[0].shard_id, "shardId-000000000000");
  EXPECT_FALSE(d->shards[0].is_open());
  EXPECT_EQ(d->shards[0].sequence_number_range.ending_sequence_number,
            "49590338271490256608559692538361571095921575989136588999");
  EXPECT_EQ(d->shards[0].sequence_number_range.starting_sequence_number,
            "49590338271490256608559692538361571095921575989136588898");
  EXPECT_TRUE(d->shards[1].is_open());
  EXPECT_EQ(d->shards[1].hash_key_range.starting_hash_key.ToString(),
            "170141183460469231731687303715884105728");
  EXPECT_EQ(d->shards[1].hash_key_range.ending_hash_key, HashKey::Max());
  EXPECT_FALSE(d->shards[1].parent_shard_id.has_value());
  EXPECT_FALSE(d->has_more_shards);
  EXPECT_EQ(d->retention_period_hours, 48);
  EXPECT_EQ(d->stream_creation_timestamp, TimePoint(std::chrono::milliseconds(1'572'297'168'250)));
  ASSERT_EQ(d->enhanced_monitoring.size(), 1u);
  EXPECT_EQ(d->enhanced_monitoring[0].shard_level_metrics,
            std::vector<std::string>{"IncomingBytes"});
  EXPECT_EQ(d->encryption_type, "KMS");
  EXPECT_EQ(d->key_id, "alias/aws/kinesis");
}

TEST(ResponsesTest, NullAndMissingOptionalFieldsAreUnset) {
  // kinesis-mock's style: unset optional fields as JSON null.
  Document answer = Description();
  Document& d = answer["StreamDescription"];
  d["Shards"][1]["SequenceNumberRange"]["EndingSequenceNumber"] = nullptr;
  d["Shards"][1]["ParentShardId"] = nullptr;
  d["Shards"][1]["AdjacentParentShardId"] = "shardId-000000000000";
  d["KeyId"] = nullptr;
  d["StreamModeDetails"] = nullptr;
  d.erase("EncryptionType");
  d["EnhancedMonitoring"] = {{{"ShardLevelMetrics", nullptr}}};
  d["SomethingNew"] = {{"x", 1}};  // unknown fields are ignored
  StatusOr<StreamDescription> parsed = ParseDescribeStreamResponse(answer);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->shards[1].is_open());
  EXPECT_FALSE(parsed->shards[1].parent_shard_id.has_value());
  EXPECT_EQ(parsed->shards[1].adjacent_parent_shard_id, "shardId-000000000000");
  EXPECT_FALSE(parsed->key_id.has_value());
  EXPECT_FALSE(parsed->stream_mode_details.has_value());
  EXPECT_FALSE(parsed->encryption_type.has_value());
  ASSERT_EQ(parsed->enhanced_monitoring.size(), 1u);
  EXPECT_TRUE(parsed->enhanced_monitoring[0].shard_level_metrics.empty());
}

// Each case: a change to a valid answer, and the exact error it must give.
struct HostileCase {
  const char* name;
  void (*mutate)(Document&);
  const char* message;
};

TEST(ResponsesTest, HostileDescribeStreamAnswersNameTheField) {
  const HostileCase cases[] = {
      {"missing required", [](Document& a) { a["StreamDescription"].erase("StreamARN"); },
       "DescribeStream answer: StreamDescription.StreamARN is missing"},
      {"null required", [](Document& a) { a["StreamDescription"]["StreamStatus"] = nullptr; },
       "DescribeStream answer: StreamDescription.StreamStatus is null"},
      {"wrong type string", [](Document& a) { a["StreamDescription"]["StreamName"] = 7; },
       "DescribeStream answer: StreamDescription.StreamName must be a string, got number"},
      {"float integer", [](Document& a) { a["StreamDescription"]["RetentionPeriodHours"] = 24.5; },
       "DescribeStream answer: StreamDescription.RetentionPeriodHours must be an integer, got "
       "24.5"},
      {"string integer", [](Document& a) { a["StreamDescription"]["RetentionPeriodHours"] = "24"; },
       "DescribeStream answer: StreamDescription.RetentionPeriodHours must be an integer, got "
       "string"},
      {"huge integer",
       [](Document& a) {
         a["StreamDescription"]["RetentionPeriodHours"] = 18446744073709551615ULL;
       },
       "DescribeStream answer: StreamDescription.RetentionPeriodHours is out of range: "
       "18446744073709551615"},
      {"string bool", [](Document& a) { a["StreamDescription"]["HasMoreShards"] = "false"; },
       "DescribeStream answer: StreamDescription.HasMoreShards must be a boolean, got string"},
      {"timestamp as text",
       [](Document& a) {
         a["StreamDescription"]["StreamCreationTimestamp"] = "2019-10-28T21:12:48Z";
       },
       "DescribeStream answer: StreamDescription.StreamCreationTimestamp must be a number of "
       "seconds since the epoch, got string"},
      {"timestamp out of range",
       [](Document& a) { a["StreamDescription"]["StreamCreationTimestamp"] = 1e300; },
       "DescribeStream answer: StreamDescription.StreamCreationTimestamp is out of range: "
       "1e+300"},
      {"shards not a list",
       [](Document& a) {
         a["StreamDescription"]["Shards"] = {{"a", 1}};
       },
       "DescribeStream answer: StreamDescription.Shards must be a list, got object"},
      {"shard not an object", [](Document& a) { a["StreamDescription"]["Shards"][1] = "x"; },
       "DescribeStream answer: StreamDescription.Shards[1] must be an object, got string"},
      {"missing hash key",
       [](Document& a) {
         a["StreamDescription"]["Shards"][1]["HashKeyRange"].erase("EndingHashKey");
       },
       "DescribeStream answer: StreamDescription.Shards[1].HashKeyRange.EndingHashKey is "
       "missing"},
      {"hash key as number",
       [](Document& a) {
         a["StreamDescription"]["Shards"][0]["HashKeyRange"]["StartingHashKey"] = 0;
       },
       "DescribeStream answer: StreamDescription.Shards[0].HashKeyRange.StartingHashKey must be a "
       "string, got number"},
      {"hash key too big",
       [](Document& a) {
         a["StreamDescription"]["Shards"][1]["HashKeyRange"]["EndingHashKey"] =
             "340282366920938463463374607431768211456";
       },
       nullptr},
      {"ending sequence number wrong type",
       [](Document& a) {
         a["StreamDescription"]["Shards"][0]["SequenceNumberRange"]["EndingSequenceNumber"] = 5;
       },
       "DescribeStream answer: StreamDescription.Shards[0].SequenceNumberRange."
       "EndingSequenceNumber must be a string, got number"},
      {"missing sequence range",
       [](Document& a) { a["StreamDescription"]["Shards"][0].erase("SequenceNumberRange"); },
       "DescribeStream answer: StreamDescription.Shards[0].SequenceNumberRange is missing"},
      {"mode details without mode",
       [](Document& a) { a["StreamDescription"]["StreamModeDetails"] = Document::object(); },
       "DescribeStream answer: StreamDescription.StreamModeDetails.StreamMode is missing"},
      {"metric not a string",
       [](Document& a) {
         a["StreamDescription"]["EnhancedMonitoring"][0]["ShardLevelMetrics"] = {"ALL", nullptr};
       },
       "DescribeStream answer: StreamDescription.EnhancedMonitoring[0].ShardLevelMetrics[1] must "
       "be a string, got null"},
      {"no description",
       [](Document& a) {
         a = Document{{"Other", 1}};
       },
       "DescribeStream answer: StreamDescription is missing"},
      {"description is a list", [](Document& a) { a["StreamDescription"] = Document::array(); },
       "DescribeStream answer: StreamDescription must be an object, got array"},
      {"answer is a list", [](Document& a) { a = Document::array(); },
       "DescribeStream answer is not a JSON object, got array"},
      {"answer is null", [](Document& a) { a = nullptr; },
       "DescribeStream answer is not a JSON object, got null"},
  };
  for (const HostileCase& c : cases) {
    Document answer = Description();
    c.mutate(answer);
    StatusOr<StreamDescription> parsed = ParseDescribeStreamResponse(answer);
    ASSERT_FALSE(parsed.ok()) << c.name;
    EXPECT_EQ(parsed.status().code(), codes::kInvalidResponse) << c.name;
    if (c.message) {
      EXPECT_EQ(parsed.status().message(), c.message) << c.name;
    } else {
      EXPECT_EQ(parsed.status().message().rfind("DescribeStream answer: StreamDescription.Shards[1]"
                                                ".HashKeyRange.EndingHashKey is not a hash key: ",
                                                0),
                0u)
          << parsed.status().message();
      EXPECT_NE(parsed.status().message().find("340282366920938463463374607431768211456"),
                std::string::npos)
          << parsed.status().message();
    }
  }
}

TEST(ResponsesTest, DescribeStreamSummary) {
  StatusOr<StreamDescriptionSummary> s = ParseDescribeStreamSummaryResponse(Summary());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->stream_status, "UPDATING");
  EXPECT_EQ(s->retention_period_hours, 24);
  EXPECT_EQ(s->stream_creation_timestamp, TimePoint(std::chrono::seconds(1'700'000'000)));
  EXPECT_EQ(s->open_shard_count, 3);
  EXPECT_EQ(s->consumer_count, 1);
  EXPECT_EQ(s->encryption_type, "NONE");
  EXPECT_FALSE(s->key_id.has_value());
  EXPECT_FALSE(s->stream_mode_details.has_value());

  Document no_consumers = Summary();
  no_consumers["StreamDescriptionSummary"]["ConsumerCount"] = nullptr;
  EXPECT_FALSE(ParseDescribeStreamSummaryResponse(no_consumers)->consumer_count.has_value());

  Document no_open = Summary();
  no_open["StreamDescriptionSummary"].erase("OpenShardCount");
  EXPECT_EQ(ParseDescribeStreamSummaryResponse(no_open).status(),
            Status(codes::kInvalidResponse,
                   "DescribeStreamSummary answer: StreamDescriptionSummary.OpenShardCount is "
                   "missing"));
  Document bad_monitoring = Summary();
  bad_monitoring["StreamDescriptionSummary"]["EnhancedMonitoring"] = nullptr;
  EXPECT_EQ(ParseDescribeStreamSummaryResponse(bad_monitoring).status().message(),
            "DescribeStreamSummary answer: StreamDescriptionSummary.EnhancedMonitoring is null");
}

TEST(ResponsesTest, ListShards) {
  Document answer = {{"Shards", {ShardJson("shardId-000000000002", "0", kMaxKey)}},
                     {"NextToken", "AAAA"}};
  StatusOr<ListShardsResult> r = ParseListShardsResponse(answer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->shards.size(), 1u);
  EXPECT_EQ(r->shards[0].hash_key_range.starting_hash_key, HashKey(0));
  EXPECT_EQ(r->next_token, "AAAA");
  // Both members are optional in AWS's model; an empty token means no more pages.
  r = ParseListShardsResponse(Document{{"NextToken", ""}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->shards.empty());
  EXPECT_FALSE(r->next_token.has_value());
  EXPECT_EQ(ParseListShardsResponse(Document{{"NextToken", 3}}).status().message(),
            "ListShards answer: NextToken must be a string, got number");
  EXPECT_EQ(ParseListShardsResponse(Document{{"Shards", {{{"ShardId", "s"}}}}}).status().message(),
            "ListShards answer: Shards[0].HashKeyRange is missing");
}

TEST(ResponsesTest, ListStreamsOldAndNewStyle) {
  StatusOr<ListStreamsResult> old_style =
      ParseListStreamsResponse(Document{{"StreamNames", {"a", "b"}}, {"HasMoreStreams", true}});
  ASSERT_TRUE(old_style.ok()) << old_style.status().ToString();
  EXPECT_EQ(old_style->stream_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(old_style->has_more_streams);
  EXPECT_FALSE(old_style->next_token.has_value());
  EXPECT_TRUE(old_style->stream_summaries.empty());

  StatusOr<ListStreamsResult> new_style = ParseListStreamsResponse(
      Document{{"StreamNames", {"a"}},
               {"HasMoreStreams", false},
               {"NextToken", "t1"},
               {"StreamSummaries",
                {{{"StreamName", "a"},
                  {"StreamARN", "arn:aws:kinesis:us-east-1:123456789012:stream/a"},
                  {"StreamStatus", "ACTIVE"},
                  {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}},
                  {"StreamCreationTimestamp", 1700000000.5}}}}});
  ASSERT_TRUE(new_style.ok()) << new_style.status().ToString();
  EXPECT_EQ(new_style->next_token, "t1");
  ASSERT_EQ(new_style->stream_summaries.size(), 1u);
  EXPECT_EQ(new_style->stream_summaries[0].stream_mode_details->stream_mode, "ON_DEMAND");
  EXPECT_EQ(new_style->stream_summaries[0].stream_creation_timestamp,
            TimePoint(std::chrono::milliseconds(1'700'000'000'500)));

  EXPECT_EQ(ParseListStreamsResponse(Document{{"StreamNames", {"a"}}}).status().message(),
            "ListStreams answer: HasMoreStreams is missing");
  EXPECT_EQ(ParseListStreamsResponse(Document{{"StreamNames", {"a", 1}}, {"HasMoreStreams", false}})
                .status()
                .message(),
            "ListStreams answer: StreamNames[1] must be a string, got number");
  EXPECT_EQ(ParseListStreamsResponse(Document{{"StreamNames", nullptr}, {"HasMoreStreams", false}})
                .status()
                .message(),
            "ListStreams answer: StreamNames is null");
  EXPECT_EQ(ParseListStreamsResponse(Document{{"StreamNames", Document::array()},
                                              {"HasMoreStreams", false},
                                              {"StreamSummaries", {{{"StreamName", "a"}}}}})
                .status()
                .message(),
            "ListStreams answer: StreamSummaries[0].StreamARN is missing");
}

TEST(ResponsesTest, ListTagsForStream) {
  StatusOr<ListTagsForStreamResult> r = ParseListTagsForStreamResponse(Document{
      {"Tags", {{{"Key", "team"}, {"Value", "data"}}, {{"Key", "bare"}}}}, {"HasMoreTags", true}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->tags.size(), 2u);
  EXPECT_EQ(r->tags[0].key, "team");
  EXPECT_EQ(r->tags[0].value, "data");
  EXPECT_FALSE(r->tags[1].value.has_value());
  EXPECT_TRUE(r->has_more_tags);
  EXPECT_EQ(
      ParseListTagsForStreamResponse(Document{{"Tags", {{{"Value", "v"}}}}, {"HasMoreTags", false}})
          .status()
          .message(),
      "ListTagsForStream answer: Tags[0].Key is missing");
  EXPECT_EQ(
      ParseListTagsForStreamResponse(Document{{"Tags", Document::array()}}).status().message(),
      "ListTagsForStream answer: HasMoreTags is missing");
}

TEST(ResponsesTest, DescribeLimits) {
  StatusOr<Limits> r = ParseDescribeLimitsResponse(Document{{"ShardLimit", 500},
                                                            {"OpenShardCount", 3},
                                                            {"OnDemandStreamCount", 1},
                                                            {"OnDemandStreamCountLimit", 50}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->shard_limit, 500);
  EXPECT_EQ(r->open_shard_count, 3);
  EXPECT_EQ(r->on_demand_stream_count, 1);
  EXPECT_EQ(r->on_demand_stream_count_limit, 50);
  EXPECT_EQ(ParseDescribeLimitsResponse(
                Document{{"ShardLimit", 500}, {"OpenShardCount", 3}, {"OnDemandStreamCount", 1}})
                .status()
                .message(),
            "DescribeLimits answer: OnDemandStreamCountLimit is missing");
  EXPECT_EQ(ParseDescribeLimitsResponse(Document{{"ShardLimit", true}}).status().message(),
            "DescribeLimits answer: ShardLimit must be an integer, got boolean");
}

TEST(ResponsesTest, EnhancedMonitoringAndUpdateShardCountHaveOnlyOptionalFields) {
  StatusOr<EnhancedMonitoringOutput> m = ParseEnhancedMonitoringResponse(
      Document{{"StreamName", "s"},
               {"CurrentShardLevelMetrics", Document::array()},
               {"DesiredShardLevelMetrics", {"IncomingBytes", "OutgoingBytes"}}},
      "EnableEnhancedMonitoring");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->stream_name, "s");
  EXPECT_FALSE(m->stream_arn.has_value());
  EXPECT_TRUE(m->current_shard_level_metrics.empty());
  EXPECT_EQ(m->desired_shard_level_metrics,
            (std::vector<std::string>{"IncomingBytes", "OutgoingBytes"}));
  EXPECT_TRUE(
      ParseEnhancedMonitoringResponse(Document::object(), "DisableEnhancedMonitoring").ok());
  EXPECT_EQ(ParseEnhancedMonitoringResponse(Document{{"DesiredShardLevelMetrics", "ALL"}},
                                            "DisableEnhancedMonitoring")
                .status()
                .message(),
            "DisableEnhancedMonitoring answer: DesiredShardLevelMetrics must be a list, got "
            "string");

  StatusOr<UpdateShardCountResult> u = ParseUpdateShardCountResponse(
      Document{{"StreamName", "s"}, {"CurrentShardCount", 2}, {"TargetShardCount", 4}});
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->current_shard_count, 2);
  EXPECT_EQ(u->target_shard_count, 4);
  EXPECT_TRUE(ParseUpdateShardCountResponse(Document::object()).ok());
  EXPECT_EQ(ParseUpdateShardCountResponse(Document{{"TargetShardCount", "4"}}).status().message(),
            "UpdateShardCount answer: TargetShardCount must be an integer, got string");
  EXPECT_EQ(ParseUpdateShardCountResponse(Document("text")).status().message(),
            "UpdateShardCount answer is not a JSON object, got string");
}

}  // namespace
}  // namespace kinesisctl
