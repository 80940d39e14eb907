#include "cli/cli.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/args.h"
#include "cli/functions.h"
#include "cli/help.h"
#include "core/log.h"
#include "functions/testing/test_util.h"

namespace kinesisctl::cli {
namespace {

using admin::AdminTest;

TEST(JoinFlowWordsTest, JoinsUnquotedFlowCollections) {
  auto j = JoinFlowWords({"s", "[\"IncomingBytes\",", "\"OutgoingBytes\"]", "region=x"});
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(*j,
            (std::vector<std::string>{"s", "[\"IncomingBytes\", \"OutgoingBytes\"]", "region=x"}));
  auto k = JoinFlowWords({"tags={a:", "1,", "b:", "\"]\"}", "x"});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, (std::vector<std::string>{"tags={a: 1, b: \"]\"}", "x"}));
  EXPECT_FALSE(JoinFlowWords({"[a,", "b"}).ok());
}

TEST(TypeWordTest, TypesLikeSalt) {
  EXPECT_EQ(*TypeWord("4"), Json(4));
  EXPECT_EQ(*TypeWord("True"), Json(true));
  EXPECT_EQ(*TypeWord("False"), Json(false));
  EXPECT_EQ(*TypeWord("my_stream"), Json("my_stream"));
  EXPECT_EQ(*TypeWord("'4'"), Json("4"));
  EXPECT_EQ(*TypeWord("[a, b]"), Json({"a", "b"}));
  EXPECT_EQ(TypeWord("{1: x}")->dump(), R"({"1":"x"})");  // mapping keys stay strings
  // A hash key is never turned into a float.
  EXPECT_EQ(*TypeWord("340282366920938463463374607431768211455"),
            Json("340282366920938463463374607431768211455"));
}

TEST(BindArgsTest, PositionalThenKeywordAndConnection) {
  const FunctionSpec* spec = FindFunction("boto_kinesis.reshard");
  ASSERT_NE(spec, nullptr);
  auto a = BindArgs(*spec, {"s", "3", "True", "us-west-2", "layout=salt", "endpoint=http://h:1",
                            "profile={keyid: AK, key: SK}"});
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->String("stream_name"), "s");
  EXPECT_EQ(*a->Int("desired_size"), 3);
  EXPECT_TRUE(a->Bool("force", false));
  EXPECT_EQ(a->String("layout"), "salt");
  EXPECT_EQ(*a->connection().region, "us-west-2");
  EXPECT_EQ(*a->connection().endpoint, "http://h:1");
  EXPECT_EQ(a->connection().profile_map->at("keyid"), "AK");
}

TEST(BindArgsTest, UsageErrorsNameTheProblem) {
  const FunctionSpec* spec = FindFunction("create_stream");
  auto msg = [&](std::vector<std::string> w) { return BindArgs(*spec, w).status().message(); };
  EXPECT_EQ(msg({"s", "abc"}), "create_stream: num_shards must be an integer, got 'abc'");
  EXPECT_EQ(msg({"s", "1", "bogus=2"}), "create_stream: unknown argument 'bogus='");
  EXPECT_EQ(msg({}), "create_stream: missing required argument stream_name");
  EXPECT_EQ(msg({"s", "1", "stream_name=t"}), "create_stream: stream_name is given more than once");
  EXPECT_NE(msg({"s", "1", "r", "k", "ki", "p", "extra"}).find("too many arguments"),
            std::string::npos);
}

TEST(BindArgsTest, StringParamsKeepTheirText) {
  auto a = BindArgs(*FindFunction("exists"), {"123"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->String("stream_name"), "123");
  auto b = BindArgs(*FindFunction("long_int"), {"007"});
  EXPECT_EQ(b->String("hash_key"), "007");
}

TEST(HelpTest, EveryFunctionHasGeneratedHelpWithAnExample) {
  const std::string main = MainHelp();
  for (const FunctionSpec* spec : AllFunctions()) {
    EXPECT_NE(main.find("  " + spec->name + " "), std::string::npos) << spec->name;
    ASSERT_FALSE(spec->examples.empty()) << spec->name;
    const std::string h = FunctionHelp(*spec);
    EXPECT_NE(h.find("kinesisctl " + spec->examples[0]), std::string::npos);
    for (const ParamSpec& p : AllParams(*spec)) EXPECT_NE(h.find("  " + p.name), std::string::npos);
    // Each example binds.
    for (const std::string& e : spec->examples) {
      std::vector<std::string> words;
      std::istringstream in(e);
      for (std::string w; in >> w;) words.push_back(w);
      words.erase(words.begin());
      auto joined = JoinFlowWords(words);
      ASSERT_TRUE(joined.ok()) << e;
      EXPECT_TRUE(BindArgs(*spec, *joined).ok()) << e;
    }
  }
}

class CliTest : public AdminTest {
 protected:
  int Run(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    return RunCli(args, out_, err_);
  }
  std::ostringstream out_, err_;
};

TEST_F(CliTest, SeedCallStyleReachesTheService) {
  fake().Push("CreateStream", Json::object());
  EXPECT_EQ(Run({"boto_kinesis.create_stream", "my_stream", "4", "region=us-east-1"}), 0);
  EXPECT_EQ(out_.str(), "result: true\n");
  EXPECT_EQ(fake().calls()[0].request.dump(), R"({"StreamName":"my_stream","ShardCount":4})");
}

TEST_F(CliTest, UnquotedMetricListIsJoined) {
  fake().Push("EnableEnhancedMonitoring", Json::object());
  EXPECT_EQ(Run({"enable_enhanced_monitoring", "s", "[\"IncomingBytes\",", "\"OutgoingBytes\"]"}),
            0);
  EXPECT_EQ(fake().calls()[0].request["ShardLevelMetrics"],
            Json({"IncomingBytes", "OutgoingBytes"}));
}

TEST_F(CliTest, ExitStatuses) {
  fake().Push("DescribeStreamSummary", Status("ResourceNotFoundException", "Stream s not found"));
  EXPECT_EQ(Run({"exists", "s"}), 1);
  EXPECT_NE(err_.str().find("ResourceNotFoundException: Stream s not found"), std::string::npos);
  EXPECT_EQ(Run({"--out", "json", "reshard", "s", "0", "True"}), 1);
  EXPECT_EQ(out_.str(), "{\n  \"error\": \"desired_size must be at least 1, got 0\"\n}\n");
  EXPECT_EQ(Run({"reshard", "s", "two"}), 2);
  EXPECT_EQ(Run({"nope"}), 2);
  EXPECT_EQ(Run({"--bogus", "exists", "s"}), 2);
  EXPECT_EQ(Run({"--config", "/nonexistent/kinesisctl.yaml", "exists", "s"}), 2);
  EXPECT_EQ(Run({"exists", "--help"}), 0);
  EXPECT_NE(out_.str().find("usage: kinesisctl exists STREAM_NAME"), std::string::npos);
}

TEST_F(CliTest, DebugLogsEveryCallButNoSecret) {
  std::ostringstream log;
  SetLogSink(&log);
  fake().Push("DeleteStream", Json::object());
  EXPECT_EQ(Run({"-l", "debug", "delete_stream", "s", "keyid=AKIDEXAMPLE", "key=wJalrSECRETKEY",
                 "token=SESSIONTOKEN"}),
            0);
  SetLogSink(nullptr);
  SetLogLevel(LogLevel::kWarning);
  EXPECT_NE(log.str().find("DeleteStream"), std::string::npos);
  EXPECT_EQ(log.str().find("wJalrSECRETKEY"), std::string::npos);
  EXPECT_EQ(log.str().find("SESSIONTOKEN"), std::string::npos);
  EXPECT_EQ(out_.str().find("SECRET"), std::string::npos);
}

}  // namespace
}  // namespace kinesisctl::cli
