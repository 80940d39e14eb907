// The fault-injection admin endpoint of `kinesisctl serve`, on the server's own port but outside
// the Kinesis API: /_kinesisctl/faults. GET lists the rules, POST adds the rules of its body
// (the rules-file format), PUT replaces them all, DELETE removes them all. Only loopback peers
// (127.0.0.0/8, ::1) are served; anyone else gets 403. Thread-safe (the injector is).
#ifndef KINESISCTL_SERVER_FAULTS_FAULT_ADMIN_H_
#define KINESISCTL_SERVER_FAULTS_FAULT_ADMIN_H_

#include "server/faults/fault_rules.h"
#include "server/http/http_types.h"

namespace kinesisctl::server {

inline constexpr char kAdminPrefix[] = "/_kinesisctl/";

bool IsLoopbackPeer(const std::string& address);
HttpResponse HandleFaultAdmin(FaultInjector& faults, const HttpRequest& request);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_FAULTS_FAULT_ADMIN_H_
