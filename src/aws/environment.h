// Read access to environment variables through an interface, so credential, region, endpoint
// and proxy resolution can be tested hermetically with a MapEnvironment instead of the process
// environment. SystemEnvironment reads getenv (thread-safe as long as nobody calls setenv
// concurrently); MapEnvironment is a plain value, thread-compatible.
#ifndef KINESISCTL_AWS_ENVIRONMENT_H_
#define KINESISCTL_AWS_ENVIRONMENT_H_

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kinesisctl::aws {

class Environment {
 public:
  virtual ~Environment() = default;
  // The value of `name`, or nullopt when unset. An empty value counts as unset, as in the AWS
  // SDKs.
  virtual std::optional<std::string> Get(std::string_view name) const = 0;

  // The first set variable among `names`.
  std::optional<std::string> First(std::initializer_list<std::string_view> names) const;
  // The user's home directory (HOME), or nullopt.
  std::optional<std::string> Home() const { return Get("HOME"); }
  // True for "true"/"1"/"yes" (any case).
  bool IsTrue(std::string_view name) const;
};

class SystemEnvironment final : public Environment {
 public:
  std::optional<std::string> Get(std::string_view name) const override;
};

// The process-wide SystemEnvironment.
const Environment& DefaultEnvironment();

class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  MapEnvironment(std::initializer_list<std::pair<const std::string, std::string>> values)
      : values_(values) {}
  void Set(std::string name, std::string value) { values_[std::move(name)] = std::move(value); }
  std::optional<std::string> Get(std::string_view name) const override;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace kinesisctl::aws

#endif  // KINESISCTL_AWS_ENVIRONMENT_H_
