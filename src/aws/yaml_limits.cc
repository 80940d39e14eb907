#include "aws/yaml_limits.h"

#include <yaml-cpp/yaml.h>

namespace kinesisctl::aws {
namespace {

// False once the limits are passed; `nodes` counts every node visited (aliases expanded).
bool Walk(const YAML::Node& node, size_t depth, size_t& nodes, bool& too_deep) {
  if (++nodes > kMaxYamlNodes) return false;
  if (depth > kMaxYamlDepth) {
    too_deep = true;
    return false;
  }
  if (node.IsSequence()) {
    for (const auto& item : node) {
      if (!Walk(item, depth + 1, nodes, too_deep)) return false;
    }
  } else if (node.IsMap()) {
    for (const auto& kv : node) {
      if (!Walk(kv.first, depth + 1, nodes, too_deep)) return false;
      if (!Walk(kv.second, depth + 1, nodes, too_deep)) return false;
    }
  }
  return true;
}

}  // namespace

Status CheckYamlLimits(const YAML::Node& root, const std::string& what) {
  size_t nodes = 0;
  bool too_deep = false;
  if (Walk(root, 1, nodes, too_deep)) return OkStatus();
  if (too_deep) {
    return InvalidInputError(what + " nests deeper than " + std::to_string(kMaxYamlDepth) +
                             " levels");
  }
  return InvalidInputError(what + " expands to more than " + std::to_string(kMaxYamlNodes) +
                           " YAML nodes (aliases included)");
}

}  // namespace kinesisctl::aws
