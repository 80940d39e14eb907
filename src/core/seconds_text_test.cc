#include "core/seconds_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

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

// Found by the functions fuzz target: `get_records ... poll_interval=1e300` cast a double past the
// range of the clock's integer (undefined behaviour, reported by UBSan).
TEST(SecondsToDurationTest, Saturates) {
  EXPECT_EQ(SecondsToDuration(1.5), Duration(1500));
  EXPECT_EQ(SecondsToDuration(0), Duration(0));
  EXPECT_EQ(SecondsToDuration(-3), Duration(0));
  EXPECT_EQ(SecondsToDuration(std::nan("")), Duration(0));
  EXPECT_EQ(SecondsToDuration(1e300), Duration(1000000000000));
  EXPECT_EQ(SecondsToDuration(std::numeric_limits<double>::infinity()), Duration(1000000000000));
  // A deadline that far ahead still fits the clock.
  const TimePoint far = std::chrono::system_clock::now() + SecondsToDuration(1e300);
  EXPECT_GT(far, std::chrono::system_clock::now());
}

}  // namespace
}  // namespace kinesisctl
