#include "signing/ini_file.h"

#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"

namespace kinesisctl::aws {
namespace {

TEST(IniFileTest, SectionsKeysCommentsAndContinuations) {
  auto ini = ParseIni(
      "# comment\n"
      "[default]\n"
      "AWS_Access_Key_ID = AKID\n"
      "aws_secret_access_key=SECRET  \n"
      "; another comment\n"
      "\n"
      "[profile prod]\r\n"
      "region: eu-west-1\r\n"
      "s3 =\n"
      "  max_concurrent_requests = 10\n"
      "  addressing_style = path\n",
      "test");
  ASSERT_TRUE(ini.ok()) << ini.status().ToString();
  EXPECT_EQ((*ini)["default"]["aws_access_key_id"], "AKID");
  EXPECT_EQ((*ini)["default"]["aws_secret_access_key"], "SECRET");
  EXPECT_EQ((*ini)["profile prod"]["region"], "eu-west-1");
  EXPECT_EQ((*ini)["profile prod"]["s3"],
            "\nmax_concurrent_requests = 10\naddressing_style = path");
}

TEST(IniFileTest, ValueMayContainEqualsSigns) {
  auto ini = ParseIni("[a]\ntoken = abc==\n", "t");
  ASSERT_TRUE(ini.ok());
  EXPECT_EQ((*ini)["a"]["token"], "abc==");
}

TEST(IniFileTest, ErrorsNameTheLine) {
  auto outside = ParseIni("key = v\n", "creds");
  EXPECT_EQ(outside.status().code(), codes::kConfig);
  EXPECT_EQ(outside.status().message(), "creds line 1: key outside a [section]");
  EXPECT_EQ(ParseIni("[a]\nnot a pair\n", "f").status().message(),
            "f line 2: expected 'key = value'");
  EXPECT_FALSE(ParseIni("[broken\n", "f").ok());
  EXPECT_FALSE(ParseIni("[]\n", "f").ok());
  EXPECT_FALSE(ParseIni("  indented\n", "f").ok());
}

TEST(IniFileTest, LoadMissingFileIsNotAnError) {
  testing::TempDir dir;
  auto missing = LoadIniFile(dir.path() + "/nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto present = LoadIniFile(dir.Write("f", "[x]\na=b\n"));
  ASSERT_TRUE(present.ok());
  EXPECT_EQ((**present)["x"]["a"], "b");
}

}  // namespace
}  // namespace kinesisctl::aws
