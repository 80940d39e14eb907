// How error messages quote request values: whole up to kMaxEchoBytes bytes, otherwise cut at a
// UTF-8 character boundary and followed by "...", so a 10 MiB bad value cannot make a 10 MiB
// answer. AWS's exact cut-off is unpublished; docs/server.md records the choice. Pure functions;
// thread-safe.
#ifndef KINESISCTL_SERVER_VALIDATION_ECHO_H_
#define KINESISCTL_SERVER_VALIDATION_ECHO_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kinesisctl::server {

inline constexpr size_t kMaxEchoBytes = 1024;

// `text` as an error message may quote it.
std::string Echo(std::string_view text);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_VALIDATION_ECHO_H_
