#include "aws/environment.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace kinesisctl::aws {

std::optional<std::string> Environment::First(std::initializer_list<std::string_view> names) const {
  for (const auto name : names) {
    if (auto value = Get(name)) return value;
  }
  return std::nullopt;
}

bool Environment::IsTrue(std::string_view name) const {
  auto value = Get(name);
  if (!value) return false;
  std::string lower = *value;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "true" || lower == "1" || lower == "yes";
}

std::optional<std::string> SystemEnvironment::Get(std::string_view name) const {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

const Environment& DefaultEnvironment() {
  static const SystemEnvironment env;
  return env;
}

std::optional<std::string> MapEnvironment::Get(std::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace kinesisctl::aws
