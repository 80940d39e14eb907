// Fault injection for `kinesisctl serve --faults FILE` and the admin endpoint: rules that make
// chosen operations (optionally of one stream) answer an error, wait, or lose their answer (the
// connection is closed after the request was applied). A rule fires with a probability and/or
// for its next N matching calls; the random draws come from one generator seeded with
// --fault-seed, so a run with the same calls in the same order injects the same faults.
//
// The rules file (and the admin endpoint's body) is JSON:
//   {"rules": [{"operation": "PutRecords", "stream": "orders", "error": "InternalFailure",
//               "probability": 0.05, "count": 3, "latency_ms": 200, "drop_connection": false,
//               "message": "optional text"}]}
// "operation" is required ("*" matches every operation); "error", "latency_ms" and
// "drop_connection" say what happens (at least one; "error" and "drop_connection" exclude each
// other). FaultInjector is thread-safe (one mutex); rule parsing is a pure function.
#ifndef KINESISCTL_SERVER_FAULTS_FAULT_RULES_H_
#define KINESISCTL_SERVER_FAULTS_FAULT_RULES_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "kinesisctl/status.h"

namespace kinesisctl::server {

struct FaultRule {
  std::string operation;  // "PutRecords", or "*"
  std::string stream;     // "" matches any (and requests that name no stream)
  std::string error;      // an error code, or "" for none
  std::string message;    // the error's message ("" for the default of that code)
  int http_status = 0;    // the error's HTTP status (0: the code's usual one)
  double probability = 1.0;
  int64_t count = -1;  // fires at most this many more times; -1 without limit
  int64_t latency_ms = 0;
  bool drop_connection = false;
};

// What to do with one request.
struct FaultDecision {
  int64_t latency_ms = 0;
  Status error;  // not OK: answer this instead of running the request
  bool drop_connection = false;
};

// Parses a rules document (an object with "rules", or a bare array of rules); the error names
// the rule and member at fault.
StatusOr<std::vector<FaultRule>> ParseFaultRules(const std::string& text);
nlohmann::json FaultRulesJson(const std::vector<FaultRule>& rules);

class FaultInjector {
 public:
  explicit FaultInjector(uint64_t seed) : rng_(seed) {}

  // Cheap check for the request path: false while no rule is set.
  bool active() const { return active_.load(std::memory_order_relaxed); }

  // The first matching rule that fires decides; each matching rule with a probability below 1
  // draws once. A rule whose count reaches zero is removed.
  FaultDecision Decide(const std::string& operation, const std::string& stream);

  void Add(std::vector<FaultRule> rules);
  void Clear();
  std::vector<FaultRule> Rules();

 private:
  std::mutex mu_;
  std::mt19937_64 rng_;
  std::vector<FaultRule> rules_;
  std::atomic<bool> active_{false};
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_FAULTS_FAULT_RULES_H_
