#include "server/validation/patterns.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace kinesisctl::server {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The base64 alphabet (without the '=' padding), as a table: blobs are checked byte by byte.
constexpr std::array<bool, 256> kBase64Alphabet = [] {
  std::array<bool, 256> table{};
  for (const char c :
       std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}();

bool MatchesName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

// 0|([1-9]\d{0,max_digits-1})
bool MatchesDecimal(std::string_view s, size_t max_digits) {
  if (s == "0") return true;
  if (s.empty() || s.size() > max_digits || s[0] == '0') return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool NoLineBreak(std::string_view s) { return s.find_first_of("\r\n") == std::string_view::npos; }

// arn:aws.*:kinesis:.*:\d{12}:stream/\S+
bool MatchesArn(std::string_view s) {
  if (s.substr(0, 7) != "arn:aws") return false;
  const size_t kinesis = s.find(":kinesis:", 7);
  if (kinesis == std::string_view::npos) return false;
  for (size_t p = s.find(":stream/"); p != std::string_view::npos; p = s.find(":stream/", p + 1)) {
    if (p < 13 || s[p - 13] != ':' || kinesis + 9 > p - 13) continue;
    bool digits = true;
    for (size_t i = p - 12; i < p; ++i) digits = digits && IsDigit(s[i]);
    if (!digits || !NoLineBreak(s.substr(0, p))) continue;
    const std::string_view rest = s.substr(p + 8);
    if (rest.empty()) continue;
    bool no_space = true;
    for (char c : rest) no_space = no_space && !std::isspace(static_cast<unsigned char>(c));
    if (no_space) return true;
  }
  return false;
}

// arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+ in linear time: '.' takes no line break, so none
// may occur at all; the earliest ":kinesis:" and then the earliest ":" + 12 digits + ":" leave
// the most room for the rest, which needs a "stream/" after the last white space, followed by
// at least one character.
bool MatchesResourceArn(std::string_view s) {
  if (s.substr(0, 7) != "arn:aws" || !NoLineBreak(s)) return false;
  const size_t kinesis = s.find(":kinesis:", 7);
  if (kinesis == std::string_view::npos) return false;
  size_t account = std::string_view::npos;
  for (size_t p = s.find(':', kinesis + 9); p != std::string_view::npos && p + 13 < s.size();
       p = s.find(':', p + 1)) {
    bool digits = s[p + 13] == ':';
    for (size_t i = p + 1; digits && i <= p + 12; ++i) digits = IsDigit(s[i]);
    if (digits) {
      account = p;
      break;
    }
  }
  if (account == std::string_view::npos) return false;
  size_t from = account + 14;
  for (size_t i = s.size(); i-- > from;) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      from = std::max(from, i + 1);  // "stream/" holds no white space: it starts after
      break;
    }
  }
  const size_t q = s.find("stream/", from);
  return q != std::string_view::npos && q + 7 < s.size();
}

// [a-z0-9]{20}-[a-z0-9]{3}
bool MatchesStreamId(std::string_view s) {
  if (s.size() != 24 || s[20] != '-') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 20) continue;
    if (!IsDigit(s[i]) && !(s[i] >= 'a' && s[i] <= 'z')) return false;
  }
  return true;
}

}  // namespace

bool MatchesPattern(std::string_view pattern, std::string_view text) {
  if (pattern == kNamePattern) return MatchesName(text);
  if (pattern == kArnPattern) return MatchesArn(text);
  if (pattern == kResourceArnPattern) return MatchesResourceArn(text);
  if (pattern == kStreamIdPattern) return MatchesStreamId(text);
  if (pattern == kHashKeyPattern) return MatchesDecimal(text, 39);
  if (pattern == kSequencePattern) return MatchesDecimal(text, 129);
  return true;
}

size_t FirstBadBase64Char(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (kBase64Alphabet[static_cast<unsigned char>(s[i])]) continue;
    const bool pad_ok = s[i] == '=' && i + 2 >= s.size() && (i + 1 == s.size() || s[i + 1] == '=');
    if (!pad_ok) return i;
  }
  return std::string_view::npos;
}

}  // namespace kinesisctl::server
