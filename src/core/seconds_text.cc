#include "core/seconds_text.h"

#include <algorithm>

namespace kinesisctl {

std::string SecondsText(Duration d) {
  const auto centis = std::max<Duration::rep>((d.count() + 5) / 10, 1);
  std::string out = std::to_string(centis / 100);
  if (const auto frac = centis % 100; frac != 0) {
    std::string digits = std::to_string(100 + frac).substr(1);
    if (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out + " s";
}

Duration SecondsToDuration(double seconds) {
  if (!(seconds > 0)) return Duration::zero();  // NaN too
  return std::chrono::duration_cast<Duration>(
      std::chrono::duration<double>(std::min(seconds, kMaxSeconds)));
}

}  // namespace kinesisctl
