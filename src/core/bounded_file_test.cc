#include "core/bounded_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace kinesisctl {
namespace {

std::string TempFile(const std::string& content) {
  char name[] = "/tmp/bounded_file_testXXXXXX";
  const int fd = ::mkstemp(name);
  EXPECT_GE(fd, 0);
  ::close(fd);
  std::ofstream(name, std::ios::binary) << content;
  return name;
}

TEST(ReadBoundedFileTest, ReadsARegularFileWithinTheCap) {
  const std::string path = TempFile("streams: {}\n");
  auto text = ReadBoundedFile(path, "ConfigError", 100);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "streams: {}\n");
  std::remove(path.c_str());
}

TEST(ReadBoundedFileTest, RefusesDevicesDirectoriesMissingAndLargeFiles) {
  for (const std::string path : {"/dev/zero", "/tmp", "/nonexistent/file.yaml"}) {
    auto text = ReadBoundedFile(path, "ConfigError");
    ASSERT_FALSE(text.ok()) << path;
    EXPECT_EQ(text.status().code(), "ConfigError");
    EXPECT_NE(text.status().message().find(path), std::string::npos);
  }
  EXPECT_NE(ReadBoundedFile("/dev/zero", "X").status().message().find("not a regular file"),
            std::string::npos);
  const std::string big = TempFile(std::string(101, 'a'));
  auto text = ReadBoundedFile(big, "ConfigError", 100);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("more than the 100 bytes"), std::string::npos);
  std::remove(big.c_str());
}

}  // namespace
}  // namespace kinesisctl
