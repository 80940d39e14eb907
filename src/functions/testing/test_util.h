// Test fixture for the boto_kinesis functions: installs a FakeJsonRpc as the client of every
// connection and a FakeClock as clock and sleeper (tests never sleep), and builds canned Kinesis
// responses. Test use only; not thread-safe.
#ifndef KINESISCTL_FUNCTIONS_TESTING_TEST_UTIL_H_
#define KINESISCTL_FUNCTIONS_TESTING_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "functions/context.h"
#include "kinesis/testing/fake_json_rpc.h"

namespace kinesisctl::admin {

using kinesis::FakeJsonRpc;
using kinesis::Json;

// Forwards every call to a shared FakeJsonRpc, so all connections of a test share one script.
class ForwardingRpc : public aws::JsonRpc {
 public:
  explicit ForwardingRpc(FakeJsonRpc& target) : target_(target) {}
  StatusOr<Json> Call(std::string_view operation, const Json& request,
                      const aws::CallOptions& options) override {
    return target_.Call(operation, request, options);
  }

 private:
  FakeJsonRpc& target_;
};

class AdminTest : public ::testing::Test {
 protected:
  AdminTest()
      : random_({0.5}),
        scope_(
            [this](const ConnectionParams&, Clock&, Sleeper&,
                   Random&) -> StatusOr<std::unique_ptr<aws::JsonRpc>> {
              ++connections_created_;
              return std::unique_ptr<aws::JsonRpc>(std::make_unique<ForwardingRpc>(fake_));
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
  int connections_created_ = 0;
  ScopedTestContext scope_;
};

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_TESTING_TEST_UTIL_H_
