#include "functions/results.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kinesisctl::admin {
namespace {

TEST(GuardAnswersTest, PassesResultsThrough) {
  EXPECT_EQ(GuardAnswers("tail", [] { return OkResult(3); }), OkResult(3));
}

TEST(GuardAnswersTest, AnAnswerOfAnotherShapeIsAnInvalidResponseError) {
  const Result r = GuardAnswers("ListStreamConsumers", [] {
    const nlohmann::ordered_json answer = {{"Consumers", nullptr}};
    return OkResult(answer.value("Consumers", nlohmann::ordered_json::array()).at(0));
  });
  ASSERT_TRUE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["error"]["Code"], "InvalidResponse");
  EXPECT_NE(r["error"]["Message"].get<std::string>().find("ListStreamConsumers"),
            std::string::npos);
}

}  // namespace
}  // namespace kinesisctl::admin
