// RequestStreamName: the stream a Kinesis request names by StreamName or StreamARN, for the
// per-stream limits and fault rules. A pure function; thread-safe.
#ifndef KINESISCTL_SERVER_REQUEST_STREAM_H_
#define KINESISCTL_SERVER_REQUEST_STREAM_H_

#include <nlohmann/json.hpp>
#include <string>

namespace kinesisctl::server {

// StreamName, else the name part of StreamARN ("arn:aws:kinesis:R:A:stream/NAME"), else "".
inline std::string RequestStreamName(const nlohmann::json& body) {
  if (!body.is_object()) return "";
  if (auto n = body.find("StreamName"); n != body.end() && n->is_string()) {
    return n->get<std::string>();
  }
  if (auto a = body.find("StreamARN"); a != body.end() && a->is_string()) {
    const std::string& arn = a->get_ref<const std::string&>();
    const size_t at = arn.find(":stream/");
    return at == std::string::npos ? "" : arn.substr(at + 8);
  }
  return "";
}

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_REQUEST_STREAM_H_
