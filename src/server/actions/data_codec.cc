#include "server/actions/data_codec.h"

#include <openssl/evp.h>
#include <openssl/md5.h>

#include <memory>
#include <nlohmann/json.hpp>

namespace kinesisctl::server {

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(n);
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  if (text.empty()) return std::string();
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t pad = 0;
  if (text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

HashKey PartitionKeyHash(std::string_view partition_key) {
  unsigned char digest[16];
  unsigned int len = 0;
  // Fetched once: an implicit fetch on every call takes OpenSSL's provider locks. One context
  // per thread, reused: every PutRecords entry is hashed.
  static EVP_MD* const md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                                 &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), md5, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), partition_key.data(), partition_key.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1) {
    EVP_Digest(partition_key.data(), partition_key.size(), digest, &len, md5, nullptr);
  }
  uint128 value = 0;
  for (unsigned char b : digest) value = (value << 8) | b;
  return HashKey(value);
}

std::string EncodeIterator(const ShardIterator& it) {
  const nlohmann::json j = {{"r", it.region},       {"s", it.stream},   {"c", it.stream_created_ms},
                            {"h", it.shard},        {"p", it.sequence}, {"i", it.inclusive},
                            {"t", it.timestamp_ms}, {"a", it.issued_ms}};
  return Base64Encode(j.dump());
}

std::optional<ShardIterator> DecodeIterator(std::string_view text) {
  auto raw = Base64Decode(text);
  if (!raw) return std::nullopt;
  const auto j = nlohmann::json::parse(*raw, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  try {
    ShardIterator it;
    it.region = j.at("r");
    it.stream = j.at("s");
    // Iterators come back from clients: every number must be a whole number in range (a float
    // or an out-of-range value would convert with undefined behaviour, a negative shard would
    // index outside the stream).
    const auto whole = [&](const char* key, int64_t lo, int64_t hi) -> std::optional<int64_t> {
      const nlohmann::json& v = j.at(key);
      if (!v.is_number_integer()) return std::nullopt;
      if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        return std::nullopt;
      }
      const int64_t n = v.get<int64_t>();
      if (n < lo || n > hi) return std::nullopt;
      return n;
    };
    constexpr int64_t kMaxMs = int64_t{1} << 53;
    const auto created = whole("c", -kMaxMs, kMaxMs), shard = whole("h", 0, INT32_MAX),
               at = whole("t", INT64_MIN, INT64_MAX), issued = whole("a", 0, kMaxMs);
    if (!created || !shard || !at || !issued) return std::nullopt;
    it.stream_created_ms = *created;
    it.shard = static_cast<int>(*shard);
    it.sequence = j.at("p");
    it.inclusive = j.at("i");
    it.timestamp_ms = *at;
    it.issued_ms = *issued;
    return it;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace kinesisctl::server
