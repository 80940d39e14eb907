#include "signing/iso8601.h"

#include <chrono>
#include <cstdio>
#include <string>

namespace kinesisctl::aws {

StatusOr<TimePoint> ParseIso8601(std::string_view text) {
  const std::string s(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &consumed) !=
          6 ||
      consumed != 19) {
    return InvalidInputError("not an ISO 8601 UTC timestamp: '" + s + "'");
  }
  std::string_view rest = std::string_view(s).substr(19);
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
  }
  if (rest != "Z" && rest != "+00:00" && rest != "+0000" && rest != "UTC") {
    return InvalidInputError("not an ISO 8601 UTC timestamp: '" + s + "'");
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(mo),
                                        std::chrono::day(d)};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) {
    return InvalidInputError("not a valid date and time: '" + s + "'");
  }
  return TimePoint(std::chrono::sys_days(ymd)) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(sec);
}

}  // namespace kinesisctl::aws
