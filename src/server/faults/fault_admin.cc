#include "server/faults/fault_admin.h"

namespace kinesisctl::server {
namespace {

HttpResponse JsonAnswer(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = body.dump() + "\n";
  return r;
}

HttpResponse Problem(int status, const std::string& message) {
  return JsonAnswer(status, {{"error", message}});
}

}  // namespace

bool IsLoopbackPeer(const std::string& address) {
  return address == "::1" || address.rfind("127.", 0) == 0 || address.rfind("::ffff:127.", 0) == 0;
}

HttpResponse HandleFaultAdmin(FaultInjector& faults, const HttpRequest& request) {
  if (!IsLoopbackPeer(request.peer)) {
    return Problem(403, "the admin endpoint answers loopback clients only");
  }
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (path != std::string(kAdminPrefix) + "faults") {
    return Problem(404, "unknown admin path " + path + "; try /_kinesisctl/faults");
  }
  if (request.method == "GET") return JsonAnswer(200, FaultRulesJson(faults.Rules()));
  if (request.method == "DELETE") {
    faults.Clear();
    return JsonAnswer(200, FaultRulesJson({}));
  }
  if (request.method == "POST" || request.method == "PUT") {
    auto rules = ParseFaultRules(request.body);
    if (!rules.ok()) return Problem(400, rules.status().message());
    if (request.method == "PUT") faults.Clear();
    faults.Add(std::move(*rules));
    return JsonAnswer(200, FaultRulesJson(faults.Rules()));
  }
  return Problem(405, "use GET, POST, PUT or DELETE on /_kinesisctl/faults");
}

}  // namespace kinesisctl::server
