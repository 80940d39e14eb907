#include "server/simple_json.h"

#include <cstdint>
#include <string>

namespace kinesisctl::server {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 32;
constexpr int kMaxDigits = 18;  // fits int64 without overflow checks

class Parser {
 public:
  explicit Parser(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool Document(json& out) {
    if (!Value(out, 0)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool Take(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  bool Value(json& out, int depth) {
    SkipSpace();
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return depth < kMaxDepth && Object(out, depth + 1);
      case '[':
        return depth < kMaxDepth && Array(out, depth + 1);
      case '"': {
        std::string_view s;
        if (!String(s)) return false;
        out = std::string(s);
        return true;
      }
      case 't':
        return Literal("true", out, true);
      case 'f':
        return Literal("false", out, false);
      case 'n':
        return Literal("null", out, nullptr);
      default:
        return Number(out);
    }
  }

  template <typename T>
  bool Literal(std::string_view word, json& out, T value) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    out = value;
    return true;
  }

  // Printable ASCII up to the closing quote; declines escapes, control and non-ASCII bytes.
  bool String(std::string_view& out) {
    const char* start = ++p_;
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out = std::string_view(start, p_ - start);
        ++p_;
        return true;
      }
      if (c < 0x20 || c >= 0x7f || c == '\\') return false;
      ++p_;
    }
    return false;
  }

  // -?(0|[1-9][0-9]*) with at most 18 digits, not followed by a fraction or exponent.
  bool Number(json& out) {
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    uint64_t value = 0;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') value = value * 10 + (*p_++ - '0');
    const auto count = p_ - digits;
    if (count == 0 || count > kMaxDigits || (count > 1 && *digits == '0')) return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    if (negative) {
      out = -static_cast<int64_t>(value);
    } else {
      out = value;
    }
    return true;
  }

  bool Object(json& out, int depth) {
    ++p_;
    out = json::object();
    if (Take('}')) return true;
    do {
      SkipSpace();
      std::string_view key;
      if (p_ == end_ || *p_ != '"' || !String(key) || !Take(':')) return false;
      if (!Value(out[std::string(key)], depth)) return false;
    } while (Take(','));
    return Take('}');
  }

  bool Array(json& out, int depth) {
    ++p_;
    out = json::array();
    if (Take(']')) return true;
    do {
      if (!Value(out.emplace_back(), depth)) return false;
    } while (Take(','));
    return Take(']');
  }

  const char* p_;
  const char* end_;
};

}  // namespace

std::optional<json> ParseSimpleJson(std::string_view text) {
  json out;
  Parser parser(text);
  if (!parser.Document(out)) return std::nullopt;
  return out;
}

bool SameDocument(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      const auto other = b.find(it.key());
      if (other == b.end() || !SameDocument(*it, *other)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameDocument(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace kinesisctl::server
