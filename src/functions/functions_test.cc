#include <gtest/gtest.h>

#include "functions/describe.h"
#include "functions/testing/test_util.h"
#include "kinesisctl/boto_kinesis.h"

namespace kinesisctl::admin {
namespace {

const char kMax[] = "340282366920938463463374607431768211455";

TEST_F(AdminTest, CreateStreamSendsNameAndCountAndReturnsTrue) {
  fake().Push("CreateStream", Json::object());
  EXPECT_EQ(create_stream("s1", 4).dump(), R"({"result":true})");
  ASSERT_EQ(fake().calls().size(), 1u);
  EXPECT_EQ(fake().calls()[0].request.dump(), R"({"StreamName":"s1","ShardCount":4})");
  EXPECT_FALSE(fake().calls()[0].options.retry_resource_in_use);
}

// timeout= (ConnectionParams.timeout) bounds the whole function call: every request it makes
// carries the deadline set when the call started; without it no deadline is imposed here (the
// RPC layer's own default call_timeout still applies), and a later call is not affected.
TEST_F(AdminTest, TimeoutArgumentBoundsEveryRequestOfTheCall) {
  ConnectionParams conn;
  conn.timeout = 2.5;
  const TimePoint start = clock_.Now();
  fake().Push("DescribeStreamSummary", Summary("s1", "ACTIVE"));
  fake().Push("DeleteStream", Json::object());
  EXPECT_EQ(exists("s1", conn).dump(), R"({"result":true})");
  EXPECT_EQ(delete_stream("s1", conn).dump(), R"({"result":true})");
  ASSERT_EQ(fake().calls().size(), 2u);
  for (const auto& call : fake().calls()) {
    ASSERT_TRUE(call.options.deadline) << call.operation;
    EXPECT_EQ(*call.options.deadline, start + std::chrono::milliseconds(2500)) << call.operation;
  }
  fake().Push("DeleteStream", Json::object());
  EXPECT_EQ(delete_stream("s1").dump(), R"({"result":true})");
  EXPECT_FALSE(fake().calls().back().options.deadline);
}

TEST_F(AdminTest, DuplicateCreateFailsAtOnceWithSaltsErrorShape) {
  fake().Push("CreateStream", Status("ResourceInUseException", "Stream s1 already exists"));
  EXPECT_EQ(create_stream("s1", 1).dump(),
            R"({"error":{"Code":"ResourceInUseException","Message":"Stream s1 already exists"},)"
            R"("result":null})");
  EXPECT_EQ(fake().calls().size(), 1u);
}

TEST_F(AdminTest, CreateWithoutShardsNeedsOnDemand) {
  Result r = create_stream("s1", std::nullopt);
  EXPECT_EQ(r["error"]["Code"], "InvalidInput");
  EXPECT_TRUE(fake().calls().empty());
}

TEST_F(AdminTest, RetriesExhaustedIsSaltsBareString) {
  fake().Push("DeleteStream",
              Status(codes::kRetriesExhausted,
                     "Tried to execute function DeleteStream 18 times, but was unable"));
  EXPECT_EQ(delete_stream("s1").dump(),
            R"({"error":"Tried to execute function DeleteStream 18 times, but was unable"})");
}

TEST_F(AdminTest, ExistsShapes) {
  fake().Push("DescribeStreamSummary", Summary("s1", "ACTIVE"));
  EXPECT_EQ(exists("s1").dump(), R"({"result":true})");
  fake().Push("DescribeStreamSummary", Status("ResourceNotFoundException", "not found"));
  EXPECT_EQ(
      exists("s2").dump(),
      R"({"result":false,"error":{"Code":"ResourceNotFoundException","Message":"not found"}})");
}

// Found by the functions fuzz target: an answer whose summary is not an object (or whose status
// is not a string) threw nlohmann's type_error out of exists. The stream answered, so it exists.
TEST_F(AdminTest, ExistsTakesAnAnswerOfAnotherShapeWithoutThrowing) {
  fake().Push("DescribeStreamSummary", Json::parse(R"({"StreamDescriptionSummary":[1]})"));
  EXPECT_EQ(exists("s1").dump(), R"({"result":true})");
  fake().Push("DescribeStreamSummary",
              Json::parse(R"({"StreamDescriptionSummary":{"StreamStatus":5}})"));
  EXPECT_EQ(exists("s1").dump(), R"({"result":true})");
}

TEST_F(AdminTest, WaitChecksAtOnceWithoutSleeping) {
  fake().SetHandler("DescribeStreamSummary", [](const Json&) { return Summary("s", "ACTIVE"); });
  fake().Push("ListShards", Json{{"Shards", {Shard("shardId-0", "0", kMax)}}});
  Result r = get_stream_when_active("s");
  ASSERT_FALSE(r.contains("error")) << r.dump();
  EXPECT_TRUE(clock_.sleeps().empty());
  const Json& d = r["result"]["StreamDescription"];
  EXPECT_EQ(d["StreamStatus"], "ACTIVE");
  EXPECT_EQ(d["HasMoreShards"], false);
  EXPECT_EQ(d["Shards"].size(), 1u);
  EXPECT_EQ(d["RetentionPeriodHours"], 24);
}

TEST_F(AdminTest, WaitPollsWithBackoffUntilActive) {
  fake().Push("DescribeStreamSummary", Summary("s", "CREATING"));
  fake().Push("DescribeStreamSummary", Summary("s", "CREATING"));
  fake().SetHandler("DescribeStreamSummary", [](const Json&) { return Summary("s", "ACTIVE"); });
  fake().Push("ListShards", Json{{"Shards", {Shard("shardId-0", "0", kMax)}}});
  Result r = get_stream_when_active("s");
  ASSERT_FALSE(r.contains("error")) << r.dump();
  // Full jitter with U = 0.5: 0.5 * 2^0 s, then 0.5 * 2^1 s.
  ASSERT_EQ(clock_.sleeps().size(), 2u);
  EXPECT_EQ(clock_.sleeps()[0], Duration(500));
  EXPECT_EQ(clock_.sleeps()[1], Duration(1000));
}

TEST_F(AdminTest, WaitReportsProgressWhileNotActive) {
  fake().Push("DescribeStreamSummary", Summary("s", "UPDATING"));
  fake().SetHandler("DescribeStreamSummary", [](const Json&) { return Summary("s", "ACTIVE"); });
  fake().Push("ListShards", Json{{"Shards", Json::array()}});
  auto conn = GetConnection({});
  ASSERT_TRUE(conn.ok());
  RecordingProgress progress;
  ASSERT_TRUE(WaitForActive(**conn, "s", 60, &progress).ok());
  EXPECT_EQ(progress.lines,
            std::vector<std::string>{"waiting for s to become ACTIVE: UPDATING (0 s)"});
  EXPECT_EQ(progress.finished, 1);
}

TEST_F(AdminTest, WaitGivesUpAtTheDeadlineNamingTheLastStatus) {
  fake().SetHandler("DescribeStreamSummary", [](const Json&) { return Summary("s", "UPDATING"); });
  Result r = get_stream_when_active("s", {}, 30);
  ASSERT_TRUE(r.contains("error"));
  EXPECT_EQ(r["error"]["Code"], "DeadlineExceeded");
  EXPECT_NE(r["error"]["Message"].get<std::string>().find("last status: UPDATING"),
            std::string::npos);
  Duration total(0);
  for (auto d : clock_.sleeps()) total += d;
  EXPECT_EQ(total, std::chrono::seconds(30));
}

TEST_F(AdminTest, WaitEndsWithNotFoundWhenTheStreamIsDeleted) {
  fake().Push("DescribeStreamSummary", Summary("s", "DELETING"));
  fake().Push("DescribeStreamSummary", Status("ResourceNotFoundException", "gone"));
  Result r = get_stream_when_active("s");
  EXPECT_EQ(r["error"]["Code"], "ResourceNotFoundException");
  EXPECT_EQ(r["result"], nullptr);
}

TEST_F(AdminTest, DescribeStreamFollowsListShardsNextToken) {
  fake().Push("DescribeStreamSummary", Summary("s", "ACTIVE"));
  fake().Push("ListShards", Json{{"Shards", {Shard("a", "0", "9")}}, {"NextToken", "t1"}});
  fake().Push("ListShards", Json{{"Shards", {Shard("b", "10", "99")}}});
  Result r = describe_stream("s");
  ASSERT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["result"]["StreamDescription"]["Shards"].size(), 2u);
  const auto& calls = fake().calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[1].request.dump(), R"({"StreamName":"s"})");
  EXPECT_EQ(calls[2].request.dump(), R"({"NextToken":"t1"})");
}

TEST_F(AdminTest, DescribeStreamFallsBackToPagingDescribeStream) {
  fake().Push("DescribeStreamSummary", Status("UnknownOperationException", ""));
  Json page1 = {{"StreamDescription",
                 {{"StreamName", "s"},
                  {"StreamStatus", "ACTIVE"},
                  {"Shards", {Shard("a", "0", "9")}},
                  {"HasMoreShards", true}}}};
  Json page2 = {{"StreamDescription",
                 {{"StreamName", "s"},
                  {"StreamStatus", "ACTIVE"},
                  {"Shards", {Shard("b", "10", "99")}},
                  {"HasMoreShards", false}}}};
  fake().Push("DescribeStream", page1);
  fake().Push("DescribeStream", page2);
  Result r = describe_stream("s");
  ASSERT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["result"]["StreamDescription"]["Shards"].size(), 2u);
  EXPECT_EQ(r["result"]["StreamDescription"]["HasMoreShards"], false);
  EXPECT_EQ(fake().calls().back().request["ExclusiveStartShardId"], "a");
  // Remembered: the next describe goes straight to DescribeStream.
  fake().Push("DescribeStream", page2);
  describe_stream("s");
  EXPECT_EQ(fake().calls().back().operation, "DescribeStream");
}

TEST_F(AdminTest, DescribeStreamOfAStreamNotActiveUsesDescribeStream) {
  fake().Push("DescribeStreamSummary", Summary("s", "CREATING"));
  fake().Push("ListShards", Status("ResourceInUseException", "not ACTIVE"));
  fake().Push("DescribeStream", Json{{"StreamDescription",
                                      {{"StreamName", "s"},
                                       {"StreamStatus", "CREATING"},
                                       {"Shards", Json::array()},
                                       {"HasMoreShards", false}}}});
  Result r = describe_stream("s");
  ASSERT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["result"]["StreamDescription"]["StreamStatus"], "CREATING");
  // Not remembered as unsupported: the next describe tries the summary again.
  fake().Push("DescribeStreamSummary", Summary("s", "ACTIVE"));
  fake().Push("ListShards", Json{{"Shards", Json::array()}});
  describe_stream("s");
  EXPECT_EQ(fake().calls().back().operation, "ListShards");
}

TEST_F(AdminTest, DescribeStreamChecksLaterPagesForErrors) {
  fake().Push("DescribeStreamSummary", Status("UnknownOperationException", ""));
  fake().Push(
      "DescribeStream",
      Json{{"StreamDescription", {{"Shards", {Shard("a", "0", "9")}}, {"HasMoreShards", true}}}});
  fake().Push("DescribeStream", Status("ResourceNotFoundException", "gone"));
  EXPECT_EQ(describe_stream("s")["error"]["Code"], "ResourceNotFoundException");
}

TEST_F(AdminTest, ListStreamsUsesNextTokenWhenPresent) {
  fake().Push("ListStreams",
              Json{{"StreamNames", {"a", "b"}}, {"HasMoreStreams", true}, {"NextToken", "tok"}});
  fake().Push("ListStreams", Json{{"StreamNames", {"c"}}, {"HasMoreStreams", false}});
  EXPECT_EQ(list_streams().dump(), R"({"result":["a","b","c"]})");
  EXPECT_EQ(fake().calls()[1].request.dump(), R"({"NextToken":"tok"})");
}

TEST_F(AdminTest, ListStreamsFallsBackToExclusiveStartStreamName) {
  fake().Push("ListStreams", Json{{"StreamNames", {"a", "b"}}, {"HasMoreStreams", true}});
  fake().Push("ListStreams", Json{{"StreamNames", {"c"}}, {"HasMoreStreams", "true"}});
  fake().Push("ListStreams", Json{{"StreamNames", {"d"}}, {"HasMoreStreams", false}});
  EXPECT_EQ(list_streams().dump(), R"({"result":["a","b","c","d"]})");
  EXPECT_EQ(fake().calls()[1].request.dump(), R"({"ExclusiveStartStreamName":"b"})");
  EXPECT_EQ(fake().calls()[2].request.dump(), R"({"ExclusiveStartStreamName":"c"})");
}

TEST_F(AdminTest, ListStreamsReturnsTheFirstError) {
  fake().Push("ListStreams", Status("AccessDeniedException", "no"));
  EXPECT_EQ(list_streams()["error"]["Code"], "AccessDeniedException");
}

TEST_F(AdminTest, RetentionAndMonitoringCalls) {
  fake().SetHandler("IncreaseStreamRetentionPeriod", [](const Json&) { return Json::object(); });
  fake().SetHandler("EnableEnhancedMonitoring", [](const Json&) { return Json::object(); });
  EXPECT_EQ(increase_stream_retention_period("s", 48).dump(), R"({"result":true})");
  EXPECT_EQ(enable_enhanced_monitoring("s", {"IncomingBytes"}).dump(), R"({"result":true})");
  EXPECT_EQ(fake().calls()[0].request.dump(), R"({"StreamName":"s","RetentionPeriodHours":48})");
  EXPECT_TRUE(fake().calls()[0].options.retry_resource_in_use);
  EXPECT_EQ(fake().calls()[1].request["ShardLevelMetrics"], Json({"IncomingBytes"}));
  fake().Push("DecreaseStreamRetentionPeriod", Status("InvalidArgumentException", "above"));
  EXPECT_EQ(decrease_stream_retention_period("s", 100)["error"]["Code"],
            "InvalidArgumentException");
}

TEST_F(AdminTest, ConnectionsAreCachedPerParams) {
  ConnectionParams a, b;
  b.region = "eu-west-1";
  auto c1 = GetConnection(a), c2 = GetConnection(a), c3 = GetConnection(b);
  ASSERT_TRUE(c1.ok() && c2.ok() && c3.ok());
  EXPECT_EQ(*c1, *c2);
  EXPECT_NE(*c1, *c3);
  EXPECT_EQ(connections_created_, 2);
}

TEST(GetInfoForReshardTest, SortsOpenShardsAndSkipsClosedOnes) {
  Json desc = {{"StreamDescription",
                {{"StreamName", "s"},
                 {"Shards",
                  {AdminTest::Shard("p", "0", kMax, true), AdminTest::Shard("b", "100", kMax),
                   AdminTest::Shard("a", "0", "99")}}}}};
  Result r = get_info_for_reshard(desc);
  ASSERT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["result"][0], "0");
  EXPECT_EQ(r["result"][1], kMax);
  const Json& open = r["result"][2]["OpenShards"];
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0]["ShardId"], "a");
  EXPECT_EQ(open[1]["ShardId"], "b");
  EXPECT_EQ(r["result"][2]["Shards"].size(), 3u);
}

TEST(GetInfoForReshardTest, RejectsMalformedDetails) {
  EXPECT_TRUE(get_info_for_reshard(Json("x")).contains("error"));
  EXPECT_TRUE(get_info_for_reshard(Json{{"StreamDescription", {{"Shards", 3}}}}).contains("error"));
  Json bad = {{"Shards", {AdminTest::Shard("a", "1.5e3", "9")}}};
  EXPECT_EQ(get_info_for_reshard(bad)["error"]["Code"], "InvalidInput");
}

// Details typed by a user may hold anything: every shape is an InvalidInput error, never a
// nlohmann exception.
TEST(GetInfoForReshardTest, WrongTypesAreErrorsNotExceptions) {
  for (const Json& details : {Json{{"Shards", {5}}}, Json{{"Shards", {"a", nullptr}}},
                              Json{{"Shards", {{{"ShardId", 7}, {"HashKeyRange", 3}}}}},
                              Json{{"Shards", {{{"SequenceNumberRange", "x"}}}}},
                              Json{{"Shards", {{{"HashKeyRange", {{"StartingHashKey", 1}}}}}}}}) {
    Result r;
    ASSERT_NO_THROW(r = get_info_for_reshard(details)) << details.dump();
    ASSERT_TRUE(r.contains("error")) << details.dump();
    EXPECT_EQ(r["error"]["Code"], "InvalidInput") << details.dump();
  }
}

TEST_F(AdminTest, ReshardToZeroIsAClearErrorWithoutCalls) {
  Result r = reshard("s", 0, true);
  EXPECT_EQ(r.dump(), R"({"error":"desired_size must be at least 1, got 0"})");
  EXPECT_TRUE(fake().calls().empty());
}

// A shard list whose entries are not shaped as Kinesis's: an error result, not an exception.
TEST_F(AdminTest, ReshardTakesShardsOfAnotherShapeWithoutThrowing) {
  fake().SetHandler("DescribeStreamSummary", [](const Json&) { return Summary("s", "ACTIVE"); });
  fake().Push("ListShards", Json::parse(R"({"Shards":[{"ShardId":5,"HashKeyRange":[1]}]})"));
  Result r = reshard("s", 2, true);
  EXPECT_TRUE(r.contains("error")) << r.dump();
}

TEST_F(AdminTest, ReshardRejectsUnknownLayout) {
  ReshardOptions o;
  o.layout = "even";
  EXPECT_TRUE(reshard("s", 2, false, {}, o).contains("error"));
  EXPECT_TRUE(fake().calls().empty());
}

}  // namespace
}  // namespace kinesisctl::admin
