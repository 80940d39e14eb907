#include "server/cbor/cbor_answer.h"

#include <cbor.h>
#include <openssl/evp.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "server/cbor/cbor_codec.h"

namespace kinesisctl::server {
namespace {

constexpr int kMaxDepth = 64;

class Transcoder {
 public:
  Transcoder(std::string_view in, std::string& out) : in_(in), out_(out) {}

  bool Run() {
    SkipSpace();
    if (!Value({}, 0)) return false;
    SkipSpace();
    return pos_ == in_.size();
  }

 private:
  void SkipSpace() {
    while (pos_ < in_.size() &&
           (in_[pos_] == ' ' || in_[pos_] == '\n' || in_[pos_] == '\r' || in_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool Eat(char c) {
    SkipSpace();
    if (pos_ < in_.size() && in_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Literal(std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  void Head(size_t n) { out_.append(reinterpret_cast<const char*>(buf_), n); }

  // A container head with a 32-bit length argument, patched by Close().
  size_t Open(int major) {
    const size_t at = out_.size();
    out_ += static_cast<char>((major << 5) | 26);
    out_.append(4, '\0');
    return at;
  }
  void Close(size_t at, uint32_t count) {
    for (int i = 0; i < 4; ++i)
      out_[at + 1 + i] = static_cast<char>((count >> (24 - 8 * i)) & 0xff);
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool Hex4(uint32_t& v) {
    if (pos_ + 4 > in_.size()) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = Hex(in_[pos_ + i]);
      if (h < 0) return false;
      v = (v << 4) | static_cast<uint32_t>(h);
    }
    pos_ += 4;
    return true;
  }
  static void Utf8(std::string& s, uint32_t cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xc0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xe0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      s += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      s += static_cast<char>(0xf0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      s += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  // The string at pos_ (after its opening quote): a view of the input when it has no escapes,
  // else decoded into `scratch`.
  bool String(std::string& scratch, std::string_view& view) {
    const size_t start = pos_;
    const char* first = in_.data() + start;
    const auto* quote = static_cast<const char*>(std::memchr(first, '"', in_.size() - start));
    if (quote == nullptr) return false;
    const auto* escape = static_cast<const char*>(std::memchr(first, '\\', quote - first));
    if (escape == nullptr) {
      view = in_.substr(start, quote - first);
      pos_ = start + (quote - first) + 1;
      return true;
    }
    pos_ = start + (escape - first);
    scratch.assign(in_.substr(start, pos_ - start));
    while (pos_ < in_.size()) {
      const char c = in_[pos_++];
      if (c == '"') {
        view = scratch;
        return true;
      }
      if (c != '\\') {
        scratch += c;
        continue;
      }
      if (pos_ >= in_.size()) return false;
      const char e = in_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          scratch += e;
          break;
        case 'b':
          scratch += '\b';
          break;
        case 'f':
          scratch += '\f';
          break;
        case 'n':
          scratch += '\n';
          break;
        case 'r':
          scratch += '\r';
          break;
        case 't':
          scratch += '\t';
          break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(cp)) return false;
          if (cp >= 0xd800 && cp < 0xdc00 && in_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            uint32_t low;
            if (!Hex4(low)) return false;
            cp = low >= 0xdc00 && low < 0xe000 ? 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00)
                                               : 0xfffd;
          } else if (cp >= 0xd800 && cp < 0xe000) {
            cp = 0xfffd;
          }
          Utf8(scratch, cp);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  void Text(std::string_view s) {
    Head(cbor_encode_string_start(s.size(), buf_, sizeof buf_));
    out_.append(s);
  }
  void Int(int64_t i) {
    Head(i >= 0 ? cbor_encode_uint(static_cast<uint64_t>(i), buf_, sizeof buf_)
                : cbor_encode_negint(static_cast<uint64_t>(-1 - i), buf_, sizeof buf_));
  }

  // Base64 text decoded straight into a byte string, as Base64Decode() decodes it; false (and
  // nothing written) when it is not base64.
  bool Bytes(std::string_view b64) {
    if (b64.size() % 4 != 0 || b64.size() > INT32_MAX) return false;
    const size_t pad = b64.empty() ? 0 : (b64.back() == '=') + (b64[b64.size() - 2] == '=');
    const size_t at = out_.size();
    out_.resize(at + 9 + b64.size() / 4 * 3);  // room for the longest head, then the bytes
    auto* bytes = reinterpret_cast<unsigned char*>(out_.data() + at + 9);
    const int n = b64.empty()
                      ? 0
                      : EVP_DecodeBlock(bytes, reinterpret_cast<const unsigned char*>(b64.data()),
                                        static_cast<int>(b64.size()));
    if (n < 0 || static_cast<size_t>(n) < pad) {
      out_.resize(at);
      return false;
    }
    const size_t size = static_cast<size_t>(n) - pad;
    const size_t head = cbor_encode_bytestring_start(size, buf_, sizeof buf_);
    std::memcpy(out_.data() + at, buf_, head);
    std::memmove(out_.data() + at + head, bytes, size);
    out_.resize(at + head + size);
    return true;
  }

  bool Number(std::string_view key) {
    const size_t start = pos_;
    bool fraction = false;
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (c == '.' || c == 'e' || c == 'E') {
        fraction = true;
      } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
        break;
      }
      ++pos_;
    }
    if (pos_ == start) return false;
    const char* first = in_.data() + start;
    const char* last = in_.data() + pos_;
    double d = 0;
    if (!fraction || IsCborTimestampMember(key)) {
      if (!fraction && *first != '-') {
        uint64_t u;
        const auto r = std::from_chars(first, last, u);
        if (r.ec == std::errc() && r.ptr == last && !IsCborTimestampMember(key)) {
          Head(cbor_encode_uint(u, buf_, sizeof buf_));
          return true;
        }
      } else if (!fraction) {
        int64_t i;
        const auto r = std::from_chars(first, last, i);
        if (r.ec == std::errc() && r.ptr == last && !IsCborTimestampMember(key)) {
          Int(i);
          return true;
        }
      }
    }
    const auto r = std::from_chars(first, last, d);
    if (r.ec != std::errc() || r.ptr != last) return false;
    if (IsCborTimestampMember(key)) {
      Head(cbor_encode_tag(1, buf_, sizeof buf_));
      const double ms = d * 1000.0;
      if (std::fabs(ms) < 9.0e18) {
        Int(std::llround(ms));
      } else {
        Head(cbor_encode_double(ms, buf_, sizeof buf_));
      }
      return true;
    }
    Head(cbor_encode_double(d, buf_, sizeof buf_));
    return true;
  }

  bool Value(std::string_view key, int depth) {
    SkipSpace();
    if (pos_ >= in_.size() || depth > kMaxDepth) return false;
    const char c = in_[pos_];
    if (c == '{') {
      ++pos_;
      const size_t head = Open(5);
      uint32_t count = 0;
      if (Eat('}')) {
        Close(head, 0);
        return true;
      }
      std::string scratch;
      do {
        std::string_view name;
        if (!Eat('"') || !String(scratch, name)) return false;
        // `scratch` (an escaped name) stays intact while the value, with its own, is read.
        Text(name);
        if (!Eat(':') || !Value(name, depth + 1)) return false;
        ++count;
      } while (Eat(','));
      if (!Eat('}')) return false;
      Close(head, count);
      return true;
    }
    if (c == '[') {
      ++pos_;
      const size_t head = Open(4);
      uint32_t count = 0;
      if (Eat(']')) {
        Close(head, 0);
        return true;
      }
      do {
        if (!Value({}, depth + 1)) return false;
        ++count;
      } while (Eat(','));
      if (!Eat(']')) return false;
      Close(head, count);
      return true;
    }
    if (c == '"') {
      ++pos_;
      std::string scratch;
      std::string_view s;
      if (!String(scratch, s)) return false;
      if (!IsCborBlobMember(key) || !Bytes(s)) Text(s);
      return true;
    }
    if (c == 't' && Literal("true")) {
      Head(cbor_encode_bool(true, buf_, sizeof buf_));
      return true;
    }
    if (c == 'f' && Literal("false")) {
      Head(cbor_encode_bool(false, buf_, sizeof buf_));
      return true;
    }
    if (c == 'n' && Literal("null")) {
      Head(cbor_encode_null(buf_, sizeof buf_));
      return true;
    }
    return Number(key);
  }

  std::string_view in_;
  std::string& out_;
  size_t pos_ = 0;
  unsigned char buf_[16];
};

}  // namespace

StatusOr<std::string> JsonTextToCbor(std::string_view json_text) {
  std::string out;
  if (json_text.empty()) {
    out += static_cast<char>(0xa0);  // {}
    return out;
  }
  out.reserve(json_text.size());
  if (!Transcoder(json_text, out).Run()) {
    return Status("InternalFailure", "The answer is not valid JSON.", 500);
  }
  return out;
}

}  // namespace kinesisctl::server
