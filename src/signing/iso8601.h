// Parsing of the UTC timestamps AWS credential sources use for Expiration
// ("2026-11-26T12:00:00Z", optionally with fractional seconds or a +00:00 offset). Pure;
// thread-safe.
#ifndef KINESISCTL_SIGNING_ISO8601_H_
#define KINESISCTL_SIGNING_ISO8601_H_

#include <string_view>

#include "kinesisctl/clock.h"
#include "kinesisctl/status.h"

namespace kinesisctl::aws {

// The instant, or an InvalidInput error quoting the text.
StatusOr<TimePoint> ParseIso8601(std::string_view text);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_SIGNING_ISO8601_H_
