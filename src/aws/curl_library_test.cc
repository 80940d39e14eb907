#include "aws/curl_library.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace kinesisctl::aws {
namespace {

bool CurlIsMapped() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.find("libcurl") != std::string::npos) return true;
  }
  return false;
}

TEST(CurlLibraryTest, ResolvesEveryFunction) {
  auto lib = LoadCurl();
  ASSERT_TRUE(lib.ok()) << lib.status().ToString();
  const curl_version_info_data* info = (*lib)->version_info(CURLVERSION_NOW);
  ASSERT_NE(info, nullptr);
  EXPECT_NE(std::string(info->version), "");
  EXPECT_EQ(LoadCurl().value(), *lib) << "loaded once";
}

TEST(CurlLibraryDeathTest, NotLoadedBeforeTheFirstUse) {
  // "threadsafe" re-runs this test in a fresh process, where nothing has loaded libcurl yet.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        const bool before = CurlIsMapped();
        const bool loaded = LoadCurl().ok();
        std::exit(!before && loaded && CurlIsMapped() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace kinesisctl::aws
