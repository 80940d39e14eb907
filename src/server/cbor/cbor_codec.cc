#include "server/cbor/cbor_codec.h"

#include <cbor.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "server/actions/data_codec.h"

namespace kinesisctl::server {
namespace {

using nlohmann::json;

Status Serialization(std::string message) {
  return Status("SerializationException", std::move(message), 400);
}

bool ValidUtf8(const unsigned char* s, size_t n) {
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

// Epoch milliseconds (the Java SDK's tag 1 payload) as the epoch seconds JSON clients send. The
// actions read seconds back with static_cast<int64_t>(seconds * 1000.0), so a fraction is nudged
// up to the nearest double that reads back as exactly `ms`.
json MillisToSeconds(double ms) {
  if (ms == std::floor(ms) && std::fabs(ms) < 9.0e15) {
    const auto whole = static_cast<int64_t>(ms);
    if (whole % 1000 == 0) return whole / 1000;
    double s = static_cast<double>(whole) / 1000.0;
    for (int i = 0; i < 4 && static_cast<int64_t>(s * 1000.0) < whole; ++i) {
      s = std::nextafter(s, INFINITY);
    }
    return s;
  }
  return ms / 1000.0;
}

// Builds the document from libcbor's streaming decoder callbacks. Nothing is allocated from a
// declared length: maps and arrays grow one decoded item at a time, and libcbor invokes the
// string callbacks only once the whole declared string is in the input.
class Builder {
 public:
  static const cbor_callbacks kCallbacks;

  StatusOr<json> Run(std::string_view bytes) {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    size_t pos = 0;
    while (pos < bytes.size() && error_.empty()) {
      if (Done()) {
        Fail("trailing bytes after the request's map");
        break;
      }
      offset_ = pos;
      const cbor_decoder_result r =
          cbor_stream_decode(data + pos, bytes.size() - pos, &kCallbacks, this);
      if (r.status == CBOR_DECODER_NEDATA) {
        Fail("truncated input: an item declares more bytes than remain");
        break;
      }
      if (r.status != CBOR_DECODER_FINISHED || r.read == 0) {
        Fail("malformed item (reserved or unassigned initial byte)");
        break;
      }
      pos += r.read;
    }
    if (error_.empty() && !Done()) {
      offset_ = bytes.size();
      Fail("truncated input: the request ends inside an item");
    }
    if (!error_.empty()) {
      return Serialization("The request body is not valid CBOR: " + error_ + " (at byte " +
                           std::to_string(offset_) + ").");
    }
    return std::move(root_);
  }

 private:
  struct Frame {
    json* node;
    bool is_map;
    bool indefinite;
    uint64_t remaining;  // items (array) or pairs (map) still to come when definite
    bool have_key = false;
    std::string key;
  };
  enum class Chunks { kNone, kBytes, kText };

  bool Done() const { return have_root_ && stack_.empty() && chunks_ == Chunks::kNone && !tag1_; }

  void Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

  // False (and an error) when an indefinite-length string is being assembled: only its chunks
  // and its break may come.
  bool NotInChunks() {
    if (chunks_ == Chunks::kNone) return true;
    Fail("an indefinite-length string may only hold definite strings of its own type");
    return false;
  }

  // Byte strings are blobs, never map keys.
  void AttachBytes(std::string_view bytes) {
    if (!stack_.empty() && stack_.back().is_map && !stack_.back().have_key) {
      Fail("map keys must be text strings");
      return;
    }
    Attach(Base64Encode(bytes));
  }

  // One decoded item; `size` is the declared length of a definite container.
  void Attach(json value, bool container = false, bool is_map = false, bool indefinite = false,
              uint64_t size = 0) {
    if (!error_.empty()) return;
    if (++items_ > kCborMaxItems) {
      Fail("more than " + std::to_string(kCborMaxItems) + " items");
      return;
    }
    if (tag1_) {
      tag1_ = false;
      if (container || !value.is_number()) {
        Fail("tag 1 (timestamp) must hold a number of epoch milliseconds");
        return;
      }
      value = MillisToSeconds(value.get<double>());
    }
    json* slot;
    if (stack_.empty()) {
      if (have_root_) {
        Fail("more than one top-level item");
        return;
      }
      if (!container || !is_map) {
        Fail("the request must be a map");
        return;
      }
      root_ = std::move(value);
      have_root_ = true;
      slot = &root_;
    } else {
      Frame& f = stack_.back();
      if (f.is_map && !f.have_key) {
        if (container || !value.is_string()) {
          Fail("map keys must be text strings");
          return;
        }
        f.key = value.get<std::string>();
        f.have_key = true;
        return;
      }
      if (f.is_map) {
        slot = &(*f.node)[f.key];
        *slot = std::move(value);
        f.have_key = false;
      } else {
        f.node->push_back(std::move(value));
        slot = &f.node->back();
      }
    }
    if (container) {
      if (static_cast<int>(stack_.size()) >= kCborMaxDepth) {
        Fail("maps and arrays nest deeper than " + std::to_string(kCborMaxDepth));
        return;
      }
      if (indefinite || size > 0) {
        stack_.push_back(Frame{slot, is_map, indefinite, size});
        return;
      }
    }
    ItemDone();
  }

  // An item finished in the innermost container: close every definite container it completes.
  void ItemDone() {
    while (!stack_.empty()) {
      Frame& f = stack_.back();
      if (f.indefinite || --f.remaining > 0) return;
      stack_.pop_back();
    }
  }

  void Number(json value) {
    if (NotInChunks()) Attach(std::move(value));
  }
  void Negative(uint64_t n) {
    if (n <= static_cast<uint64_t>(INT64_MAX)) {
      Number(json(-1 - static_cast<int64_t>(n)));
    } else {
      Number(json(-1.0 - static_cast<double>(n)));
    }
  }
  void Float(double d) {
    if (!std::isfinite(d)) {
      Fail("numbers must be finite");
      return;
    }
    Number(json(d));
  }
  void Bytes(const unsigned char* data, size_t n) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), n);
    if (chunks_ == Chunks::kBytes) {
      pending_.append(bytes);
    } else if (NotInChunks()) {
      AttachBytes(bytes);
    }
  }
  void Text(const unsigned char* data, size_t n) {
    if (!ValidUtf8(data, n)) {
      Fail("text strings must be UTF-8");
      return;
    }
    const std::string_view text(reinterpret_cast<const char*>(data), n);
    if (chunks_ == Chunks::kText) {
      pending_.append(text);
    } else if (NotInChunks()) {
      Attach(std::string(text));
    }
  }
  void StartChunks(Chunks kind) {
    if (!NotInChunks()) return;
    chunks_ = kind;
    pending_.clear();
  }
  void Break() {
    if (chunks_ != Chunks::kNone) {
      const Chunks kind = chunks_;
      chunks_ = Chunks::kNone;
      std::string value = std::move(pending_);
      pending_.clear();
      if (kind == Chunks::kBytes) {
        AttachBytes(value);
      } else {
        Attach(std::move(value));
      }
      return;
    }
    if (tag1_ || stack_.empty() || !stack_.back().indefinite) {
      Fail("a break outside an indefinite-length item");
      return;
    }
    if (stack_.back().is_map && stack_.back().have_key) {
      Fail("a map key without a value");
      return;
    }
    stack_.pop_back();
    ItemDone();
  }
  void Tag(uint64_t tag) {
    if (!NotInChunks()) return;
    if (tag1_) {
      Fail("tag 1 (timestamp) must hold a number of epoch milliseconds");
      return;
    }
    if (tag == 1) tag1_ = true;  // other tags are transparent
  }

  static Builder& Self(void* ctx) { return *static_cast<Builder*>(ctx); }
  static void U8(void* c, uint8_t v) { Self(c).Number(json(static_cast<uint64_t>(v))); }
  static void U16(void* c, uint16_t v) { Self(c).Number(json(static_cast<uint64_t>(v))); }
  static void U32(void* c, uint32_t v) { Self(c).Number(json(static_cast<uint64_t>(v))); }
  static void U64(void* c, uint64_t v) { Self(c).Number(json(v)); }
  static void N8(void* c, uint8_t v) { Self(c).Negative(v); }
  static void N16(void* c, uint16_t v) { Self(c).Negative(v); }
  static void N32(void* c, uint32_t v) { Self(c).Negative(v); }
  static void N64(void* c, uint64_t v) { Self(c).Negative(v); }
  static void ByteStart(void* c) { Self(c).StartChunks(Chunks::kBytes); }
  static void ByteString(void* c, cbor_data d, size_t n) { Self(c).Bytes(d, n); }
  static void TextStart(void* c) { Self(c).StartChunks(Chunks::kText); }
  static void TextString(void* c, cbor_data d, size_t n) { Self(c).Text(d, n); }
  static void ArrayStart(void* c, size_t n) {
    if (Self(c).NotInChunks()) Self(c).Attach(json::array(), true, false, false, n);
  }
  static void IndefArrayStart(void* c) {
    if (Self(c).NotInChunks()) Self(c).Attach(json::array(), true, false, true);
  }
  static void MapStart(void* c, size_t n) {
    if (Self(c).NotInChunks()) Self(c).Attach(json::object(), true, true, false, n);
  }
  static void IndefMapStart(void* c) {
    if (Self(c).NotInChunks()) Self(c).Attach(json::object(), true, true, true);
  }
  static void TagCb(void* c, uint64_t v) { Self(c).Tag(v); }
  static void F4(void* c, float v) { Self(c).Float(v); }
  static void F8(void* c, double v) { Self(c).Float(v); }
  static void Null(void* c) { Self(c).Number(json(nullptr)); }
  static void Bool(void* c, bool v) { Self(c).Number(json(v)); }
  static void BreakCb(void* c) { Self(c).Break(); }

  json root_;
  bool have_root_ = false;
  std::vector<Frame> stack_;
  bool tag1_ = false;
  Chunks chunks_ = Chunks::kNone;
  std::string pending_;
  std::string error_;
  size_t offset_ = 0;
  int items_ = 0;
};

const cbor_callbacks Builder::kCallbacks = {
    .uint8 = U8,
    .uint16 = U16,
    .uint32 = U32,
    .uint64 = U64,
    .negint64 = N64,
    .negint32 = N32,
    .negint16 = N16,
    .negint8 = N8,
    .byte_string_start = ByteStart,
    .byte_string = ByteString,
    .string = TextString,
    .string_start = TextStart,
    .indef_array_start = IndefArrayStart,
    .array_start = ArrayStart,
    .indef_map_start = IndefMapStart,
    .map_start = MapStart,
    .tag = TagCb,
    .float2 = F4,
    .float4 = F4,
    .float8 = F8,
    .undefined = Null,
    .null = Null,
    .boolean = Bool,
    .indef_break = BreakCb,
};

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void Value(const json& v, std::string_view key = {}) {
    switch (v.type()) {
      case json::value_t::object:
        Head(cbor_encode_map_start(v.size(), buf_, sizeof buf_));
        for (auto it = v.begin(); it != v.end(); ++it) {
          Text(it.key());
          Value(it.value(), it.key());
        }
        break;
      case json::value_t::array:
        Head(cbor_encode_array_start(v.size(), buf_, sizeof buf_));
        for (const json& m : v) Value(m);
        break;
      case json::value_t::string: {
        const auto& s = v.get_ref<const std::string&>();
        if (IsCborBlobMember(key)) {
          if (auto bytes = Base64Decode(s)) {
            Head(cbor_encode_bytestring_start(bytes->size(), buf_, sizeof buf_));
            out_ += *bytes;
            break;
          }
        }
        Text(s);
        break;
      }
      case json::value_t::number_unsigned:
      case json::value_t::number_integer:
      case json::value_t::number_float:
        if (IsCborTimestampMember(key)) {
          Head(cbor_encode_tag(1, buf_, sizeof buf_));
          const double ms = v.get<double>() * 1000.0;
          if (std::fabs(ms) < 9.0e18) {
            Int(std::llround(ms));
          } else {
            Head(cbor_encode_double(ms, buf_, sizeof buf_));
          }
        } else if (v.is_number_unsigned()) {
          Head(cbor_encode_uint(v.get<uint64_t>(), buf_, sizeof buf_));
        } else if (v.is_number_integer()) {
          Int(v.get<int64_t>());
        } else {
          Head(cbor_encode_double(v.get<double>(), buf_, sizeof buf_));
        }
        break;
      case json::value_t::boolean:
        Head(cbor_encode_bool(v.get<bool>(), buf_, sizeof buf_));
        break;
      default:  // null, discarded, binary (never in answers)
        Head(cbor_encode_null(buf_, sizeof buf_));
        break;
    }
  }

 private:
  void Head(size_t n) { out_.append(reinterpret_cast<const char*>(buf_), n); }
  void Text(const std::string& s) {
    Head(cbor_encode_string_start(s.size(), buf_, sizeof buf_));
    out_ += s;
  }
  void Int(int64_t i) {
    Head(i >= 0 ? cbor_encode_uint(static_cast<uint64_t>(i), buf_, sizeof buf_)
                : cbor_encode_negint(static_cast<uint64_t>(-1 - i), buf_, sizeof buf_));
  }

  std::string& out_;
  unsigned char buf_[16];
};

}  // namespace

bool IsCborBlobMember(std::string_view key) { return key == "Data"; }

bool IsCborTimestampMember(std::string_view key) {
  return key == "StreamCreationTimestamp" || key == "ApproximateArrivalTimestamp" ||
         key == "ConsumerCreationTimestamp";
}

StatusOr<json> CborToJson(std::string_view bytes) {
  if (bytes.empty()) return Serialization("The request body is empty.");
  return Builder().Run(bytes);
}

std::string JsonToCbor(const json& doc) {
  std::string out;
  Writer(out).Value(doc);
  return out;
}

}  // namespace kinesisctl::server
