#include "functions/py_repr.h"

#include <cstdio>

namespace kinesisctl::admin {

std::string PyRepr(const std::string& text) {
  const bool has_single = text.find('\'') != std::string::npos;
  const bool has_double = text.find('"') != std::string::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (unsigned char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == static_cast<unsigned char>(quote)) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);  // UTF-8 passes through, as Python 3 prints it
    }
  }
  out += quote;
  return out;
}

std::string PyRepr(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += PyRepr(items[i]);
  }
  return out + "]";
}

std::string PyRepr(const std::map<std::string, std::string>& items) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : items) {
    if (!first) out += ", ";
    first = false;
    out += PyRepr(k) + ": " + PyRepr(v);
  }
  return out + "}";
}

std::string PyError(const Status& status) {
  if (status.code() == codes::kRetriesExhausted) return status.message();
  return "{'Code': " + PyRepr(status.code()) + ", 'Message': " + PyRepr(status.message()) + "}";
}

}  // namespace kinesisctl::admin
