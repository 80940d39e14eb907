#include "core/seconds_text.h"

#include <gtest/gtest.h>

namespace kinesisctl {
namespace {

TEST(SecondsTextTest, RoundsToTheNearestTenMilliseconds) {
  EXPECT_EQ(SecondsText(Duration(2000)), "2 s");
  EXPECT_EQ(SecondsText(Duration(1996)), "2 s");
  EXPECT_EQ(SecondsText(Duration(1500)), "1.5 s");
  EXPECT_EQ(SecondsText(Duration(250)), "0.25 s");
  EXPECT_EQ(SecondsText(Duration(355)), "0.36 s");
}

TEST(SecondsTextTest, NeverReadsAsZero) {
  EXPECT_EQ(SecondsText(Duration(0)), "0.01 s");
  EXPECT_EQ(SecondsText(Duration(3)), "0.01 s");
}

}  // namespace
}  // namespace kinesisctl
