#include "functions/put_wire.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "core/base64.h"
#include "core/json_text.h"

namespace kinesisctl::admin {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Reads a string literal without escapes starting at the quote at `pos`; false when it has an
// escape, a control character or invalid UTF-8, or is not closed.
bool ScanString(std::string_view s, size_t& pos, std::string_view& out) {
  const size_t start = ++pos;
  bool high = false;
  for (; pos < s.size(); ++pos) {
    const auto c = static_cast<unsigned char>(s[pos]);
    if (c == '"') {
      out = s.substr(start, pos - start);
      ++pos;
      return !high || IsValidUtf8(out);
    }
    if (c == '\\' || c < 0x20) return false;
    if (c >= 0x80) high = true;
  }
  return false;
}

void SkipSpace(std::string_view s, size_t& pos) {
  while (pos < s.size() && IsJsonSpace(s[pos])) ++pos;
}

// Keeps only the records' outcomes of a PutRecords answer.
class AnswerSax final : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit AnswerSax(bool with_ids) : with_ids_(with_ids) {}

  bool null() override { return Scalar(nullptr); }
  bool boolean(bool) override { return Scalar(nullptr, true); }
  bool number_integer(number_integer_t) override { return Scalar(nullptr, true); }
  bool number_unsigned(number_unsigned_t) override { return Scalar(nullptr, true); }
  bool number_float(number_float_t, const string_t&) override { return Scalar(nullptr, true); }
  bool string(string_t& val) override { return Scalar(&val, true); }
  bool binary(binary_t&) override { return Scalar(nullptr, true); }

  bool start_object(std::size_t) override {
    if (depth_ == 0) top_object_ = true;
    if (depth_ == 1 && key_ == "Records") return false;  // must be an array
    if (depth_ == 2 && in_records_) {
      outcomes_.emplace_back();
      in_entry_ = true;
    }
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    if (depth_ == 2 && in_records_) in_entry_ = false;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 0) return false;  // the answer must be an object
    if (depth_ == 1 && key_ == "Records") {
      if (saw_records_) return false;
      in_records_ = saw_records_ = true;
    } else if (depth_ == 2 && in_records_) {
      return false;  // each record's outcome must be an object
    }
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    if (depth_ == 1 && in_records_) in_records_ = false;
    return true;
  }
  bool key(string_t& val) override {
    if (depth_ == 1) key_ = val;
    if (depth_ == 3 && in_entry_) field_ = val;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  std::optional<std::vector<PutOutcome>> Result() {
    if (!top_object_ || !saw_records_) return std::nullopt;
    return std::move(outcomes_);
  }

 private:
  // A scalar value; `text` is set for strings. `not_null` tells null from other scalars.
  bool Scalar(string_t* text, bool not_null = false) {
    if (depth_ == 0) return false;
    if (depth_ == 1 && key_ == "Records") return false;
    if (depth_ == 2 && in_records_) return false;
    if (depth_ != 3 || !in_entry_) return true;
    PutOutcome& o = outcomes_.back();
    if (field_ == "ErrorCode") {
      if (not_null) o.failed = true;
      if (text != nullptr) o.error_code = std::move(*text);
    } else if (field_ == "ErrorMessage") {
      if (text != nullptr) o.error_message = std::move(*text);
    } else if (with_ids_ && field_ == "ShardId") {
      if (text != nullptr) o.shard_id = std::move(*text);
    } else if (with_ids_ && field_ == "SequenceNumber") {
      if (text != nullptr) o.sequence_number = std::move(*text);
    }
    return true;
  }

  bool with_ids_;
  int depth_ = 0;
  bool top_object_ = false;
  bool saw_records_ = false;
  bool in_records_ = false;
  bool in_entry_ = false;
  std::string key_;
  std::string field_;
  std::vector<PutOutcome> outcomes_;
};

}  // namespace

size_t PutLaneFor(const PutEntry& entry, size_t lanes) {
  if (lanes <= 1) return 0;
  const std::string& key = entry.explicit_hash_key ? *entry.explicit_hash_key : entry.partition_key;
  uint64_t h = 1469598103934665603ULL;  // FNV-1a: the same lane on every run and platform
  for (const char c : key) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return static_cast<size_t>(h % lanes);
}

std::optional<JsonLineFields> ScanSimpleJsonLine(std::string_view line) {
  JsonLineFields f;
  size_t pos = 0;
  SkipSpace(line, pos);
  if (pos >= line.size() || line[pos] != '{') return std::nullopt;
  ++pos;
  SkipSpace(line, pos);
  if (pos < line.size() && line[pos] == '}') {
    ++pos;
  } else {
    while (true) {
      std::string_view key;
      std::string_view value;
      if (pos >= line.size() || line[pos] != '"' || !ScanString(line, pos, key)) {
        return std::nullopt;
      }
      SkipSpace(line, pos);
      if (pos >= line.size() || line[pos] != ':') return std::nullopt;
      ++pos;
      SkipSpace(line, pos);
      if (pos >= line.size() || line[pos] != '"' || !ScanString(line, pos, value)) {
        return std::nullopt;
      }
      std::optional<std::string_view>* slot = nullptr;
      if (key == "data") {
        slot = &f.data;
      } else if (key == "data_base64") {
        slot = &f.data_base64;
      } else if (key == "partition_key") {
        slot = &f.partition_key;
      } else if (key == "explicit_hash_key") {
        slot = &f.explicit_hash_key;
      }
      if (slot != nullptr) {
        if (slot->has_value()) return std::nullopt;  // repeated: let the full parser decide
        *slot = value;
      }
      SkipSpace(line, pos);
      if (pos >= line.size()) return std::nullopt;
      if (line[pos] == '}') {
        ++pos;
        break;
      }
      if (line[pos] != ',') return std::nullopt;
      ++pos;
      SkipSpace(line, pos);
    }
  }
  SkipSpace(line, pos);
  if (pos != line.size()) return std::nullopt;
  return f;
}

std::string PutRecordsBody(std::string_view stream_name, const std::vector<PutEntry>& entries) {
  size_t size = 64 + stream_name.size();
  for (const PutEntry& e : entries) {
    size += 48 + (e.data.size() + 2) / 3 * 4 + e.partition_key.size() +
            (e.explicit_hash_key ? 24 + e.explicit_hash_key->size() : 0);
  }
  std::string out;
  out.reserve(size);
  out.append("{\"Records\":[");
  for (size_t i = 0; i < entries.size(); ++i) {
    const PutEntry& e = entries[i];
    if (i > 0) out.push_back(',');
    out.append("{\"Data\":\"");
    out.append(Base64Encode(e.data));
    out.append("\",\"PartitionKey\":");
    AppendJsonString(out, e.partition_key);
    if (e.explicit_hash_key) {
      out.append(",\"ExplicitHashKey\":");
      AppendJsonString(out, *e.explicit_hash_key);
    }
    out.push_back('}');
  }
  out.append("],\"StreamName\":");
  AppendJsonString(out, stream_name);
  out.push_back('}');
  return out;
}

std::optional<std::vector<PutOutcome>> ParsePutRecordsAnswer(std::string_view text, bool with_ids) {
  AnswerSax sax(with_ids);
  if (!nlohmann::json::sax_parse(text.begin(), text.end(), &sax)) return std::nullopt;
  return sax.Result();
}

}  // namespace kinesisctl::admin
