// Test helper (included by *_test.cc only): an HttpTransport that records every request and
// answers from a queue of scripted responses or transport errors. Not thread-safe.
#ifndef KINESISCTL_AWS_TESTING_FAKE_TRANSPORT_H_
#define KINESISCTL_AWS_TESTING_FAKE_TRANSPORT_H_

#include <deque>
#include <string>
#include <vector>

#include "kinesisctl/clock.h"
#include "signing/http_transport.h"

namespace kinesisctl::aws::testing {

class FakeTransport final : public HttpTransport {
 public:
  struct Shared {
    std::vector<HttpRequest> requests;
    std::vector<Duration> timeouts;
    std::deque<StatusOr<HttpResponse>> answers;
    // When set and no answer is scripted, behaves as an endpoint that accepts and never answers:
    // the clock advances by the whole timeout and the error says so.
    FakeClock* hang_clock = nullptr;
  };
  explicit FakeTransport(Shared* shared) : shared_(shared) {}
  StatusOr<HttpResponse> Send(const HttpRequest& request, Duration timeout) override {
    shared_->requests.push_back(request);
    shared_->timeouts.push_back(timeout);
    if (shared_->answers.empty() && shared_->hang_clock != nullptr) {
      shared_->hang_clock->Advance(timeout);
      const size_t path = request.url.find('/', request.url.find("://") + 3);
      return Status(codes::kTransport, "no answer from " + request.url.substr(0, path) +
                                           " within " + std::to_string(timeout.count()) + " ms");
    }
    if (shared_->answers.empty()) return Status(codes::kTransport, "no scripted answer");
    auto answer = shared_->answers.front();
    shared_->answers.pop_front();
    return answer;
  }

 private:
  Shared* shared_;
};

inline HttpResponse JsonAnswer(int status, std::string body, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
  return r;
}

inline HttpResponse AwsError(const std::string& code, const std::string& message,
                             int status = 400) {
  return JsonAnswer(status, R"({"__type":")" + code + R"(","message":")" + message + R"("})",
                    {{"x-amzn-RequestId", "req-1"}});
}

}  // namespace kinesisctl::aws::testing

#endif  // KINESISCTL_AWS_TESTING_FAKE_TRANSPORT_H_
