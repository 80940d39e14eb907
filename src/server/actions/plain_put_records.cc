#include "server/actions/plain_put_records.h"

#include <cstdint>
#include <cstring>

#include "server/validation/patterns.h"

namespace kinesisctl::server {
namespace {

// The PutRecords input's limits, as its validation schema states them (data_actions.cc).
constexpr size_t kMaxEntries = 500;
constexpr size_t kMaxPartitionKey = 256;
constexpr size_t kMaxStreamName = 128;
constexpr size_t kMaxDataBytes = 10 * 1024 * 1024;

// Printable ASCII without a backslash: a JSON string's text that needs no unescaping.
bool PlainText(std::string_view text) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c > 0x7e || c == '\\') return false;
  }
  return true;
}

class Reader {
 public:
  explicit Reader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // Skips white space, then takes `c` if it is next.
  bool Eat(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  // The text between a quote and the next one (an escaped quote ends it too: the backslash
  // before it is left for the caller's check to refuse).
  bool Quoted(std::string_view& out) {
    if (!Eat('"')) return false;
    const void* quote = std::memchr(p_, '"', static_cast<size_t>(end_ - p_));
    if (!quote) return false;
    const char* close = static_cast<const char*>(quote);
    out = std::string_view(p_, static_cast<size_t>(close - p_));
    p_ = close + 1;
    return true;
  }

  // A string of printable ASCII without escapes; its text without the quotes.
  bool String(std::string_view& out) { return Quoted(out) && PlainText(out); }

  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }

 private:
  const char* p_;
  const char* end_;
};

// Base64 text within the limit. The alphabet has no quote, backslash or non-ASCII byte, so the
// text needs no check as a string.
bool PlainBlob(std::string_view data) {
  if (data.size() % 4 != 0 || FirstBadBase64Char(data) != std::string_view::npos) return false;
  size_t pad = 0;
  if (!data.empty() && data.back() == '=') ++pad;
  if (data.size() > 1 && data[data.size() - 2] == '=') ++pad;
  return data.size() / 4 * 3 - pad <= kMaxDataBytes;
}

bool Entry(Reader& in, RecordEntryView& out) {
  if (!in.Eat('{')) return false;
  bool data = false, key = false, hash = false;
  do {
    std::string_view name, value;
    if (!in.String(name) || !in.Eat(':') || !in.Quoted(value)) return false;
    if (name == "Data" && !data) {
      data = PlainBlob(value);
      if (!data) return false;
      out.data = value;
    } else if (name == "PartitionKey" && !key) {
      key = !value.empty() && value.size() <= kMaxPartitionKey && PlainText(value);
      if (!key) return false;
      out.partition_key = value;
    } else if (name == "ExplicitHashKey" && !hash) {
      hash = MatchesPattern(kHashKeyPattern, value);  // digits only
      if (!hash) return false;
      out.explicit_hash_key = value;
    } else {
      return false;
    }
  } while (in.Eat(','));
  return in.Eat('}') && data && key;
}

bool Records(Reader& in, std::vector<RecordEntryView>& out) {
  if (!in.Eat('[')) return false;
  do {
    if (out.size() == kMaxEntries) return false;
    out.emplace_back();
    if (!Entry(in, out.back())) return false;
  } while (in.Eat(','));
  return in.Eat(']');
}

}  // namespace

std::optional<PlainPutRecords> ParsePlainPutRecords(std::string_view body) {
  Reader in(body);
  PlainPutRecords out;
  bool name = false, records = false;
  if (!in.Eat('{')) return std::nullopt;
  do {
    std::string_view member;
    if (!in.String(member) || !in.Eat(':')) return std::nullopt;
    if (member == "StreamName" && !name) {
      name = in.String(out.stream_name) && out.stream_name.size() <= kMaxStreamName &&
             MatchesPattern(kNamePattern, out.stream_name);
      if (!name) return std::nullopt;
    } else if (member == "Records" && !records) {
      out.records.reserve(kMaxEntries);
      records = Records(in, out.records);
      if (!records) return std::nullopt;
    } else {
      return std::nullopt;
    }
  } while (in.Eat(','));
  if (!in.Eat('}') || !in.AtEnd() || !name || !records) return std::nullopt;
  return out;
}

}  // namespace kinesisctl::server
