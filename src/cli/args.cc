#include "cli/args.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <regex>

#include "aws/yaml_limits.h"
#include "core/json_utf8.h"
#include "core/seconds_text.h"

namespace kinesisctl::cli {
namespace {

// Nesting depth change of `text` from brackets outside quotes.
int Depth(std::string_view text) {
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return depth;
}

// "name" of a KEY=VALUE word, or nullopt.
std::optional<std::string> KeyOf(std::string_view word) {
  size_t eq = word.find('=');
  if (eq == std::string_view::npos || eq == 0) return std::nullopt;
  for (size_t i = 0; i < eq; ++i) {
    const char c = word[i];
    const bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return std::nullopt;
  }
  return std::string(word.substr(0, eq));
}

std::string_view ValuePart(std::string_view word) {
  if (KeyOf(word)) return word.substr(word.find('=') + 1);
  return word;
}

Json ResolvePlain(const std::string& s) {
  static const std::regex kInt("[-+]?(0|[1-9][0-9]*)");
  static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+\\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?");
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  for (const char* t : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}) {
    if (s == t) return true;
  }
  for (const char* f : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}) {
    if (s == f) return false;
  }
  if (std::regex_match(s, kInt)) {
    int64_t v = 0;
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), v);
    if (ec == std::errc() && ptr == s.data() + s.size()) return v;
    return s;  // too large for 64 bits (a hash key): stays text
  }
  if (std::regex_match(s, kFloat)) {
    try {
      return std::stod(s);
    } catch (const std::exception&) {
      return s;
    }
  }
  return s;
}

Json FromYaml(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      if (node.Tag() == "?") return ResolvePlain(node.Scalar());
      return node.Scalar();  // quoted: a string
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : node) out.push_back(FromYaml(item));
      return out;
    }
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& kv : node) {
        out[kv.first.IsScalar() ? kv.first.Scalar() : YAML::Dump(kv.first)] = FromYaml(kv.second);
      }
      return out;
    }
  }
  return nullptr;
}

// Appends rather than "'" + text: GCC 12 at -O3 reports a false -Wrestrict on that form.
std::string Quote(std::string_view text) {
  std::string quoted(1, '\'');
  quoted.append(text).push_back('\'');
  return quoted;
}

StatusOr<Json> Convert(const std::string& fn, const ParamSpec& p, const std::string& text) {
  auto bad = [&](const char* what) {
    return InvalidInputError(fn + ": " + p.name + " must be " + what + ", got " + Quote(text));
  };
  if (p.type == ArgType::kHashKey) return Json(text);
  if (p.type == ArgType::kAny && !text.empty() && text[0] == '@') return Json(text);
  StatusOr<Json> typed = TypeWord(text);
  if (p.type == ArgType::kString) {
    if (!typed.ok()) return Json(text);
    if (typed->is_array() || typed->is_object()) return bad("a string");
    if (typed->is_string()) return *typed;
    try {  // a plain scalar of another type: keep its text
      const YAML::Node node = YAML::Load(text);
      return Json(node.IsScalar() ? node.Scalar() : text);
    } catch (const YAML::Exception&) {
      return Json(text);
    }
  }
  if (!typed.ok()) return typed.status();
  const Json& v = *typed;
  switch (p.type) {
    case ArgType::kInt:
      if (!v.is_number_integer()) return bad("an integer");
      return v;
    case ArgType::kBool:
      if (!v.is_boolean()) return bad("True or False");
      return v;
    case ArgType::kNumber:  // every one is seconds
      if (!v.is_number() || std::fabs(v.get<double>()) > kMaxSeconds) {
        return bad("a number of seconds of at most 1000000000");
      }
      return v;
    case ArgType::kStringList: {
      Json items = v.is_array() ? v : Json::array({v});
      Json out = Json::array();
      for (const auto& item : items) {
        if (item.is_array() || item.is_object() || item.is_null()) return bad("a list of names");
        out.push_back(item.is_string() ? item.get<std::string>() : item.dump());
      }
      return out;
    }
    case ArgType::kStringMap: {
      if (!v.is_object()) return bad("a mapping like {key: value}");
      Json out = Json::object();
      for (const auto& [k, item] : v.items()) {
        if (item.is_array() || item.is_object()) return bad("a mapping of plain values");
        out[k] = item.is_string() ? item.get<std::string>() : item.is_null() ? "" : item.dump();
      }
      return out;
    }
    default:
      return v;
  }
}

Status FillConnection(const FunctionSpec& spec, Args& args) {
  const std::string& fn = spec.name;
  ConnectionParams& c = args.mutable_connection();
  auto set = [&](const char* name, std::optional<std::string>& field) {
    if (args.Has(name)) field = args.String(name);
  };
  set("region", c.region);
  set("key", c.key);
  set("keyid", c.keyid);
  set("token", c.token);
  set("endpoint", c.endpoint);
  // A function's own `timeout` (a wait's) is not the connection's.
  const auto own = [&](const char* name) {
    return std::any_of(spec.params.begin(), spec.params.end(),
                       [&](const ParamSpec& p) { return p.name == name; });
  };
  for (const auto& [name, field] :
       {std::pair{"timeout", &c.timeout}, std::pair{"connect_timeout", &c.connect_timeout}}) {
    if (!args.Has(name) || own(name)) continue;
    const double seconds = args.Number(name, 0);
    if (!(seconds > 0 && seconds <= 86400)) {
      return InvalidInputError(fn + ": " + name +
                               " must be a number of seconds above 0 and at most 86400");
    }
    *field = seconds;
  }
  if (args.Has("profile")) {
    const Json& p = args.Value("profile");
    if (p.is_string()) {
      c.profile_name = p.get<std::string>();
    } else if (p.is_object()) {
      std::map<std::string, std::string> m;
      // BindArgs checked it is UTF-8: dump() cannot throw.
      for (const auto& [k, v] : p.items()) m[k] = v.is_string() ? v.get<std::string>() : v.dump();
      c.profile_map = std::move(m);
    } else {
      return InvalidInputError(fn + ": profile must be a name or a mapping");
    }
  }
  return OkStatus();
}

}  // namespace

StatusOr<std::vector<std::string>> JoinFlowWords(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string word = words[i];
    const std::string_view value = ValuePart(word);
    if (!value.empty() && (value[0] == '[' || value[0] == '{')) {
      while (Depth(ValuePart(word)) > 0 && i + 1 < words.size()) word += " " + words[++i];
      if (Depth(ValuePart(word)) > 0) {
        return InvalidInputError("unbalanced brackets in " + Quote(word));
      }
    }
    out.push_back(std::move(word));
  }
  return out;
}

StatusOr<Json> TypeWord(std::string_view text) {
  try {
    const YAML::Node node = YAML::Load(std::string(text));
    KINESISCTL_RETURN_IF_ERROR(aws::CheckYamlLimits(
        node, "the value " + Quote(text.substr(0, 40)) + (text.size() > 40 ? "..." : "")));
    return FromYaml(node);
  } catch (const YAML::Exception& e) {
    return InvalidInputError("cannot read " + Quote(text) + " as YAML: " + e.msg);
  }
}

Status CheckUtf8(const Json& value, const std::string& what) {
  const std::optional<std::string> where = FindNonUtf8(value);
  if (!where) return OkStatus();
  return InvalidInputError(what + (where->empty() ? "" : ": " + *where) +
                           " is not valid UTF-8 text");
}

StatusOr<Args> BindArgs(const FunctionSpec& spec, const std::vector<std::string>& words) {
  const std::vector<ParamSpec> params = AllParams(spec);
  const std::string& fn = spec.name;
  auto find = [&](const std::string& name) -> const ParamSpec* {
    for (const auto& p : params) {
      if (p.name == name) return &p;
    }
    return nullptr;
  };
  std::vector<const ParamSpec*> positional;
  for (const auto& p : params) {
    if (!p.keyword_only) positional.push_back(&p);
  }
  Args args;
  std::map<std::string, std::string> texts;
  size_t next = 0;
  for (const std::string& word : words) {
    const ParamSpec* p = nullptr;
    std::string text;
    if (auto key = KeyOf(word)) {
      p = find(*key);
      if (!p) return InvalidInputError(fn + ": unknown argument " + Quote(*key + "="));
      text = word.substr(key->size() + 1);
    } else {
      if (next >= positional.size()) {
        return InvalidInputError(fn + ": too many arguments at " + Quote(word));
      }
      p = positional[next++];
      text = word;
    }
    if (texts.count(p->name)) {
      return InvalidInputError(fn + ": " + p->name + " is given more than once");
    }
    texts[p->name] = text;
  }
  for (const auto& p : params) {
    auto it = texts.find(p.name);
    if (it == texts.end()) {
      if (p.required) return InvalidInputError(fn + ": missing required argument " + p.name);
      continue;
    }
    KINESISCTL_ASSIGN_OR_RETURN(Json value, Convert(fn, p, it->second));
    KINESISCTL_RETURN_IF_ERROR(CheckUtf8(value, fn + ": argument '" + p.name + "'"));
    args.Set(p.name, std::move(value));
  }
  KINESISCTL_RETURN_IF_ERROR(FillConnection(spec, args));
  return args;
}

}  // namespace kinesisctl::cli
