// The one limit on YAML that users hand to kinesisctl (apply files, config files, KEY=VALUE
// arguments): a document may expand, aliases included, to at most kMaxYamlNodes nodes nested at
// most kMaxYamlDepth deep. Aliases are shared in yaml-cpp's tree but are expanded by anything
// that walks it (conversion to JSON, the apply and config parsers), so a few lines of
// `&a [*b, *b, ...]` would otherwise grow without bound. Thread-safe (no shared state).
#ifndef KINESISCTL_AWS_YAML_LIMITS_H_
#define KINESISCTL_AWS_YAML_LIMITS_H_

#include <cstddef>
#include <string>

#include "kinesisctl/status.h"

namespace YAML {
class Node;
}  // namespace YAML

namespace kinesisctl::aws {

inline constexpr size_t kMaxYamlNodes = 100000;
inline constexpr size_t kMaxYamlDepth = 64;

// OK when `root`, with every alias expanded, stays within the limits; otherwise InvalidInput
// naming `what` (e.g. "the argument", "config file PATH"). Stops walking at the limit, so the
// check itself is bounded.
Status CheckYamlLimits(const YAML::Node& root, const std::string& what);

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_YAML_LIMITS_H_
