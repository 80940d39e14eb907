#include "cli/output.h"

#include <yaml-cpp/yaml.h>

namespace kinesisctl::cli {
namespace {

// True when a plain YAML scalar with this text would not load back as the same string.
bool NeedsQuotes(const std::string& text) {
  if (text.empty()) return true;
  try {
    const YAML::Node node = YAML::Load(text);
    if (!node.IsScalar() || node.Tag() != "?") return true;
    if (node.Scalar() != text) return true;
    // Plain scalars that resolve to null, bool, int or float must be quoted.
    static const char* const kSpecial[] = {
        "~",     "null", "Null", "NULL", "true", "True", "TRUE", "false", "False",
        "FALSE", "yes",  "Yes",  "YES",  "no",   "No",   "NO",   "on",    "On",
        "ON",    "off",  "Off",  "OFF",  "y",    "Y",    "n",    "N"};
    for (const char* s : kSpecial) {
      if (text == s) return true;
    }
    double d;
    if (YAML::convert<double>::decode(node, d)) return true;
  } catch (const YAML::Exception&) {
    return true;
  }
  return false;
}

void Emit(YAML::Emitter& out, const nlohmann::ordered_json& doc) {
  switch (doc.type()) {
    case nlohmann::json::value_t::object:
      out << YAML::BeginMap;
      for (const auto& [key, value] : doc.items()) {
        out << YAML::Key;
        if (NeedsQuotes(key)) out << YAML::SingleQuoted;
        out << key << YAML::Value;
        Emit(out, value);
      }
      out << YAML::EndMap;
      break;
    case nlohmann::json::value_t::array:
      out << YAML::BeginSeq;
      for (const auto& value : doc) Emit(out, value);
      out << YAML::EndSeq;
      break;
    case nlohmann::json::value_t::string: {
      const auto& text = doc.get_ref<const std::string&>();
      if (NeedsQuotes(text)) out << YAML::SingleQuoted;
      out << text;
      break;
    }
    case nlohmann::json::value_t::boolean:
      out << doc.get<bool>();
      break;
    case nlohmann::json::value_t::null:
      out << YAML::Null;
      break;
    case nlohmann::json::value_t::number_unsigned:
      out << doc.get<uint64_t>();
      break;
    case nlohmann::json::value_t::number_integer:
      out << doc.get<int64_t>();
      break;
    default:  // floating-point numbers, binary
      out << doc.dump();
      break;
  }
}

}  // namespace

std::string RenderYaml(const nlohmann::ordered_json& doc) {
  YAML::Emitter out;
  out.SetNullFormat(YAML::LowerNull);  // `null`, as Salt's yaml outputter (PyYAML) writes it
  Emit(out, doc);
  std::string text = out.c_str();
  if (text.empty() || text.back() != '\n') text.push_back('\n');
  return text;
}

std::string RenderJson(const nlohmann::ordered_json& doc) {
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string Render(const nlohmann::ordered_json& doc, OutputFormat format) {
  return format == OutputFormat::kJson ? RenderJson(doc) : RenderYaml(doc);
}

}  // namespace kinesisctl::cli
