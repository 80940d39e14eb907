// Tests of credential_process: command splitting, running without a shell, the JSON format,
// failures, and the timeout that kills a slow command.
#include "aws/process_credentials_provider.h"

#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"

namespace kinesisctl::aws {
namespace {

using testing::TempDir;

constexpr char kSecret[] = "process-Secret/Value+0123456789";

TEST(SplitCommandLineTest, FollowsShlexRules) {
  using V = std::vector<std::string>;
  EXPECT_EQ(*SplitCommandLine("a b  c"), (V{"a", "b", "c"}));
  EXPECT_EQ(*SplitCommandLine("'/opt/my tool' --profile 'x y'"),
            (V{"/opt/my tool", "--profile", "x y"}));
  EXPECT_EQ(*SplitCommandLine(R"(cmd "a \"b\" \$c \n" d)"), (V{"cmd", R"(a "b" $c \n)", "d"}));
  EXPECT_EQ(*SplitCommandLine(R"(a\ b c\'d)"), (V{"a b", "c'd"}));
  EXPECT_EQ(*SplitCommandLine("x'y'\"z\""), (V{"xyz"}));
  EXPECT_EQ(*SplitCommandLine("''"), (V{""}));
  EXPECT_EQ(*SplitCommandLine("  "), V{});
  EXPECT_EQ(*SplitCommandLine("a # not a comment"), (V{"a", "#", "not", "a", "comment"}));
  EXPECT_FALSE(SplitCommandLine("a 'b").ok());
  EXPECT_FALSE(SplitCommandLine("a \"b").ok());
  EXPECT_FALSE(SplitCommandLine("a \\").ok());
}

class ProcessProviderTest : public ::testing::Test {
 protected:
  // A script printing `out` to stdout and `err` to stderr, then exiting with `code`.
  std::string Script(const std::string& out, const std::string& err = "", int code = 0) {
    const std::string out_file = dir_.Write("out" + std::to_string(++n_), out);
    const std::string err_file = dir_.Write("err" + std::to_string(n_), err);
    return dir_.Write("script" + std::to_string(n_),
                      "#!/bin/sh\ncat '" + out_file + "'\ncat '" + err_file + "' >&2\nexit " +
                          std::to_string(code) + "\n",
                      0700);
  }
  StatusOr<std::optional<Credentials>> Run(const std::string& command,
                                           Duration timeout = std::chrono::seconds(20)) {
    return ProcessCredentialsProvider(command, "credential_process of AWS profile 'p'", timeout)
        .GetCredentials();
  }
  TempDir dir_;
  int n_ = 0;
};

TEST_F(ProcessProviderTest, ParsesTheDocumentWithExpiration) {
  const std::string script =
      Script(std::string(R"({"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": ")") +
             kSecret + R"(", "SessionToken": "TOK", "Expiration": "2030-01-02T03:04:05Z"})");
  auto c = Run(script);
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_TRUE(c->has_value());
  EXPECT_EQ((*c)->access_key_id, "AKIDPROC");
  EXPECT_EQ((*c)->secret_access_key, kSecret);
  EXPECT_EQ((*c)->session_token, "TOK");
  ASSERT_TRUE((*c)->expiration);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>((*c)->expiration->time_since_epoch())
                .count(),
            1893553445);
}

TEST_F(ProcessProviderTest, ArgumentsReachTheProgramWithoutAShell) {
  // printf receives the JSON as one argument; `$HOME` and `;` stay literal (no shell).
  auto c = Run(R"(printf '%s' '{"Version":1,"AccessKeyId":"$HOME;x","SecretAccessKey":"s"}')");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ((*c)->access_key_id, "$HOME;x");
  EXPECT_FALSE((*c)->expiration.has_value());
}

TEST_F(ProcessProviderTest, MalformedOutputIsAClearErrorThatQuotesNoSecret) {
  const std::string secret(kSecret);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json " + secret, "not a JSON object"},
      {R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": ")" + secret + "\"}",
       "unsupported Version"},
      {R"({"AccessKeyId": "A", "SecretAccessKey": ")" + secret + "\"}", "lacks Version"},
      {R"({"Version": 1, "SecretAccessKey": ")" + secret + "\"}", "lacks AccessKeyId"},
      {R"({"Version": 1, "AccessKeyId": "A"})", "lacks SecretAccessKey"},
      {R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": ")" + secret +
           R"(", "Expiration": "tomorrow"})",
       "Expiration is not an ISO 8601 time"},
      {"", "printed nothing"},
  };
  for (const auto& [output, expected] : cases) {
    auto c = Run(Script(output));
    ASSERT_FALSE(c.ok()) << output;
    EXPECT_EQ(c.status().code(), codes::kCredentials);
    EXPECT_NE(c.status().message().find(expected), std::string::npos) << c.status().message();
    EXPECT_NE(c.status().message().find("credential_process of AWS profile 'p'"),
              std::string::npos);
    EXPECT_EQ(c.status().message().find(secret), std::string::npos) << c.status().message();
  }
}

TEST_F(ProcessProviderTest, FailingCommandReportsExitStatusAndLastStderrLineOnly) {
  auto c = Run(
      Script(std::string(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":")") + kSecret + "\"}",
             "debug noise\nlogin required for account 42\n", 3));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("failed with exit status 3: login required for account 42"),
            std::string::npos)
      << c.status().message();
  EXPECT_EQ(c.status().message().find("debug noise"), std::string::npos);
  EXPECT_EQ(c.status().message().find(kSecret), std::string::npos);
}

TEST_F(ProcessProviderTest, MissingProgramAndBadQuotingAreErrors) {
  auto missing = Run("/nonexistent/kinesisctl-helper --x");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("cannot run '/nonexistent/kinesisctl-helper'"),
            std::string::npos)
      << missing.status().message();
  auto quoting = Run("helper 'unterminated");
  ASSERT_FALSE(quoting.ok());
  EXPECT_NE(quoting.status().message().find("cannot split the command"), std::string::npos);
  EXPECT_FALSE(Run("   ").ok());
}

TEST_F(ProcessProviderTest, SlowCommandIsKilledAfterTheTimeout) {
  // The child of the script keeps the pipe open: the whole process group must be killed.
  const std::string script = dir_.Write("slow", "#!/bin/sh\nsleep 30 &\nsleep 30\n", 0700);
  auto c = Run(script, std::chrono::milliseconds(200));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("did not finish within 200 ms and was killed"),
            std::string::npos)
      << c.status().message();
}

}  // namespace
}  // namespace kinesisctl::aws
