#include "server/faults/fault_rules.h"

#include <gtest/gtest.h>

#include "server/faults/fault_admin.h"

namespace kinesisctl::server {
namespace {

std::vector<FaultRule> Parse(const std::string& text) {
  auto rules = ParseFaultRules(text);
  EXPECT_TRUE(rules.ok()) << rules.status().message();
  return rules.ok() ? *rules : std::vector<FaultRule>{};
}

std::string ParseError(const std::string& text) {
  auto rules = ParseFaultRules(text);
  return rules.ok() ? "(parsed)" : rules.status().message();
}

TEST(FaultRulesTest, ParsesEveryMemberAndFillsKnownErrors) {
  const auto rules = Parse(R"({"rules":[
      {"operation":"PutRecords","stream":"s","error":"InternalFailure","probability":0.05,
       "count":3,"latency_ms":20},
      {"operation":"*","drop_connection":true},
      {"operation":"GetRecords","error":"Custom","http_status":429,"message":"slow down"}]})");
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].operation, "PutRecords");
  EXPECT_EQ(rules[0].stream, "s");
  EXPECT_EQ(rules[0].http_status, 500);
  EXPECT_DOUBLE_EQ(rules[0].probability, 0.05);
  EXPECT_EQ(rules[0].count, 3);
  EXPECT_EQ(rules[0].latency_ms, 20);
  EXPECT_FALSE(rules[0].message.empty());
  EXPECT_TRUE(rules[1].drop_connection);
  EXPECT_EQ(rules[1].count, -1);
  EXPECT_EQ(rules[2].http_status, 429);
  EXPECT_EQ(rules[2].message, "slow down");
  EXPECT_EQ(Parse(R"([{"operation":"PutRecord","error":"ServiceUnavailable"}])")[0].http_status,
            503);
  EXPECT_EQ(Parse(R"([{"operation":"PutRecord","error":"KMSThrottlingException"}])")[0].http_status,
            400);
}

TEST(FaultRulesTest, RejectsBadRulesNamingTheProblem) {
  EXPECT_EQ(ParseError("{"), "fault rules: not valid JSON");
  EXPECT_EQ(ParseError(R"([{"error":"InternalFailure"}])"),
            "fault rule 1: \"operation\" is required (\"*\" for any)");
  EXPECT_EQ(ParseError(R"([{"operation":"X","latency_ms":1},{"operation":"X","probabilty":1}])"),
            "fault rule 2: unknown member \"probabilty\"");
  EXPECT_EQ(ParseError(R"([{"operation":"X","error":"Nope"}])"),
            "fault rule 1: unknown error \"Nope\": give its \"http_status\"");
  EXPECT_EQ(ParseError(R"([{"operation":"X","error":"InternalFailure","drop_connection":true}])"),
            "fault rule 1: \"error\" and \"drop_connection\" exclude each other");
  EXPECT_EQ(ParseError(R"([{"operation":"X"}])"),
            "fault rule 1: says nothing to do: give \"error\", \"latency_ms\" or "
            "\"drop_connection\"");
  EXPECT_EQ(ParseError(R"([{"operation":"X","latency_ms":1,"probability":1.5}])"),
            "fault rule 1: \"probability\" must be a number from 0 to 1");
  EXPECT_EQ(ParseError(R"([{"operation":"X","latency_ms":1,"count":0}])"),
            "fault rule 1: \"count\" must be an integer from 1 to 1099511627776");
}

TEST(FaultRulesTest, RoundTripsThroughJson) {
  const auto rules = Parse(R"([{"operation":"PutRecords","error":"InternalFailure","count":2}])");
  const auto again = Parse(FaultRulesJson(rules).dump());
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].error, "InternalFailure");
  EXPECT_EQ(again[0].count, 2);
}

TEST(FaultInjectorTest, MatchesOperationAndStreamAndCountsDown) {
  FaultInjector faults(1);
  EXPECT_FALSE(faults.active());
  faults.Add(
      Parse(R"([{"operation":"PutRecord","stream":"s","error":"InternalFailure","count":2}])"));
  EXPECT_TRUE(faults.active());
  EXPECT_TRUE(faults.Decide("PutRecords", "s").error.ok());
  EXPECT_TRUE(faults.Decide("PutRecord", "t").error.ok());
  const FaultDecision d = faults.Decide("PutRecord", "s");
  EXPECT_EQ(d.error.code(), "InternalFailure");
  EXPECT_EQ(d.error.http_status(), 500);
  EXPECT_EQ(faults.Decide("PutRecord", "s").error.code(), "InternalFailure");
  EXPECT_TRUE(faults.Decide("PutRecord", "s").error.ok());  // used up
  EXPECT_FALSE(faults.active());
}

TEST(FaultInjectorTest, FirstMatchingRuleDecides) {
  FaultInjector faults(1);
  faults.Add(Parse(R"([{"operation":"*","drop_connection":true,"count":1},
                       {"operation":"ListShards","latency_ms":5}])"));
  EXPECT_TRUE(faults.Decide("ListShards", "").drop_connection);
  const FaultDecision d = faults.Decide("ListShards", "");
  EXPECT_FALSE(d.drop_connection);
  EXPECT_EQ(d.latency_ms, 5);
  faults.Clear();
  EXPECT_FALSE(faults.active());
  EXPECT_EQ(faults.Decide("ListShards", "").latency_ms, 0);
}

std::vector<bool> Draws(uint64_t seed, int n) {
  FaultInjector faults(seed);
  faults.Add(Parse(R"([{"operation":"PutRecords","error":"InternalFailure","probability":0.3}])"));
  std::vector<bool> out;
  for (int i = 0; i < n; ++i) out.push_back(!faults.Decide("PutRecords", "").error.ok());
  return out;
}

TEST(FaultInjectorTest, ProbabilityIsRepeatableWithTheSeed) {
  const auto a = Draws(42, 1000);
  EXPECT_EQ(a, Draws(42, 1000));
  EXPECT_NE(a, Draws(43, 1000));
  const auto fired = std::count(a.begin(), a.end(), true);
  EXPECT_GT(fired, 200);  // about 300 of 1,000
  EXPECT_LT(fired, 400);
}

HttpRequest Admin(const std::string& method, const std::string& body = "",
                  const std::string& peer = "127.0.0.1") {
  HttpRequest r;
  r.method = method;
  r.target = "/_kinesisctl/faults";
  r.body = body;
  r.peer = peer;
  return r;
}

TEST(FaultAdminTest, AddsListsReplacesAndClearsFromLoopbackOnly) {
  FaultInjector faults(1);
  EXPECT_EQ(HandleFaultAdmin(faults, Admin("POST", R"([{"operation":"X","latency_ms":1}])")).status,
            200);
  EXPECT_EQ(HandleFaultAdmin(faults, Admin("POST", R"([{"operation":"Y","latency_ms":1}])")).status,
            200);
  EXPECT_EQ(faults.Rules().size(), 2u);
  const HttpResponse listed = HandleFaultAdmin(faults, Admin("GET"));
  EXPECT_NE(listed.body.find("\"Y\""), std::string::npos);
  EXPECT_EQ(HandleFaultAdmin(faults, Admin("PUT", R"([{"operation":"Z","latency_ms":1}])")).status,
            200);
  ASSERT_EQ(faults.Rules().size(), 1u);
  EXPECT_EQ(faults.Rules()[0].operation, "Z");
  const HttpResponse bad = HandleFaultAdmin(faults, Admin("POST", R"([{"operation":1}])"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("must be a string"), std::string::npos);
  EXPECT_EQ(HandleFaultAdmin(faults, Admin("DELETE", "", "10.0.0.7")).status, 403);
  EXPECT_EQ(HandleFaultAdmin(faults, Admin("GET", "", "")).status, 403);
  EXPECT_EQ(faults.Rules().size(), 1u);
  EXPECT_EQ(HandleFaultAdmin(faults, Admin("DELETE", "", "::1")).status, 200);
  EXPECT_TRUE(faults.Rules().empty());
}

}  // namespace
}  // namespace kinesisctl::server
