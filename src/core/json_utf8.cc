#include "core/json_utf8.h"

#include "core/base64.h"

namespace kinesisctl {
namespace {

// A key that is not UTF-8, for a message: its printable ASCII, anything else as '?'.
std::string KeyText(const std::string& key) {
  std::string out;
  for (const char c : key.substr(0, 40)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (key.size() > 40) out += "...";
  return out;
}

std::string Join(const std::string& head, const std::string& tail) {
  return tail.empty() ? head : head + ", " + tail;
}

template <typename J>
std::optional<std::string> Find(const J& value) {
  if (value.is_string()) {
    if (!IsValidUtf8(value.template get_ref<const std::string&>())) return std::string();
    return std::nullopt;
  }
  if (value.is_array()) {
    size_t i = 0;
    for (const auto& item : value) {
      if (auto where = Find(item)) return Join("item " + std::to_string(i), *where);
      ++i;
    }
    return std::nullopt;
  }
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!IsValidUtf8(it.key())) return "key '" + KeyText(it.key()) + "'";
      if (auto where = Find(it.value())) return Join("'" + it.key() + "'", *where);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> FindNonUtf8(const nlohmann::ordered_json& value) { return Find(value); }

std::optional<std::string> FindNonUtf8(const nlohmann::json& value) { return Find(value); }

std::string DumpForMessage(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace kinesisctl
