#include "server/http/request_ids.h"

#include <cstdint>
#include <cstdio>
#include <random>

namespace kinesisctl::server {
namespace {

std::mt19937_64& Generator() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return rng;
}

}  // namespace

std::string RequestId() {
  const uint64_t a = Generator()(), b = Generator()();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

std::string ExtendedRequestId() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(96);
  for (int group = 0; group < 24; ++group) {  // 24 groups of 3 bytes = 72 bytes
    const uint64_t bits = Generator()() & 0xffffff;
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(bits >> shift) & 63];
  }
  return out;
}

}  // namespace kinesisctl::server
