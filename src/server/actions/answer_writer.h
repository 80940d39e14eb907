// Writes the data plane's large answers (PutRecords, GetRecords) directly in the format the
// client asked for: JSON text, or the CBOR of the Java SDK's wire format (blobs as byte strings,
// timestamps as tag 1 epoch milliseconds). The caller writes the structure once, members in the
// sorted order nlohmann::json writes them; the JSON is what json_text.h writes, and the CBOR is
// byte for byte what the front door's transcoder (server/cbor/cbor_answer.h) makes of that JSON:
// every map and array with a 32-bit length argument filled in when it closes, strings as that
// JSON decodes. The other actions answer documents and stay format-free. Not thread-safe (one
// writer per answer).
#ifndef KINESISCTL_SERVER_ACTIONS_ANSWER_WRITER_H_
#define KINESISCTL_SERVER_ACTIONS_ANSWER_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kinesisctl::server {

enum class AnswerFormat { kJson, kCbor };

class AnswerWriter {
 public:
  explicit AnswerWriter(AnswerFormat format) : cbor_(format == AnswerFormat::kCbor) {}

  // Maps and arrays; each value inside a map follows its Key().
  void BeginMap();
  void EndMap();
  void BeginArray();
  void EndArray();
  // A member name: ASCII without quotes, backslashes or control characters.
  void Key(std::string_view name);

  void String(std::string_view text);  // bytes that are not UTF-8 become U+FFFD
  void Uint(uint64_t n);
  void Null();
  void Timestamp(int64_t ms);         // epoch seconds in JSON, tag 1 epoch milliseconds in CBOR
  void Blob(std::string_view bytes);  // base64 text in JSON, a byte string in CBOR

  // The answer written so far (complete once every map and array is closed).
  std::string Take() { return std::move(out_); }

 private:
  struct Level {
    size_t head;  // where the CBOR head starts
    uint32_t count;
  };
  void BeforeValue();
  void Head(size_t n) { out_.append(reinterpret_cast<const char*>(buf_), n); }
  void Open(char json, int major);
  void Close(char json);
  void Text(std::string_view text);

  const bool cbor_;
  bool after_key_ = false;
  std::string out_;
  std::vector<Level> levels_;
  unsigned char buf_[16];
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_ACTIONS_ANSWER_WRITER_H_
