// FakeJsonRpc: a scripted aws::JsonRpc for unit tests of the layers above the AWS layer. It
// records every call (operation, request, options) and answers from a per-operation queue of
// canned responses or errors; an operation with an empty queue answers with its handler, if one
// is set, else an internal error. Header-only, test use only; not thread-safe.
#ifndef KINESISCTL_KINESIS_TESTING_FAKE_JSON_RPC_H_
#define KINESISCTL_KINESIS_TESTING_FAKE_JSON_RPC_H_

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kinesis/json_rpc.h"

namespace kinesisctl::kinesis {

class FakeJsonRpc : public aws::JsonRpc {
 public:
  using Json = nlohmann::ordered_json;
  using Handler = std::function<StatusOr<Json>(const Json& request)>;

  struct Recorded {
    std::string operation;
    Json request;
    aws::CallOptions options;
  };

  StatusOr<Json> Call(std::string_view operation, const Json& request,
                      const aws::CallOptions& options) override {
    calls_.push_back({std::string(operation), request, options});
    if (options.attempts_made != nullptr) {
      const auto a = attempts_.find(std::string(operation));
      *options.attempts_made = a == attempts_.end() ? 1 : a->second;
    }
    auto& queue = queued_[std::string(operation)];
    if (!queue.empty()) {
      StatusOr<Json> next = queue.front();
      queue.pop_front();
      return next;
    }
    auto h = handlers_.find(std::string(operation));
    if (h != handlers_.end()) return h->second(request);
    return Status("InternalError", "FakeJsonRpc: no answer for " + std::string(operation));
  }

  void Push(const std::string& operation, StatusOr<Json> answer) {
    queued_[operation].push_back(std::move(answer));
  }
  void SetHandler(const std::string& operation, Handler handler) {
    handlers_[operation] = std::move(handler);
  }

  // The attempt count reported for `operation` (1 by default), as if the RPC layer had retried.
  void SetAttempts(const std::string& operation, int attempts) { attempts_[operation] = attempts; }

  const std::vector<Recorded>& calls() const { return calls_; }
  std::vector<std::string> operations() const {
    std::vector<std::string> out;
    for (const auto& c : calls_) out.push_back(c.operation);
    return out;
  }

 private:
  std::map<std::string, std::deque<StatusOr<Json>>> queued_;
  std::map<std::string, Handler> handlers_;
  std::map<std::string, int> attempts_;
  std::vector<Recorded> calls_;
};

}  // namespace kinesisctl::kinesis

#endif  // KINESISCTL_KINESIS_TESTING_FAKE_JSON_RPC_H_
