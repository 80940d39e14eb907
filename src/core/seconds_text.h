// SecondsText: a duration as people read it in an error message ("2 s", "1.5 s", "0.01 s"),
// rounded to the nearest 10 ms, so a timeout cut to what is left of a deadline (a few ms short of
// it) still reads as the figure the user set; and SecondsToDuration, the one conversion of a
// number of seconds (from a user or an option) into a Duration. Pure and thread-safe.
#ifndef KINESISCTL_CORE_SECONDS_TEXT_H_
#define KINESISCTL_CORE_SECONDS_TEXT_H_

#include <string>

#include "kinesisctl/clock.h"

namespace kinesisctl {

// At least "0.01 s": a positive duration never reads as zero.
std::string SecondsText(Duration d);

// The longest span SecondsToDuration gives: 10^9 s (about 31 years), so a deadline of "now" plus
// it still fits the clock.
inline constexpr double kMaxSeconds = 1e9;

// Seconds as a Duration, saturating: NaN and negative values become zero, values past
// kMaxSeconds become kMaxSeconds (a cast of a larger double would be undefined behaviour).
Duration SecondsToDuration(double seconds);

}  // namespace kinesisctl

#endif  // KINESISCTL_CORE_SECONDS_TEXT_H_
