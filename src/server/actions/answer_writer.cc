#include "server/actions/answer_writer.h"

#include <cbor.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/json_text.h"
#include "server/actions/data_codec.h"
#include "server/actions/json_text.h"

namespace kinesisctl::server {
namespace {

bool Plain(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

void AnswerWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  if (!cbor_ && levels_.back().count > 0) out_ += ',';
  ++levels_.back().count;
}

void AnswerWriter::Open(char json, int major) {
  BeforeValue();
  levels_.push_back({out_.size(), 0});
  if (!cbor_) {
    out_ += json;
    return;
  }
  out_ += static_cast<char>((major << 5) | 26);  // a 32-bit length argument, see Close()
  out_.append(4, '\0');
}

void AnswerWriter::Close(char json) {
  const Level level = levels_.back();
  levels_.pop_back();
  if (!cbor_) {
    out_ += json;
    return;
  }
  for (int i = 0; i < 4; ++i) {
    out_[level.head + 1 + i] = static_cast<char>((level.count >> (24 - 8 * i)) & 0xff);
  }
}

void AnswerWriter::BeginMap() { Open('{', 5); }
void AnswerWriter::EndMap() { Close('}'); }
void AnswerWriter::BeginArray() { Open('[', 4); }
void AnswerWriter::EndArray() { Close(']'); }

void AnswerWriter::Key(std::string_view name) {
  Level& level = levels_.back();
  if (cbor_) {
    Text(name);
  } else {
    if (level.count > 0) out_ += ',';
    out_ += '"';
    out_.append(name);
    out_ += "\":";
  }
  ++level.count;
  after_key_ = true;
}

void AnswerWriter::Text(std::string_view text) {
  Head(cbor_encode_string_start(text.size(), buf_, sizeof buf_));
  out_.append(text);
}

void AnswerWriter::String(std::string_view text) {
  BeforeValue();
  if (!cbor_) {
    AppendJsonString(out_, text);
  } else if (Plain(text)) {
    Text(text);
  } else {
    // Rare (escapes, non-ASCII): the text the JSON answer reads back as, replacements included.
    std::string json;
    AppendJsonString(json, text);
    Text(nlohmann::json::parse(json).get_ref<const std::string&>());
  }
}

void AnswerWriter::Uint(uint64_t n) {
  BeforeValue();
  if (cbor_) {
    Head(cbor_encode_uint(n, buf_, sizeof buf_));
  } else {
    out_.append(std::to_string(n));
  }
}

void AnswerWriter::Null() {
  BeforeValue();
  if (cbor_) {
    Head(cbor_encode_null(buf_, sizeof buf_));
  } else {
    out_.append("null");
  }
}

void AnswerWriter::Timestamp(int64_t ms) {
  BeforeValue();
  if (!cbor_) {
    AppendTimestamp(out_, ms);
    return;
  }
  // The seconds AppendTimestamp writes, read back and scaled as the transcoder does.
  const double seconds =
      ms % 1000 == 0 ? static_cast<double>(ms / 1000) : static_cast<double>(ms) / 1000.0;
  const double scaled = seconds * 1000.0;
  Head(cbor_encode_tag(1, buf_, sizeof buf_));
  if (std::fabs(scaled) < 9.0e18) {
    const long long rounded = std::llround(scaled);
    Head(rounded >= 0 ? cbor_encode_uint(static_cast<uint64_t>(rounded), buf_, sizeof buf_)
                      : cbor_encode_negint(static_cast<uint64_t>(-1 - rounded), buf_, sizeof buf_));
  } else {
    Head(cbor_encode_double(scaled, buf_, sizeof buf_));
  }
}

void AnswerWriter::Blob(std::string_view bytes) {
  BeforeValue();
  if (cbor_) {
    Head(cbor_encode_bytestring_start(bytes.size(), buf_, sizeof buf_));
    out_.append(bytes);
  } else {
    out_ += '"';
    out_.append(Base64Encode(bytes));
    out_ += '"';
  }
}

}  // namespace kinesisctl::server
