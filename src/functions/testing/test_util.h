// Test fixture for the boto_kinesis functions: installs a FakeJsonRpc as the client of every
// connection and a FakeClock as clock and sleeper (tests never sleep), and builds canned Kinesis
// responses. Test use only; the fixture is not thread-safe, but its connections may be used from
// several threads (they take turns at the fake).
#ifndef KINESISCTL_FUNCTIONS_TESTING_TEST_UTIL_H_
#define KINESISCTL_FUNCTIONS_TESTING_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "functions/context.h"
#include "kinesis/testing/fake_json_rpc.h"

namespace kinesisctl::admin {

using kinesis::FakeJsonRpc;
using kinesis::Json;

// Forwards every call to a shared FakeJsonRpc, so all connections of a test share one script;
// with `mu`, one call at a time (connections used from several threads, as put_records' lanes
// do, take turns).
class ForwardingRpc : public aws::JsonRpc {
 public:
  explicit ForwardingRpc(FakeJsonRpc& target, std::mutex* mu = nullptr)
      : target_(target), mu_(mu) {}
  StatusOr<Json> Call(std::string_view operation, const Json& request,
                      const aws::CallOptions& options) override {
    if (mu_ == nullptr) return target_.Call(operation, request, options);
    std::lock_guard<std::mutex> lock(*mu_);
    return target_.Call(operation, request, options);
  }

 private:
  FakeJsonRpc& target_;
  std::mutex* mu_;
};

class AdminTest : public ::testing::Test {
 protected:
  AdminTest()
      : random_({0.5}),
        scope_(
            [this](const ConnectionParams&, Clock&, Sleeper&,
                   Random&) -> StatusOr<std::unique_ptr<aws::JsonRpc>> {
              ++connections_created_;
              return std::unique_ptr<aws::JsonRpc>(
                  std::make_unique<ForwardingRpc>(fake_, &fake_mu_));
            },
            clock_, clock_, random_) {}

  // The fake behind every connection.
  FakeJsonRpc& fake() { return fake_; }

 public:
  static Json Summary(const std::string& name, const std::string& status) {
    return {{"StreamDescriptionSummary",
             {{"StreamName", name},
              {"StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/" + name},
              {"StreamStatus", status},
              {"RetentionPeriodHours", 24},
              {"StreamCreationTimestamp", 1700000000},
              {"EnhancedMonitoring", {{{"ShardLevelMetrics", Json::array()}}}},
              {"EncryptionType", "NONE"},
              {"OpenShardCount", 1}}}};
  }

  static Json Shard(const std::string& id, const std::string& start, const std::string& end,
                    bool closed = false) {
    Json range = {{"StartingSequenceNumber", "1"}};
    if (closed) range["EndingSequenceNumber"] = "2";
    return {{"ShardId", id},
            {"HashKeyRange", {{"StartingHashKey", start}, {"EndingHashKey", end}}},
            {"SequenceNumberRange", range}};
  }

 protected:
  FakeClock clock_;
  SequenceRandom random_;
  FakeJsonRpc fake_;
  std::mutex fake_mu_;
  int connections_created_ = 0;
  ScopedTestContext scope_;
};

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_TESTING_TEST_UTIL_H_
