#include "server/validation/schema.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/validation/echo.h"
#include "server/validation/patterns.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;

Status Check(const Schema& schema, json body) { return Validate(schema, body); }

Schema CreateSchema() {
  Field count{.name = "ShardCount", .type = FieldType::kInteger};
  count.min_value = 1;
  return {count, StreamNameField(true)};
}

TEST(ValidateTest, AcceptsAGoodRequest) {
  EXPECT_TRUE(Check(CreateSchema(), json{{"StreamName", "ok-name_1.x"}, {"ShardCount", 2}}).ok());
}

TEST(ValidateTest, OneErrorUsesSingular) {
  const Status s = Check(CreateSchema(), json{{"StreamName", "bad name!"}, {"ShardCount", 1}});
  EXPECT_EQ(s.code(), "ValidationException");
  EXPECT_EQ(s.message(),
            "1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
}

TEST(ValidateTest, ErrorsFollowMemberOrderAndCount) {
  const Status s = Check(CreateSchema(), json{{"StreamName", ""}, {"ShardCount", 0}});
  EXPECT_EQ(s.message(),
            "3 validation errors detected: Value '0' at 'shardCount' failed to satisfy "
            "constraint: Member must have value greater than or equal to 1; Value '' at "
            "'streamName' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: [a-zA-Z0-9_.-]+; Value '' at 'streamName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1");
}

TEST(ValidateTest, MissingRequiredIsNull) {
  const Status s = Check(CreateSchema(), json{{"ShardCount", 1}});
  EXPECT_EQ(s.message(),
            "1 validation error detected: Value null at 'streamName' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(ValidateTest, WrongJsonTypesAreSerializationErrors) {
  Status s = Check(CreateSchema(), json{{"StreamName", "a"}, {"ShardCount", "2"}});
  EXPECT_EQ(s.code(), "SerializationException");
  EXPECT_EQ(s.message(), "class java.lang.String can not be converted to an Integer");
  s = Check(CreateSchema(), json{{"StreamName", true}});
  EXPECT_EQ(s.message(), "class java.lang.Boolean can not be converted to an String");
  s = Check(CreateSchema(), json{{"StreamName", json::array()}});
  EXPECT_EQ(s.message(), "Start of list found where not expected");
}

TEST(ValidateTest, ListsMapsAndNestedMembers) {
  Field metrics{.name = "ShardLevelMetrics", .type = FieldType::kList, .not_null = true};
  metrics.enum_values = {"A", "B"};
  metrics.max_length = 2;
  Field tags{.name = "Tags", .type = FieldType::kMap};
  tags.key_lengths = std::make_pair(1, 3);
  const Schema schema = {metrics, tags};
  EXPECT_TRUE(Check(schema, json{{"ShardLevelMetrics", {"A"}}}).ok());
  EXPECT_EQ(Check(schema, json{{"ShardLevelMetrics", {"A", "C"}}}).message(),
            "1 validation error detected: Value '[A, C]' at 'shardLevelMetrics' failed to satisfy "
            "constraint: Member must satisfy constraint: [Member must satisfy enum value set: "
            "[A, B]]");
  EXPECT_EQ(Check(schema, json{{"ShardLevelMetrics", {"A"}}, {"Tags", {{"long", "v"}}}}).message(),
            "1 validation error detected: Value '{long=v}' at 'tags' failed to satisfy "
            "constraint: Map keys must satisfy constraint: [Member must have length less than or "
            "equal to 3, Member must have length greater than or equal to 1]");
}

TEST(ValidateTest, AtMostTenErrors) {
  Schema schema;
  json body = json::object();
  for (int i = 0; i < 12; ++i) {
    schema.push_back(StreamNameField(true, "F" + std::to_string(i)));
  }
  const Status s = Check(schema, body);
  EXPECT_EQ(s.message().rfind("10 validation errors detected: ", 0), 0u);
}

TEST(ValidateTest, IntegersAreNormalised) {
  json body = {{"StreamName", "s"}, {"ShardCount", 2.7}};
  ASSERT_TRUE(Validate(CreateSchema(), body).ok());
  EXPECT_TRUE(body["ShardCount"].is_number_integer());
  EXPECT_EQ(body["ShardCount"].get<int64_t>(), 2);
  body["ShardCount"] = 1e30;
  ASSERT_TRUE(Validate(CreateSchema(), body).ok());
  EXPECT_EQ(body["ShardCount"].get<int64_t>(), 2147483647);
  body["ShardCount"] = 0.5;
  EXPECT_EQ(Validate(CreateSchema(), body).code(), "ValidationException");
}

TEST(PatternsTest, Names) {
  EXPECT_TRUE(MatchesPattern(kNamePattern, "a-b_c.9"));
  EXPECT_FALSE(MatchesPattern(kNamePattern, ""));
  EXPECT_FALSE(MatchesPattern(kNamePattern, "a b"));
  EXPECT_TRUE(MatchesPattern(kNamePattern, std::string(5'000'000, 'a')));  // no recursion
}

TEST(PatternsTest, HashKeysAndSequenceNumbers) {
  EXPECT_TRUE(MatchesPattern(kHashKeyPattern, "0"));
  EXPECT_TRUE(MatchesPattern(kHashKeyPattern, "340282366920938463463374607431768211455"));
  EXPECT_FALSE(MatchesPattern(kHashKeyPattern, "01"));
  EXPECT_FALSE(MatchesPattern(kHashKeyPattern, "1.7e38"));
  EXPECT_FALSE(MatchesPattern(kHashKeyPattern, std::string(40, '1')));
  EXPECT_TRUE(MatchesPattern(kSequencePattern, std::string(56, '4')));
  EXPECT_FALSE(MatchesPattern(kSequencePattern, std::string(130, '4')));
}

// Messages quote at most kMaxEchoBytes of a value: a 2 MiB bad name answers a short message.
TEST(SchemaTest, EchoedValuesAreTruncated) {
  const std::string huge(2 * 1024 * 1024, '!');
  const Status s = Check(CreateSchema(), {{"StreamName", huge}, {"ShardCount", 1}});
  EXPECT_EQ(s.code(), "ValidationException");
  EXPECT_LT(s.message().size(), 4000u);
  EXPECT_NE(s.message().find("Value '" + std::string(kMaxEchoBytes, '!') + "...' at 'streamName'"),
            std::string::npos)
      << s.message().substr(0, 200);
  Field data{.name = "Data", .type = FieldType::kBlob};
  const Status blob = Check({data}, {{"Data", std::string(3 * 1024 * 1024 + 1, 'A')}});
  EXPECT_EQ(blob.code(), "SerializationException");
  EXPECT_LT(blob.message().size(), 2000u);
  // Short values and UTF-8 characters are never cut.
  EXPECT_EQ(Echo("abc"), "abc");
  std::string euros;  // 3-byte characters: byte kMaxEchoBytes falls inside one
  for (int i = 0; i < 700; ++i) euros += "\xe2\x82\xac";
  const std::string cut = Echo(euros);
  const size_t whole = kMaxEchoBytes / 3 * 3;
  EXPECT_EQ(cut, euros.substr(0, whole) + "...");
}

TEST(PatternsTest, Arns) {
  EXPECT_TRUE(MatchesPattern(kArnPattern, "arn:aws:kinesis:us-east-1:000000000000:stream/s"));
  EXPECT_TRUE(MatchesPattern(kArnPattern, "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/a:b"));
  EXPECT_FALSE(MatchesPattern(kArnPattern, "arn:aws:kinesis:us-east-1:0000:stream/s"));
  EXPECT_FALSE(MatchesPattern(kArnPattern, "arn:aws:kinesis:us-east-1:000000000000:stream/"));
  EXPECT_FALSE(MatchesPattern(kArnPattern, "arn:aws:kinesis:us-east-1:000000000000:stream/a b"));
  EXPECT_FALSE(MatchesPattern(kArnPattern, "arn:aws:s3:us-east-1:000000000000:stream/s"));
}

}  // namespace
}  // namespace kinesisctl::server
